"""What a group sees when it pastes far more text than an answer can hold."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.grants.factories import make_draft, section_url


def test_a_pasted_summary_that_is_too_long_is_named_in_plain_words(world, as_group):
    """Before the fix the page said Django's "Ensure this value has at most 500 characters (it has 5000)." which
    names no answer; the message now comes from GDSFormMixin (checked by removing name_length_errors)."""
    application = make_draft(world, complete=False)
    response = as_group.post(section_url(application, "activity"), {"summary": "y" * 5000, "draft": "1"})
    page = response.content.decode()
    assert "Summary must be 500 characters or fewer" in page
    assert "Ensure this value" not in page
    assert "y" * 5000 in page  # nothing typed is lost


def test_an_over_long_invitation_address_is_named_in_plain_words(world, as_group):
    response = as_group.post(reverse("accounts:invitation_create", args=[world.group.pk]),
                             {"email": "a" * 250 + "@example.org", "role": "member"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "must be 254 characters or fewer" in page and "Ensure this value" not in page


def test_a_wrong_budget_line_cost_says_which_line_it_is(world, as_group):
    """The summary used to say "Cost in pounds (£) must be more than £0" for every line, so with eight lines
    nobody could tell which; the messages were worded before the label was changed to name the line."""
    application = make_draft(world, complete=False)
    data = {"lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "0", "amount_requested": "500", "continue": "1",
            "lines-0-description": "Hall", "lines-0-amount": "200", "lines-1-description": "Food",
            "lines-1-amount": "ten pounds", "lines-2-description": "Bus", "lines-2-amount": "-5"}
    page = as_group.post(reverse("grants:application_budget", args=[application.pk]), data).content.decode()
    assert "Cost of line 2 must be an amount of money" in page
    assert "Cost of line 3 must be more than £0" in page
    assert "Cost in pounds" not in page


def test_an_email_address_in_the_wrong_format_gets_the_design_system_wording(world, as_group):
    """Django's "Enter a valid email address." was on the invitation and group details forms."""
    response = as_group.post(reverse("accounts:invitation_create", args=[world.group.pk]),
                             {"email": "not an address", "role": "member"})
    page = response.content.decode()
    assert "Enter an email address in the right format, like name@example.org" in page
    assert "Enter a valid email address." not in page


def test_a_date_typed_into_the_phone_number_is_refused_and_kept(world, as_group):
    """"31/02/2026" was saved as the contact phone number and shown on the check answers page."""
    application = make_draft(world, complete=False)
    response = as_group.post(section_url(application, "group"), {"contact_phone": "31/02/2026", "draft": "1"})
    page = response.content.decode()
    assert "Enter a telephone number, like 01632 960 001" in page and "31/02/2026" in page
    application.refresh_from_db()
    assert application.contact_phone != "31/02/2026"


def test_phone_numbers_as_people_write_them_are_accepted(world, as_group):
    application = make_draft(world, complete=False)
    for number in ("020 7946 0001", "+44 (0)20 7946-0001", "07700900123"):
        as_group.post(section_url(application, "group"), {"contact_phone": number, "draft": "1"})
        application.refresh_from_db()
        assert application.contact_phone == number


def test_a_money_error_names_the_amount_without_the_labels_unit():
    from grassroots.forms import MoneyField

    field = MoneyField(label="Amount to award, in pounds (£)")
    with pytest.raises(ValidationError) as caught:
        field.clean("12.345")
    assert caught.value.messages == ["Amount to award must not have more than 2 decimal places"]
