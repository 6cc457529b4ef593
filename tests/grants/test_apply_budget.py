from decimal import Decimal

from django.urls import reverse

from tests.grants.factories import make_draft


def _post(rows, amount, button="continue"):
    data = {"lines-TOTAL_FORMS": str(len(rows)), "lines-INITIAL_FORMS": "0", "amount_requested": amount, button: "1"}
    for i, (d, a) in enumerate(rows):
        data[f"lines-{i}-description"] = d
        data[f"lines-{i}-amount"] = a
    return data


def test_it_offers_eight_rows(world, as_group):
    application = make_draft(world, complete=False)
    page = as_group.get(reverse("grants:application_budget", args=[application.pk])).content.decode()
    assert "Budget line 8" in page


def test_lines_and_amount_are_saved_and_money_may_be_typed_with_pounds_and_commas(world, as_group):
    application = make_draft(world, complete=False)
    response = as_group.post(reverse("grants:application_budget", args=[application.pk]),
                             _post([("Food", "£1,000"), ("Hall", "500"), ("", "")], "£1,500"))
    assert response["Location"] == reverse("grants:application_documents", args=[application.pk])
    application.refresh_from_db()
    assert application.amount_requested == Decimal("1500")
    assert [b.description for b in application.budget_lines.all()] == ["Food", "Hall"]


def test_lines_that_do_not_add_up_are_saved_with_a_clear_warning(world, as_group):
    application = make_draft(world, complete=False)
    url = reverse("grants:application_budget", args=[application.pk])
    response = as_group.post(url, _post([("Food", "1000")], "1500"), follow=True)
    page = response.content.decode()
    assert "Your budget lines add up to £1,000.00 but you are asking for £1,500.00" in page
    application.refresh_from_db()
    assert application.amount_requested == Decimal("1500")


def test_an_amount_outside_the_rounds_limits_is_warned_about(world, as_group):
    application = make_draft(world, complete=False)
    url = reverse("grants:application_budget", args=[application.pk])
    page = as_group.post(url, _post([("Minibus", "9000")], "9000"), follow=True).content.decode()
    assert "This round gives between £250 and £5,000" in page


def test_a_line_without_a_cost_is_an_error_and_keeps_the_text(world, as_group):
    application = make_draft(world, complete=False)
    url = reverse("grants:application_budget", args=[application.pk])
    response = as_group.post(url, _post([("Interpreters", "")], "300"))
    page = response.content.decode()
    assert "Enter the cost of line 1" in page and "Interpreters" in page
    assert not application.budget_lines.exists()
