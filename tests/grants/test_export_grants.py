"""Background exports of applications and grants, and the 360Giving Data Standard file."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from grants.exports import CSV_360_HEADER, org_identifier
from grants.models import Application, Grant, GrantEvent
from grassroots.accounts.models import Membership, Organisation
from grassroots.jobs.models import Job
from tests.factories import make_member, make_org
from tests.grants.factories import make_active, make_draft, make_grant

SCHEMA_DIR = Path("/work/shared/data/360giving")


def _validator() -> Draft202012Validator:
    """The package schema, with the grant schema it refers to served from the local copy (no network)."""
    package = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text())
    ref = package["properties"]["grants"]["items"]["$ref"]
    resource = Resource.from_contents(grant, default_specification=DRAFT202012)
    registry = Registry().with_resources([(ref, resource), (grant["$id"], resource)])
    return Draft202012Validator(package, registry=registry, format_checker=_formats())


def _formats() -> FormatChecker:
    """Assert "date-time" as 360Giving's tools do: its dates are "a date OR a date-time" (oneOf), which only
    works when a bare date fails the date-time format. jsonschema checks it only with an optional package."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if "T" not in value.upper():
            raise ValueError(f"{value} has no time")
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.tzinfo is not None

    return checker


def _run(client, url_name: str, **data) -> Job:
    response = client.post(reverse(f"grants:{url_name}"), data)
    assert response.status_code == 302
    assert response.url == reverse("jobs:list")
    return Job.objects.latest("pk")


def _text(job: Job) -> str:
    job.refresh_from_db()  # the task ran when the request's transaction committed
    assert job.status == Job.Status.DONE, job.message
    with job.result.open("rb") as f:
        return f.read().decode("utf-8-sig")


def _rows(job: Job) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(job))))


def _other_staff():
    return make_member(Organisation.objects.get(name="Healthwatch Southwark"), Membership.Role.STAFF)


PREFIX = "360G-healthwatchlambeth"
DATA_SOURCE = "https://healthwatchlambeth.example.org/open-data/grants.json"


@pytest.fixture(autouse=True)
def _publisher(settings):
    settings.GIVING360_PREFIX = PREFIX
    settings.GIVING360_DATA_SOURCE = DATA_SOURCE


@pytest.fixture
def grants(world):
    Organisation.objects.filter(pk=world.funder.pk).update(org_id="GB-GOR-PB9")  # as entered on its profile
    Organisation.objects.filter(pk=world.group.pk).update(postcode="SW2 1RW")
    active = make_active(world, title="Lunch and listen")
    offered = make_grant(world, title="Coffee and chat", amount="1000")
    return active, offered


def test_the_360giving_json_validates_against_the_standard(world, as_host, grants,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(as_host, "export_360giving", format="json")
    package = json.loads(_text(job))
    errors = sorted(_validator().iter_errors(package), key=str)
    assert not errors, [e.message for e in errors]
    assert len(package["grants"]) == 2
    record = next(g for g in package["grants"] if g["title"] == "Lunch and listen")
    active = grants[0]
    assert record["id"] == f"{PREFIX}-{active.reference}"
    assert record["amountAwarded"] == 2000.0
    assert record["currency"] == "GBP"
    assert record["recipientOrganization"][0] == {"id": "GB-CHC-1123456", "name": "Brixton Elders Lunch Club",
                                                  "charityNumber": "1123456", "postalCode": "SW2 1RW"}
    assert record["fundingOrganization"][0] == {"id": "GB-GOR-PB9", "name": "NHS England London"}
    assert record["dataSource"] == DATA_SOURCE
    assert record["grantProgramme"] == [{"code": f"{PREFIX}-programme-{world.programme.pk}",
                                         "title": "Seldom Heard Voices"}]
    assert record["beneficiaryLocation"][0]["name"] == "Lambeth"
    assert record["plannedDates"] == [{"startDate": "2026-06-01", "endDate": "2026-10-30"}]


def test_the_360giving_csv_has_the_standard_columns_and_matches_the_json(world, as_host, grants,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        json_job = _run(as_host, "export_360giving", format="json")
        csv_job = _run(as_host, "export_360giving", format="csv")
    package = json.loads(_text(json_job))
    rows = _rows(csv_job)
    assert set(CSV_360_HEADER) <= set(rows[0])
    for column in ("Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
                   "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Charity Number",
                   "Recipient Org:Company Number", "Recipient Org:Postal Code", "Funding Org:Identifier",
                   "Funding Org:Name", "Grant Programme:Title", "Beneficiary Location:Name",
                   "Planned Dates:Start Date", "Planned Dates:End Date"):
        assert column in rows[0]
    # Each row rebuilt as a 360Giving record validates too, and agrees with the JSON file.
    rebuilt = {"grants": []}
    for row in rows:
        record = {
            "id": row["Identifier"], "title": row["Title"], "description": row["Description"],
            "currency": row["Currency"], "amountAwarded": float(row["Amount Awarded"]), "awardDate": row["Award Date"],
            "recipientOrganization": [{"id": row["Recipient Org:Identifier"], "name": row["Recipient Org:Name"]}],
            "fundingOrganization": [{"id": row["Funding Org:Identifier"], "name": row["Funding Org:Name"]}],
            "grantProgramme": [{"code": row["Grant Programme:Code"], "title": row["Grant Programme:Title"]}],
            "plannedDates": [{"startDate": row["Planned Dates:Start Date"], "endDate": row["Planned Dates:End Date"]}],
        }
        rebuilt["grants"].append(record)
        original = next(g for g in package["grants"] if g["id"] == record["id"])
        for key in ("title", "description", "currency", "amountAwarded", "awardDate", "grantProgramme",
                    "plannedDates"):
            assert record[key] == original[key]
        assert record["recipientOrganization"][0]["id"] == original["recipientOrganization"][0]["id"]
        assert record["fundingOrganization"][0]["id"] == original["fundingOrganization"][0]["id"]
    assert not list(_validator().iter_errors(rebuilt))


@pytest.mark.parametrize(("fields", "expected"), [
    ({"charity_number": "1098765"}, "GB-CHC-1098765"),
    ({"charity_number": "SC012345"}, "GB-SC-SC012345"),
    ({"company_number": "1234567"}, "GB-COH-01234567"),
    ({"company_number": "SC123456"}, "GB-COH-SC123456"),
    ({"org_id": "GB-NIC-100123", "charity_number": "1098765"}, "GB-NIC-100123"),
])
def test_registered_organisations_get_their_register_org_id(db, fields, expected):
    assert org_identifier(make_org(**fields), PREFIX) == expected


def test_an_unregistered_group_gets_an_id_under_our_own_prefix(db):
    org = make_org("Peckham Walking Group")
    assert org_identifier(org, PREFIX) == f"{PREFIX}-org-{org.pk}"


def test_the_360giving_export_refuses_while_no_publisher_prefix_is_set(world, as_host, grants, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.GIVING360_PREFIX = ""
    with django_capture_on_commit_callbacks(execute=True):
        jobs = [_run(as_host, "export_360giving", format=fmt) for fmt in ("json", "csv")]
    for job in jobs:
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert "no 360Giving publisher prefix" in job.message and "GIVING360_PREFIX" in job.message


def test_the_export_names_the_funder_that_has_no_org_id_and_never_invents_one(world, as_host, grants,
                                                                              django_capture_on_commit_callbacks):
    Organisation.objects.filter(pk=world.funder.pk).update(org_id="")
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(as_host, "export_360giving", format="json")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "NHS England London has no org-id" in job.message
    assert "profile" in job.message


def test_a_funder_on_the_charity_register_needs_no_separate_org_id(world, as_host, grants,
                                                                   django_capture_on_commit_callbacks):
    Organisation.objects.filter(pk=world.funder.pk).update(org_id="", charity_number="1098765")
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(as_host, "export_360giving", format="json")
    funders = {g["fundingOrganization"][0]["id"] for g in json.loads(_text(job))["grants"]}
    assert funders == {"GB-CHC-1098765"}


def test_date_modified_is_when_the_grant_last_changed_not_the_export_time(world, as_host, grants,
                                                                          django_capture_on_commit_callbacks):
    active, offered = grants
    awarded = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    Grant.objects.filter(pk__in=[active.pk, offered.pk]).update(awarded_at=awarded)
    GrantEvent.objects.filter(grant=offered).update(at=awarded)
    GrantEvent.objects.filter(grant=active).update(at=awarded)
    GrantEvent.objects.filter(grant=active, kind="transition").update(at=datetime(2026, 3, 9, 15, 24, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(as_host, "export_360giving", format="json")
    modified = {g["id"]: datetime.fromisoformat(g["dateModified"]) for g in json.loads(_text(job))["grants"]}
    assert modified[f"{PREFIX}-{offered.reference}"] == awarded
    assert modified[f"{PREFIX}-{active.reference}"] == datetime(2026, 3, 9, 15, 24, tzinfo=UTC)


def test_the_csv_forms_carry_the_recipient_postcode_and_the_data_source(world, as_host, grants,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        giving = _run(as_host, "export_360giving", format="csv")
        plain = _run(as_host, "export_grants_csv")
    row = _rows(giving)[0]
    assert (row["Recipient Org:Postal Code"], row["Data Source"]) == ("SW2 1RW", DATA_SOURCE)
    assert {r["Postcode"] for r in _rows(plain)} == {"SW2 1RW"}


@pytest.mark.parametrize(("name", "bad"), [
    ("GIVING360_PREFIX", "grassroots"), ("GIVING360_PREFIX", "360G-"), ("GIVING360_PREFIX", "360G-has space"),
    ("GIVING360_PREFIX", "GB-CHC-123"), ("GIVING360_DATA_SOURCE", "ftp://example.org/grants.json"),
])
def test_a_bad_360giving_setting_stops_the_app_naming_the_setting(tmp_path, name, bad):
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
               DEV_SECRET_KEY_FILE=str(tmp_path / "dev-secret-key"), **{name: bad})  # not into the repository
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='grassroots.settings'; django.setup()"
    result = subprocess.run([sys.executable, "-c", setup], env=env, cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert name in result.stderr


def test_the_grants_csv_lists_the_requesting_staffs_grants_with_totals(world, as_host, grants,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(as_host, "export_grants_csv")
    rows = _rows(job)
    assert {r["Reference"] for r in rows} == {g.reference for g in grants}
    active = next(r for r in rows if r["Reference"] == grants[0].reference)
    assert (active["Amount awarded"], active["Paid"], active["Balance"], active["Conditions met"]) == (
        "2000.00", "0.00", "2000.00", "0 of 1")


def test_the_applications_csv_escapes_text_a_spreadsheet_would_run(world, as_host,
                                                                  django_capture_on_commit_callbacks):
    make_draft(world, title="=HYPERLINK(\"http://evil.example\")")
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(as_host, "export_applications_csv", round=world.round.pk)
    rows = _rows(job)
    assert rows[0]["Title"] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows[0]["Status"] == Application.Status.DRAFT.label


def test_another_hosts_staff_get_nothing_to_export(world, login_as, grants, django_capture_on_commit_callbacks):
    client = login_as(_other_staff())
    with django_capture_on_commit_callbacks(execute=True):
        jobs = [_run(client, name) for name in ("export_grants_csv", "export_applications_csv", "export_360giving")]
    for job in jobs:
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert "nothing to export" in job.message


def test_a_round_from_another_programme_is_refused(world, login_as, grants):
    client = login_as(_other_staff())
    response = client.post(reverse("grants:export_grants_csv"), {"round": world.round.pk})
    assert response.status_code == 400
    assert "That round could not be found" in response.text
    assert not Job.objects.exists()


def test_the_renderer_rechecks_access_even_if_the_job_names_another_hosts_round(world, grants):
    from grassroots.jobs.tasks import run_job

    job = Job.objects.create(kind="grants.grants_csv", label="x", params={"round": world.round.pk},
                             requested_by=_other_staff())
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "could not be found" in job.message


def test_exports_are_post_only_and_for_host_staff(world, as_host, as_group):
    assert as_host.get(reverse("grants:export_grants_csv")).status_code == 405
    assert as_group.post(reverse("grants:export_grants_csv")).status_code == 403


def test_the_schema_check_really_checks_the_grant_records():
    bad = {"grants": [{"id": f"{PREFIX}-X", "title": "t", "description": "d", "currency": "GBP",
                       "amountAwarded": 10, "awardDate": "2026-13-01",
                       "recipientOrganization": [{"id": "GB-CHC-1", "name": "n"}]}]}
    messages = " ".join(e.message for e in _validator().iter_errors(bad))
    assert "fundingOrganization" in messages or "is not valid under any of the given schemas" in messages
