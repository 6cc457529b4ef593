"""What the browser tests share: Debian's Chromium, where screenshots go, axe's verdict, and signing in."""
from __future__ import annotations

from pathlib import Path

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[0] / "_artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _serious(results) -> list[dict]:
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def axe_serious(page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now; axe is injected once per document, so a
    second run after resizing costs only the run."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(Axe().axe_script)
    results = page.evaluate("axe.run({resultTypes: ['violations']})")
    return [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]


# The elements whose right edge passes the viewport, outermost first, leaving out what a sideways scroll region
# clips (a wide table in .app-table-wrap scrolls there; that is the point of the region). An absolutely placed
# element is clipped only by a scroll box at or inside its containing block: visually hidden text escapes others.
_OVERFLOWING_JS = """() => {
  const width = document.documentElement.clientWidth;
  const placed = cs => cs.position === 'absolute' || cs.position === 'fixed';
  const clips = cs => ['auto', 'scroll', 'hidden', 'clip'].includes(cs.overflowX);
  const clipped = el => {
    let escaping = placed(getComputedStyle(el));
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (escaping && cs.position === 'static') continue;
      if (clips(cs)) return true;
      escaping = placed(cs);
    }
    return false;
  };
  const seen = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && r.width > 0 && !clipped(el) && !seen.some(s => s.contains(el))) seen.push(el);
  }
  return seen.slice(0, 5).map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ending at ${Math.round(
    el.getBoundingClientRect().right)}px: ${(el.textContent || '').trim().slice(0, 40)}`);
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


def look_at(page, name: str, widths: tuple[int, ...] = (1280, 320), height: int = 900) -> list[str]:
    """Screenshot the page at each width as ``SCREENSHOTS/<name>-<width>.png`` and return what is wrong there:
    axe's serious and critical findings, and at 320 px anything that makes the page wider than the screen."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        problems.extend(f"{name} at {width}px: {v['id']} {v['help']}" for v in axe_serious(page))
        if width <= 320 and page.evaluate("document.scrollingElement.scrollWidth") > width:
            problems.append(f"{name} is too wide at {width}px: {overflowing_elements(page)}")
    return problems
