"""What the browser tests share: Debian's Chromium, where screenshots go, axe's verdict, and signing in."""
from __future__ import annotations

from pathlib import Path

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[0] / "_artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def serious_violations(results) -> list[dict]:
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


_serious = serious_violations

# The elements whose right edge passes the viewport, outermost first, skipping what sits inside a sideways
# scroll region (a wide table in .app-table-wrap scrolls there; that is the point of the region).
_OVERFLOWING_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  const seen = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && r.width > 0 && !scrolls(el) && !seen.some(s => s.contains(el))) seen.push(el);
  }
  return seen.slice(0, 5).map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(
    el.getBoundingClientRect().right)}px`);
}"""


def overflowing_elements(page) -> list[str]:
    """What pushes the page wider than the screen, to name in a failure."""
    return page.evaluate(_OVERFLOWING_JS)


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
