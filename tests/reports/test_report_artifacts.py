"""Each kind of report drawn to PNG pages for a person to look at (issue #10, "Done means"). Skipped unless
REPORT_ARTIFACTS=1: run it through scripts/report_artifacts, which also needs pdftoppm (poppler-utils).

Every page goes to tests/_artifacts/reports/ (not kept in git); the page holding the themes of each kind is copied
to tests/_artifacts/report-<kind>-p<N>.png, which is kept so a reviewer can see them without building anything."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from engagement.choices import Sentiment, Service
from engagement.models import Action, Session
from engagement.services.actions import ActionDetails, action_create, action_move
from grants.services.grants import monitoring_report_accept
from reports.models import Report, theme_topic
from reports.services import report_request
from tests.engagement.factories import make_item
from tests.engagement.theme_factories import make_theme
from tests.grants.factories import make_report_submitted
from tests.reports.helpers import ARTIFACTS, pdf_of
from tests.reports.theme_helpers import APPROVED, Themed, tag, themed_world

pytestmark = [
    pytest.mark.skipif(os.environ.get("REPORT_ARTIFACTS") != "1", reason="set REPORT_ARTIFACTS=1 to draw reports"),
    pytest.mark.celery_worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live_worker")]
KEPT = ARTIFACTS.parent
YEAR = (dt.date(2026, 4, 1), dt.date(2026, 11, 20))
# More themes than a chart draws, as a host's real taxonomy has (the seeds have 13), with believable counts.
MORE = (("Cost of living & health", ("Travel to appointments", "Prescription costs"), 7),
        ("Communication & information", ("Letters and leaflets", "Interpreters"), 6),
        ("Discrimination & respect", ("Being listened to", "Racism"), 5),
        ("Maternity care", ("Antenatal appointments",), 4),
        ("Digital access", ("NHS App", "Online forms"), 3),
        ("Pharmacy & medicines", ("Repeat prescriptions",), 2),
        ("Dental care", ("Finding an NHS dentist",), 1))
SAID = ("I had to take two buses and it cost me a day's food money", "The letter was in English only",
        "They talked over me as if I was not there", "The midwife changed every visit",
        "My dad cannot use the app and the phone line is always busy", "The pharmacy ran out again",
        "No dentist in the borough is taking NHS patients")


def _richer(world) -> Themed:
    t = themed_world(world)
    r = t.routed
    Session.objects.filter(pk=r.session.pk).update(attendance=46, conversations=18, title="Coffee morning at St Mark's")
    feelings = (Sentiment.NEGATIVE, Sentiment.NEGATIVE, Sentiment.MIXED, Sentiment.POSITIVE)
    services = (Service.GP, Service.HOSPITAL, Service.PHARMACY, Service.MATERNITY, Service.DENTAL)
    for n, (name, subs, count) in enumerate(MORE):
        theme = make_theme(world.host, name, subs=subs)
        first = theme.sub_themes.order_by("pk")
        for i in range(count):
            item = make_item(r.session, text=f"{SAID[n]}." if i == 0 else f"{SAID[n]} ({i}).", moderation=APPROVED,
                             sentiment=feelings[(n + i) % 4], service=services[(n + i) % 5])
            tag(item, first[i % len(first)], by=world.host_staff)
    for title, words, status, items in (
            ("Phone lines open at 8am", "Calls are answered within two minutes at the three busiest surgeries.",
             Action.Status.DONE, [r.quoted.pk]),
            ("Letters in the five most spoken languages", "The trust is translating its appointment letters.",
             Action.Status.IN_PROGRESS, [r.redacted.pk]),
            ("A counsellor at the surgery", "", Action.Status.PLANNED, [t.waiting.items.order_by("pk").first().pk])):
        action = action_create(actor=world.host_staff, host=world.host, details=ActionDetails(
            owner=r.provider, title=title, description="plan", published=True, what_changed=words, item_ids=items,
            programme=world.programme))
        if status != Action.Status.PLANNED:
            action_move(actor=world.host_staff, action=action, to=status)
    grant = make_report_submitted(world, title="Elders' hearing clinic")
    monitoring_report_accept(actor=world.host_staff, report=grant.report)
    return t


def _pages(report: Report, name: str, find: str) -> None:
    """Every page of ``report`` as PNG, and the page holding ``find`` kept as report-<name>-p<N>.png."""
    reader = pdf_of(report)
    pdf = ARTIFACTS / f"{name}.pdf"
    shutil.copyfile(ARTIFACTS / f"{report.kind}-{report.scope_type}.pdf", pdf)
    for old in ARTIFACTS.glob(f"{name}-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / f"{name}-page")], check=True,
                   timeout=120)
    page = next(n for n, p in enumerate(reader.pages, start=1) if find in (p.extract_text() or ""))
    for old in KEPT.glob(f"report-{name}-p*.png"):
        old.unlink()
    drawn = sorted(ARTIFACTS.glob(f"{name}-page-*.png"))[page - 1]
    shutil.copyfile(drawn, KEPT / f"report-{name}-p{page}.png")


def test_draw_every_kind(world):
    assert shutil.which("pdftoppm"), "pdftoppm is missing: scripts/setup installs poppler-utils"
    t = _richer(world)

    def ask(kind: str, scope: tuple[str, int], period=YEAR, topic: str = "") -> Report:
        return report_request(actor=world.host_staff, kind=kind, scope_type=scope[0], scope_id=scope[1],
                              starts_on=period[0], ends_on=period[1], topic=topic).report

    _pages(ask("yswd", ("area", world.area.pk)), "yswd", "Heard most about")
    _pages(ask("quarterly", ("host", world.host.pk), (dt.date(2026, 10, 1),) * 2), "quarterly",
           "Themes: Q")
    _pages(ask("funder", ("programme", world.programme.pk)), "funder", "Heard most about")
    _pages(ask("spotlight", ("host", world.host.pk), topic=theme_topic(t.access.pk)), "spotlight",
           "Within the theme")
    _pages(ask("community", ("group", world.group.pk)), "community", "Heard most about")
    assert len(list(KEPT.glob("report-*-p*.png"))) == 5
