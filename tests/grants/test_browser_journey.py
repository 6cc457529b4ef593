"""The whole grant journey in a real browser: a group applies, host staff assign a reviewer, a commissioner
scores and awards, and the group accepts the grant and sends its end-of-grant report.

Every key page is screenshotted (tests/_artifacts/screenshots/journey-*.png) and checked with axe.
"""
from __future__ import annotations

import re

import pytest

from grants.models import Application, Grant, MonitoringReport
from tests.browser import SCREENSHOTS, _serious, _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 10_000


class Journey:
    """Opens one browser context per person and records each checked page's serious axe violations."""

    def __init__(self, browser, live_server):
        from axe_playwright_python.sync_playwright import Axe

        self.browser, self.live_server, self.axe = browser, live_server, Axe()
        self.contexts: list = []
        self.violations: dict[str, list[str]] = {}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def sign_in(self, user):
        context = self.browser.new_context(viewport={"width": 1024, "height": 800})
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        _sign_in(page, self.live_server, user.email)
        return page

    def check(self, page, name: str) -> None:
        """Screenshot the page and note any serious or critical accessibility failure on it."""
        page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)
        serious = _serious(self.axe.run(page))
        if serious:
            self.violations[name] = [f"{v['id']} ({v['impact']}): {v['help']} {[n['html'] for n in v['nodes']]}"
                                     for v in serious]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(browser, live_server):
    journey = Journey(browser, live_server)
    yield journey
    journey.close()


def _menu(page, label: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=label, exact=True).click()


def _answer_radios(page, legend: str, choice: str) -> None:
    page.get_by_role("group", name=legend).get_by_label(choice, exact=True).check()


def _fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_a_group_applies_is_reviewed_awarded_accepts_and_reports(journey, world, tmp_path):
    from playwright.sync_api import expect

    heading = "h1"

    # 1. The group member applies to the open round.
    group = journey.sign_in(world.group_member)
    _menu(group, "Funding")
    expect(group.locator(heading)).to_have_text("Funding for your group")
    group.get_by_role("link", name=f"Apply to {world.programme.name}: {world.round.name}").click()

    expect(group.locator(heading)).to_have_text("Can your group apply?")
    journey.check(group, "01-eligibility")
    _answer_radios(group, "Is your group based in or serving people in the programme's area?", "Yes")
    _answer_radios(group, "Is your group's yearly income more than £250,000?", "No")
    group.get_by_role("button", name="Check and continue").click()

    expect(group.get_by_text("You can apply. Your application reference is")).to_be_visible()
    expect(group.get_by_text(re.compile(r"You have completed \d of 6 sections"))).to_be_visible()
    group.get_by_role("link", name="Your group").click()

    expect(group.locator(heading)).to_have_text("Your group")
    group.get_by_label("Contact name").fill("Grace Member")
    group.get_by_label("Contact email address").fill(world.group_member.email)
    group.get_by_label("Contact phone number").fill("020 7946 0000")
    group.get_by_label("About your group").fill("A weekly lunch club for older Caribbean residents of Brixton.")
    group.get_by_role("button", name="Save and continue").click()

    expect(group.locator(heading)).to_have_text("The activity")
    group.get_by_label("Project title").fill("Lunch and listen")
    group.get_by_label("Summary").fill("Six lunches where elders talk about their GP and hospital care.")
    group.get_by_label("What you will do").fill(
        "We cook and eat together while a trained volunteer listens and writes down what people say.")
    _fill_date(group, "Start date", "1", "6", "2026")
    _fill_date(group, "End date", "30", "11", "2026")
    journey.check(group, "02-section-activity")
    group.get_by_role("button", name="Save and continue").click()

    expect(group.locator(heading)).to_have_text("Communities you reach")
    group.get_by_label("Communities the activity reaches").fill(
        "Older Caribbean residents of Brixton, many living alone, who rarely answer NHS surveys.")
    group.get_by_role("button", name="Save and continue").click()

    expect(group.locator(heading)).to_have_text("Sessions and reach")
    group.get_by_label("Number of sessions").fill("6")
    group.get_by_label("People you expect to reach").fill("120")
    group.get_by_label("In-depth conversations you expect").fill("60")
    group.get_by_role("button", name="Save and continue").click()

    expect(group.locator(heading)).to_have_text("Budget")
    group.get_by_label("What line 1 is for").fill("Food and venue hire")
    group.get_by_label("Cost of line 1 in pounds (£)").fill("1,600")
    group.get_by_label("What line 2 is for").fill("Volunteer travel")
    group.get_by_label("Cost of line 2 in pounds (£)").fill("400")
    group.get_by_label("Amount you are asking for, in pounds (£)").fill("£2,000")
    journey.check(group, "03-budget")
    group.get_by_role("button", name="Save and continue").click()

    expect(group.locator(heading)).to_have_text("Supporting documents")
    pdf = tmp_path / "safeguarding-policy.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    group.get_by_role("group", name="Which document is this?").get_by_label("Safeguarding policy").check()
    group.get_by_label("Upload a file").set_input_files(str(pdf))
    group.get_by_role("button", name="Upload file").click()
    expect(group.get_by_text("“safeguarding-policy.pdf” has been uploaded.")).to_be_visible()
    group.get_by_role("link", name="Continue").click()

    expect(group.locator(heading)).to_have_text("Check your answers before sending your application")
    expect(group.get_by_text("Food and venue hire: £1,600.00")).to_be_visible()
    expect(group.get_by_text("1 June 2026")).to_be_visible()
    journey.check(group, "04-check-answers")
    group.get_by_role("button", name="Accept and send").click()

    expect(group.locator(heading)).to_have_text("Application sent")
    application = Application.objects.get(organisation=world.group, round=world.round)
    assert application.status == Application.Status.SUBMITTED
    expect(group.locator(".govuk-panel__body")).to_contain_text(application.reference)
    journey.check(group, "05-confirmation")

    # 2. Host staff open the application and ask the commissioner to review it.
    host = journey.sign_in(world.host_staff)
    _menu(host, "Applications")
    expect(host.locator(heading)).to_have_text("Applications")
    journey.check(host, "06-staff-applications")
    host.get_by_role("link", name=application.reference).click()

    expect(host.locator(heading)).to_have_text("Lunch and listen")
    status = host.locator("main .govuk-tag").first
    expect(status).to_have_text("Submitted")
    host.get_by_label("Reviewer").select_option(
        label=f"{world.commissioner.full_name} ({world.commissioner.email})")
    host.get_by_role("button", name="Assign reviewer").click()
    expect(host.get_by_text(f"{world.commissioner.full_name} has been asked to review.")).to_be_visible()
    expect(status).to_have_text("Under review")
    journey.check(host, "07-staff-application")

    # 3. The commissioner declares no conflict, scores, and the panel awards £2,000.
    commissioner = journey.sign_in(world.commissioner)
    _menu(commissioner, "Reviews")
    expect(commissioner.locator(heading)).to_have_text("Your reviews")
    journey.check(commissioner, "08-review-queue")
    commissioner.get_by_role("link", name=application.reference).click()

    expect(commissioner.locator(heading)).to_have_text("Conflict of interest")
    _answer_radios(commissioner, "Do you have a conflict of interest with this group or application?", "No")
    commissioner.get_by_role("button", name="Continue").click()

    expect(commissioner.locator(heading)).to_have_text("Review: Lunch and listen")
    for criterion, score in zip(world.round.criteria.order_by("order"), ("5", "4", "4"), strict=True):
        _answer_radios(commissioner, f"Score for {criterion.name}", score)
    _answer_radios(commissioner, "Your recommendation", "Fund")
    commissioner.get_by_label("Overall comment").fill("A clear plan to reach people we rarely hear from.")
    expect(commissioner.get_by_text("3 of 3 criteria scored.")).to_be_visible()
    journey.check(commissioner, "09-scoring")
    commissioner.get_by_role("button", name="Submit review").click()

    expect(commissioner.locator(heading)).to_have_text("Panel scores: Lunch and listen")
    expect(commissioner.get_by_text(f"Your review of {application.reference} has been submitted.")).to_be_visible()
    scores = commissioner.get_by_role("table", name="Scores out of 5, by reviewer")
    expect(scores.get_by_role("columnheader", name=world.commissioner.full_name)).to_be_visible()
    expect(scores.get_by_role("row", name=re.compile(r"^Reach into seldom-heard communities"))).to_contain_text("5")
    expect(scores.get_by_role("row", name=re.compile(r"^Recommendation"))).to_contain_text("Fund")
    journey.check(commissioner, "10-panel")
    commissioner.get_by_role("link", name="Go to the round's decisions").click()

    expect(commissioner.locator(heading)).to_have_text(f"Decisions: {world.round.name}")
    journey.check(commissioner, "11-decisions")
    commissioner.get_by_role("link", name=application.reference).click()

    expect(commissioner.locator(heading)).to_have_text("Decide: Lunch and listen")
    commissioner.get_by_label("Amount to award, in pounds").fill("2000")
    commissioner.get_by_role("button", name="Award the grant").click()
    expect(commissioner.locator(heading)).to_have_text("Check the award before you make it")
    commissioner.get_by_role("button", name="Award £2,000.00").click()
    expect(commissioner.get_by_text(f"{application.reference} has been awarded. We have emailed the group."))\
        .to_be_visible()
    expect(commissioner.get_by_text("No applications in this round are under review.")).to_be_visible()

    # 4. The group sees the award, accepts the agreement, and the grant is active.
    _menu(group, "Funding")
    expect(group.get_by_role("row", name=re.compile(application.reference))).to_contain_text("Awarded")
    _menu(group, "Your grants")
    expect(group.locator(heading)).to_have_text("Your grants")
    group.get_by_role("link", name="Lunch and listen").click()

    expect(group.locator(heading)).to_have_text("Lunch and listen")
    expect(group.get_by_text("Agreement to accept")).to_be_visible()
    group.get_by_role("link", name="Read and accept the grant agreement").click()

    expect(group.locator(heading)).to_have_text("Grant agreement")
    expect(group.get_by_text("a grant of £2,000.00")).to_be_visible()
    group.get_by_label(f"I accept the grant agreement and its conditions on behalf of {world.group.name}").check()
    group.get_by_label("Your full name").fill("Grace Member")
    group.get_by_role("button", name="Accept the grant").click()

    expect(group.get_by_text("You have accepted the grant.")).to_be_visible()
    expect(group.locator(".govuk-summary-list").get_by_text("Active", exact=True)).to_be_visible()
    journey.check(group, "12-grant")

    # 5. The group writes and sends its end-of-grant report.
    group.get_by_role("link", name="Start your report").click()
    expect(group.locator(heading)).to_have_text("End-of-grant report")
    group.get_by_label("What happened").fill("We ran six lunches; people talked about GP appointments and hospital "
                                             "discharge.")
    group.get_by_label("Sessions held").fill("6")
    group.get_by_label("People reached").fill("132")
    group.get_by_label("In-depth conversations").fill("58")
    group.get_by_label("Amount spent (£)").fill("1980")
    group.get_by_label("How your spending compared with your budget").fill("Venue hire cost £20 less than planned.")
    group.get_by_label("A story from your project (optional)").fill(
        "One member booked a long-overdue eye test after hearing others talk about theirs.")
    journey.check(group, "13-report")
    group.get_by_role("button", name="Submit report").click()

    expect(group.get_by_text("Thank you: your end-of-grant report has been sent to")).to_be_visible()
    summary = group.locator(".govuk-summary-list").first
    expect(summary.get_by_text("Report submitted", exact=True)).to_be_visible()
    expect(summary.get_by_text("Submitted", exact=True)).to_be_visible()

    # What the journey left behind.
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED
    grant = Grant.objects.select_related("report").get(application=application)
    assert grant.amount == 2000
    assert grant.report.status == MonitoringReport.Status.SUBMITTED
    assert grant.report.people_reached == 132

    assert journey.violations == {}, "\n".join(f"{page}: {v}" for page, vs in journey.violations.items() for v in vs)
