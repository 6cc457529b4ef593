"""One spelling of an e-mail address everywhere: sign-in lockout, invitations, password reset, new users.

Checked by reverting: without AXES_USERNAME_CALLABLE the lockout test signs in on the sixth try (each spelling had
its own five); without the form bounds the over-long tests crash or accept the value; without normalise_email in
user_create/UserManager a padded address is stored with its spaces.
"""
from __future__ import annotations

from django.urls import reverse

from grassroots.accounts import services
from grassroots.accounts.emails import normalise_email
from grassroots.accounts.models import Invitation, User
from tests.factories import PASSWORD

GRACE = "grace@brixton-elders.org.uk"
EMAIL_COLUMN = User._meta.get_field("email").max_length


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_normalising_strips_spaces_and_lower_cases():
    assert normalise_email("  Someone@Example.ORG \n") == "someone@example.org"
    assert normalise_email(None) == ""


def test_changing_the_case_of_the_address_gives_no_fresh_guesses(client, world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for spelling in ("Grace@Brixton-Elders.org.uk", "GRACE@BRIXTON-ELDERS.ORG.UK", "grace@Brixton-elders.org.uk",
                     "gRace@brixton-elders.org.uk", "GrAcE@brixton-elders.org.uk"):
        _sign_in(client, spelling, "wrong-guess")
    response = _sign_in(client, "gracE@brixton-elders.org.uk")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_in_another_case_clears_the_count_for_every_spelling(client, world):
    for _ in range(4):
        _sign_in(client, "GRACE@brixton-elders.org.uk", "wrong-guess")
    assert _sign_in(client, "Grace@Brixton-Elders.org.uk").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _sign_in(client, GRACE, "wrong-guess")
    assert _sign_in(client, GRACE).status_code == 302


def test_an_invitation_is_stored_under_the_normalised_address(world):
    invitation = services.invitation_create(actor=world.group_member, organisation=world.group,
                                            email="  New.Person@Example.ORG ", role="member")
    assert invitation.email == "new.person@example.org"


def test_a_second_invitation_in_another_case_replaces_the_first(world):
    services.invitation_create(actor=world.group_member, organisation=world.group, email="a.b@example.org",
                               role="member")
    services.invitation_create(actor=world.group_member, organisation=world.group, email="A.B@EXAMPLE.org",
                               role="member")
    assert Invitation.objects.filter(organisation=world.group, accepted_at__isnull=True,
                                     email="a.b@example.org").count() == 1


def test_a_password_reset_in_another_case_reaches_the_person(client, world, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves the outbox once the request commits
        response = client.post(reverse("accounts:password_reset"), {"email": "  GRACE@Brixton-Elders.org.uk "})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [GRACE]


def test_a_new_user_is_stored_under_the_normalised_address(db):
    user = services.user_create(email=" Mixed.Case@Example.ORG ", full_name="Mixed Case", password=PASSWORD)
    assert user.email == "mixed.case@example.org"
    assert User.objects.get_by_natural_key(" MIXED.case@example.org") == user


def test_an_over_long_address_to_invite_is_a_message_not_a_crash(as_group, world):
    email = "a" * 250 + "@example.org"
    response = as_group.post(reverse("accounts:invitation_create", args=[world.group.pk]),
                             {"email": email, "role": "member"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "must be 254 characters or fewer" in page
    assert not Invitation.objects.filter(organisation=world.group).exists()


def test_an_over_long_address_to_sign_in_or_reset_is_a_message_not_a_crash(client, db):
    email = "a" * 250 + "@example.org"
    for url, field in ((reverse("accounts:login"), "username"), (reverse("accounts:password_reset"), "email")):
        response = client.post(url, {field: email, "password": "x"})
        assert response.status_code == 200, url
        assert "must be 254 characters or fewer" in response.content.decode()


def test_an_over_long_name_when_joining_is_a_message_not_a_crash(client, world):
    invitation = Invitation.objects.create(organisation=world.group, email="n@example.org", invited_by=world.admin)
    response = client.post(reverse("accounts:invitation_accept", args=[invitation.token]),
                           {"full_name": "N" * 151, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert "must be 150 characters or fewer" in response.content.decode()
    assert not User.objects.filter(email="n@example.org").exists()


def test_every_typed_field_of_the_accounts_forms_has_a_length_limit():
    """Any CharField in grassroots.accounts.forms without max_length could overflow its column, and an EmailField's
    own default (320) is longer than the e-mail columns (254). Passwords are exempt: they are stored hashed."""
    import inspect

    from django import forms

    from grassroots.accounts import forms as account_forms

    unbounded = []
    for name, form_class in inspect.getmembers(account_forms, inspect.isclass):
        if not issubclass(form_class, forms.BaseForm) or form_class.__module__ != account_forms.__name__:
            continue
        for field_name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue
            limit = EMAIL_COLUMN if isinstance(field, forms.EmailField) else None
            if field.max_length is None or (limit is not None and field.max_length > limit):
                unbounded.append(f"{name}.{field_name}")
    assert unbounded == []
