"""HTML to a tagged, accessible PDF with WeasyPrint, fetching nothing but the project's own report files.

A report's HTML is drawn from Django templates (user text escaped as on every page) and its charts are inline SVG,
so a report needs no fetch at all. The fetcher is still locked down: user text that somehow became markup could
name ``file:///etc/passwd`` or a tracking URL, and WeasyPrint would otherwise fetch either. Only ``report:`` URLs
naming a file under static/reports/ are served; everything else is refused before any file or network is touched.
"""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

REPORT_FILES = Path(settings.BASE_DIR) / "static" / "reports"
SCHEME = "report:"


class ProjectFilesOnly(URLFetcher):
    """Serves ``report:<name>`` from static/reports/ and refuses every other URL (file:, http(s):, data: ...)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("report",), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not url.startswith(SCHEME):
            self.refused.append(url)
            raise ValueError(f"Reports fetch only their own files, not {url[:80]}")
        path = (REPORT_FILES / url[len(SCHEME):].lstrip("/")).resolve()
        if REPORT_FILES.resolve() not in path.parents or not path.is_file():
            self.refused.append(url)
            raise ValueError("Not a report file")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def render_pdf(template: str, context: dict[str, object]) -> Pdf:
    """Draw ``template`` (which sets <title>, author, description and lang) as a PDF/UA-1 document."""
    return html_to_pdf(render_to_string(template, context))


def html_to_pdf(html: str) -> Pdf:
    stylesheet = CSS(string=(REPORT_FILES / "report.css").read_text(), url_fetcher=ProjectFilesOnly(),
                     base_url=SCHEME)
    document = HTML(string=html, base_url=SCHEME, url_fetcher=ProjectFilesOnly()).render(stylesheets=[stylesheet])
    content = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return Pdf(content=content or b"", pages=len(document.pages))
