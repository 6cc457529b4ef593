"""A community group registers itself: the form, check answers, confirmation, and what it protects against."""
from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from grassroots.accounts.models import Membership, Organisation, OrganisationStatusChange, User
from grassroots.accounts.views_registration import REGISTRATIONS_PER_HOUR
from tests.factories import PASSWORD

FORM = {"name": "Stockwell Sewing Circle", "communities_served": "Portuguese-speaking older women",
        "postcode": " sw9  9aa ", "charity_number": "", "company_number": "", "full_name": "Rosa Pereira",
        "email": "Rosa@Stockwell-Sewing.example.org", "password1": PASSWORD, "password2": PASSWORD}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the limit counts per address in the shared cache; each test starts with none used
    yield
    cache.clear()


def _register(client: Client, world, capture, **changes) -> tuple:
    data = {**FORM, "area": world.area.pk, **changes}
    first = client.post(reverse("accounts:group_register"), data)
    with capture(execute=True):
        second = client.post(reverse("accounts:group_register_check"))
    return first, second


def test_a_newcomer_registers_a_group_that_waits_for_its_host(client, world, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    first, second = _register(client, world, django_capture_on_commit_callbacks)
    assert first.url == reverse("accounts:group_register_check")
    assert second.url == reverse("accounts:group_register_done")

    group = Organisation.objects.get(name="Stockwell Sewing Circle")
    assert group.kind == Organisation.Kind.COMMUNITY_GROUP
    assert group.status == Organisation.Status.PENDING
    assert group.postcode == "SW9 9AA"  # spacing and case normalised
    assert list(group.areas.all()) == [world.area]
    user = User.objects.get(email="rosa@stockwell-sewing.example.org")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(organisation=group, user=user).role == Membership.Role.ADMIN
    change = OrganisationStatusChange.objects.get(organisation=group)
    assert (change.actor, change.to_status) == (user, Organisation.Status.PENDING)
    # E-mail both ways: the registrant hears it arrived, the area's host staff hear there is a group to check.
    to = {tuple(m.to): m.subject for m in mailoutbox}
    assert "Stockwell Sewing Circle" in to[("rosa@stockwell-sewing.example.org",)]
    assert "new community group" in to[(world.host_staff.email,)]
    page = client.get(second.url).content.decode()
    assert "Registration received" in page and "Healthwatch Lambeth" in page


def test_the_check_answers_page_shows_what_was_typed_before_anything_is_made(client, world):
    client.post(reverse("accounts:group_register"), {**FORM, "area": world.area.pk})
    page = client.get(reverse("accounts:group_register_check")).content.decode()
    assert "Check your answers" in page
    assert "Stockwell Sewing Circle" in page and "SW9 9AA" in page and "Healthwatch Lambeth" in page
    assert PASSWORD not in page
    assert not Organisation.objects.filter(name="Stockwell Sewing Circle").exists()


def test_changing_an_answer_keeps_the_rest_and_the_chosen_password(client, world,
                                                                  django_capture_on_commit_callbacks):
    client.post(reverse("accounts:group_register"), {**FORM, "area": world.area.pk})
    form = client.get(reverse("accounts:group_register")).content.decode()
    assert 'value="Stockwell Sewing Circle"' in form
    assert "Leave both blank to keep the password you chose" in form
    changed = {**FORM, "area": world.area.pk, "name": "Stockwell Sewing and Chat", "password1": "", "password2": ""}
    assert client.post(reverse("accounts:group_register"), changed).url == reverse("accounts:group_register_check")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:group_register_check"))
    assert User.objects.get(email="rosa@stockwell-sewing.example.org").check_password(PASSWORD)
    assert Organisation.objects.filter(name="Stockwell Sewing and Chat").exists()


def test_bad_answers_get_an_error_summary_and_keep_what_was_typed(client, world):
    response = client.post(reverse("accounts:group_register"),
                           {**FORM, "area": world.area.pk, "postcode": "ABC 123", "password2": "other"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "Enter a real UK postcode" in page
    assert "The two passwords do not match" in page
    assert 'value="Stockwell Sewing Circle"' in page
    assert 'href="#id_postcode"' in page


def test_a_name_already_registered_is_refused_on_the_form(client, world):
    response = client.post(reverse("accounts:group_register"),
                           {**FORM, "area": world.area.pk, "name": "brixton elders lunch club"})
    assert "already registered" in response.content.decode()
    assert "accounts:group_register_check" not in str(getattr(response, "url", ""))


def test_an_address_that_already_has_an_account_gets_the_same_page_and_an_email_instead(
        client, world, mailoutbox, django_capture_on_commit_callbacks):
    """No enumeration: the visitor sees exactly what a newcomer sees; only the mailbox owner learns more."""
    _, known = _register(client, world, django_capture_on_commit_callbacks, email=world.group_member.email,
                         name="Somebody Else's Group")
    other = Client()
    _, fresh = _register(other, world, django_capture_on_commit_callbacks, email="brand.new@example.org",
                         name="A Genuinely New Group")
    assert known.status_code == fresh.status_code == 302
    assert known.url == fresh.url
    page_known = client.get(known.url).content.decode()
    page_fresh = other.get(fresh.url).content.decode()
    normalise = lambda page, email, name: page.replace(email, "E").replace(name, "N")  # noqa: E731
    assert normalise(page_known, world.group_member.email, "Somebody Else&#x27;s Group") == \
        normalise(page_fresh, "brand.new@example.org", "A Genuinely New Group")
    # Nothing was attached to the existing account; its owner is told instead.
    assert not Organisation.objects.filter(name="Somebody Else's Group").exists()
    assert not world.group_member.memberships.exclude(organisation=world.group).exists()
    warning = next(m for m in mailoutbox if m.to == [world.group_member.email])
    assert "already has an account" in warning.body


def test_a_signed_in_person_registers_a_group_without_making_an_account(as_outsider, outsider, world,
                                                                        django_capture_on_commit_callbacks):
    form = as_outsider.get(reverse("accounts:group_register")).content.decode()
    assert "Choose a password" not in form
    data = {k: v for k, v in FORM.items() if k not in ("full_name", "email", "password1", "password2")}
    as_outsider.post(reverse("accounts:group_register"), {**data, "area": world.area.pk})
    with django_capture_on_commit_callbacks(execute=True):
        as_outsider.post(reverse("accounts:group_register_check"))
    group = Organisation.objects.get(name="Stockwell Sewing Circle")
    assert group.memberships.get().user == outsider
    assert User.objects.count() == 6  # the standing cast, nobody new


def test_registration_is_limited_per_address(world, django_capture_on_commit_callbacks):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(REGISTRATIONS_PER_HOUR):
        _, done = _register(client, world, django_capture_on_commit_callbacks, name=f"Group {n}",
                            email=f"person{n}@example.org")
        assert done.status_code == 302
    _, refused = _register(client, world, django_capture_on_commit_callbacks, name="One Too Many",
                           email="late@example.org")
    assert refused.status_code == 429
    assert "Too many registrations" in refused.content.decode()
    assert not Organisation.objects.filter(name="One Too Many").exists()
    # Another address is not affected.
    _, other = _register(Client(REMOTE_ADDR="203.0.113.10"), world, django_capture_on_commit_callbacks,
                         name="One Too Many", email="late@example.org")
    assert other.status_code == 302


def test_registering_needs_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:group_register"), {**FORM, "area": world.area.pk})
    assert response.status_code == 403


def test_the_check_and_done_pages_send_you_to_the_start_without_answers(client, db):
    assert client.get(reverse("accounts:group_register_check")).url == reverse("accounts:group_register")
    assert client.get(reverse("accounts:group_register_done")).url == reverse("accounts:group_register")


def test_behind_the_proxy_the_limit_counts_the_visitor_not_the_proxy(world, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for n in range(REGISTRATIONS_PER_HOUR + 1):
        visitor = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.7, 203.0.113.{n}")
        _, done = _register(visitor, world, django_capture_on_commit_callbacks, name=f"Group {n}",
                            email=f"person{n}@example.org")
        assert done.status_code == 302  # six visitors through one proxy: none is refused


def test_pressing_register_twice_registers_once_and_shows_the_confirmation(client, world,
                                                                          django_capture_on_commit_callbacks):
    _register(client, world, django_capture_on_commit_callbacks)
    again = client.post(reverse("accounts:group_register_check"))
    assert again.url == reverse("accounts:group_register_done")
    assert Organisation.objects.filter(name="Stockwell Sewing Circle").count() == 1
