"""Host staff's applications list: filters, counts per status, pagination, and a fixed number of queries."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_round
from tests.grants.factories import bulk_applications, make_other_host

pytestmark = pytest.mark.django_db
URL = reverse("grants:staff_applications")


def _refs(response) -> set[str]:
    return {a.reference for a in response.context["page"].object_list}


def test_it_lists_applications_with_their_columns(as_host, world):
    bulk_applications(world, 2, amount="2400")
    response = as_host.get(URL)
    assert response.status_code == 200
    text = response.text
    assert "GR-B-00000" in text and "Lunch and listen 0" in text
    assert "Brixton Elders Lunch Club" in text and "2026 Spring round" in text
    assert "£2,400" in text and "Submitted" in text


def test_it_counts_applications_per_status_above_the_table(as_host, world):
    bulk_applications(world, 3, status="submitted", prefix="S")
    bulk_applications(world, 2, status="under_review", prefix="U")
    bulk_applications(world, 1, status="draft", prefix="D")
    response = as_host.get(URL)
    counts = response.context["counts"]
    assert (counts["all"], counts["submitted"], counts["under_review"], counts["draft"], counts["awarded"]) == \
        (6, 3, 2, 1, 0)
    assert "?status=under_review" in response.text


def test_the_status_filter_narrows_the_list_but_the_counts_stay_for_every_status(as_host, world):
    bulk_applications(world, 3, status="submitted", prefix="S")
    bulk_applications(world, 2, status="under_review", prefix="U")
    response = as_host.get(URL, {"status": "under_review"})
    assert _refs(response) == {"GR-U-00000", "GR-U-00001"}
    assert response.context["page"].paginator.count == 2
    assert response.context["counts"]["submitted"] == 3


def test_the_round_filter_narrows_the_list_and_the_counts(as_host, world):
    autumn = make_round(world.programme, name="Autumn round")
    bulk_applications(world, 2, prefix="S")
    bulk_applications(world, 1, rnd=autumn, prefix="A")
    response = as_host.get(URL, {"round": autumn.pk})
    assert _refs(response) == {"GR-A-00000"}
    assert response.context["counts"]["all"] == 1


def test_the_text_search_matches_reference_title_or_group_name(as_host, world):
    bulk_applications(world, 2, prefix="S", title="Coffee morning")
    bulk_applications(world, 1, prefix="P", organisation=world.other_group, title="Deaf social")
    assert _refs(as_host.get(URL, {"q": "gr-s-00001"})) == {"GR-S-00001"}
    assert _refs(as_host.get(URL, {"q": "coffee"})) == {"GR-S-00000", "GR-S-00001"}
    assert _refs(as_host.get(URL, {"q": "peckham"})) == {"GR-P-00000"}


def test_the_area_filter_matches_the_programmes_or_the_groups_area(as_host, world):
    bulk_applications(world, 2, prefix="S")
    bulk_applications(world, 1, prefix="P", organisation=world.other_group)
    # Southwark is not a programme area, but the Peckham group works there.
    assert _refs(as_host.get(URL, {"area": world.other_area.pk})) == {"GR-P-00000"}
    # Lambeth is the programme's area, so everything in it is listed (once each).
    response = as_host.get(URL, {"area": world.area.pk})
    assert _refs(response) == {"GR-S-00000", "GR-S-00001", "GR-P-00000"}
    assert response.context["counts"]["all"] == 3


def test_it_sorts_by_submitted_date_with_unsent_drafts_last(as_host, world):
    bulk_applications(world, 3, prefix="S")  # GR-S-00000 is the newest
    bulk_applications(world, 1, status="draft", prefix="D")
    newest = [a.reference for a in as_host.get(URL).context["page"].object_list]
    assert newest == ["GR-S-00000", "GR-S-00001", "GR-S-00002", "GR-D-00000"]
    oldest = [a.reference for a in as_host.get(URL, {"sort": "oldest"}).context["page"].object_list]
    assert oldest == ["GR-S-00002", "GR-S-00001", "GR-S-00000", "GR-D-00000"]


def test_it_pages_25_at_a_time_in_a_fixed_number_of_queries(as_host, world, django_assert_max_num_queries):
    bulk_applications(world, 32, prefix="S")
    bulk_applications(world, 3, prefix="P", organisation=world.other_group, status="under_review")
    with django_assert_max_num_queries(8):
        response = as_host.get(URL)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert 'class="govuk-pagination"' in response.text
    with django_assert_max_num_queries(9):  # a search counts its matches instead of reading the tally
        page_two = as_host.get(URL, {"page": 2, "q": "lunch", "area": world.area.pk})
    assert len(page_two.context["page"].object_list) == 10


def test_it_lists_only_the_staffs_own_programmes(as_host, world):
    _, _, _, other_round = make_other_host(world)
    bulk_applications(world, 1, prefix="S")
    bulk_applications(world, 1, prefix="E", rnd=other_round)
    response = as_host.get(URL)
    assert _refs(response) == {"GR-S-00000"}
    assert response.context["counts"]["all"] == 1
    # another host's round is not a choice, so filtering by it shows nothing of theirs
    response = as_host.get(URL, {"round": other_round.pk})
    assert "GR-E-00000" not in response.text


def test_group_members_and_commissioners_get_403(as_group, as_commissioner, world):
    assert as_group.get(URL).status_code == 403
    assert as_commissioner.get(URL).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, world):
    assert client.get(URL).status_code == 302


def test_the_list_offers_an_applications_export_that_arrives_in_your_downloads(world, as_host):
    from grassroots.jobs.models import Job
    from tests.grants.factories import make_submitted

    make_submitted(world)
    page = as_host.get("/grants/staff/applications/").content.decode()
    assert "Applications (CSV)" in page
    response = as_host.post("/grants/staff/exports/applications.csv", {"round": ""})
    assert response.status_code == 302
    job = Job.objects.get(requested_by=world.host_staff)
    assert job.kind == "grants.applications_csv"
