"""What the browser tests share: Debian's Chromium, where screenshots go, axe's verdict, and signing in."""
from __future__ import annotations

from pathlib import Path

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[0] / "_artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _serious(results) -> list[dict]:
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
