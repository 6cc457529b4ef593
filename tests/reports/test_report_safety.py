"""Reports fetch nothing named by user content: no file: URL, no network request, whatever people typed."""
from __future__ import annotations

import datetime as dt
import http.server
import threading

import pytest

from engagement.models import FeedbackItem, FeedbackTag, Session
from grassroots.accounts.models import Organisation
from reports.models import theme_topic
from reports.pdf import ProjectFilesOnly, html_to_pdf
from reports.services import report_request
from tests.engagement.routing_helpers import routing_world
from tests.engagement.theme_factories import make_theme
from tests.reports.helpers import pdf_of, text_of


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Counting.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tracker():
    _Counting.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Counting.hits
    server.shutdown()


def _hostile(url: str) -> str:
    return (f'<img src="file:///etc/passwd"><img src="{url}/track.png">'
            f'<link rel="stylesheet" href="{url}/style.css"><style>@import "{url}/x.css";</style>')


def test_raw_markup_naming_a_file_or_the_network_fetches_neither(tracker):
    url, hits = tracker
    fetcher = ProjectFilesOnly()
    for bad in ("file:///etc/passwd", f"{url}/x.png", "data:image/png;base64,AAAA", "report:../../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(bad)
    pdf = html_to_pdf(f"<html lang='en'><head><title>t</title></head><body><p>Hello</p>{_hostile(url)}</body></html>")
    assert pdf.pages == 1
    assert hits == []
    assert b"root:x:0:0" not in pdf.content


@pytest.mark.django_db(transaction=True)
def test_hostile_text_in_everything_a_report_shows_stays_text(world, tracker):
    url, hits = tracker
    r = routing_world(world)
    hostile = _hostile(url)
    FeedbackItem.objects.filter(pk=r.quoted.pk).update(text="Quoted " + hostile)
    Session.objects.filter(pk=r.session.pk).update(title="Session " + hostile, venue=hostile)
    Organisation.objects.filter(pk=world.group.pk).update(name="Group " + hostile[:150])
    world.area.name = "Lambeth " + hostile[:80]
    world.area.save()
    theme = make_theme(world.host, "Theme " + hostile[:110], subs=("Sub " + hostile[:110],))
    FeedbackTag.objects.create(item=r.quoted, sub_theme=theme.sub_themes.get(), tagged_by=world.host_staff)
    for kind, scope, topic in (("yswd", ("area", world.area.pk), ""), ("community", ("group", world.group.pk), ""),
                               ("funder", ("programme", world.programme.pk), ""),
                               ("spotlight", ("host", world.host.pk), theme_topic(theme.pk))):
        report = report_request(actor=world.host_staff, kind=kind, scope_type=scope[0], scope_id=scope[1],
                                starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 11, 20), topic=topic).report
        text = text_of(pdf_of(report))
        assert "root:x:0:0" not in text
        assert 'img src="file:///etc/passwd"' in text or kind == "funder"  # shown as the words typed
    assert hits == []
