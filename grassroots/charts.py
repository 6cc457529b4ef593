"""Charts drawn on the server as SVG: the same markup goes into pages and into PDFs (WeasyPrint draws SVG), needs
no script, and every label is escaped. Each chart is shown with its figures in a table (``includes/chart.html``),
so a screen reader, or a reader of a printed report, gets the numbers as well as the picture."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK Frontend colours, in the order series take them: each has at least 3:1 contrast on white.
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
# A phone-sized drawing (each label on its own line above its bars), scaled up to at most 420px wide by .app-chart.
WIDTH, VALUE_WIDTH, LABEL_HEIGHT, BAR_HEIGHT, GAP, FONT = 320, 92, 18, 16, 10, 13


@dataclass(frozen=True)
class Chart:
    title: str
    rows: Sequence[tuple[str, Sequence[int]]]
    series: Sequence[str]
    svg: SafeString
    table: Sequence[tuple[str, Sequence[str]]]  # the figures as the chart writes them, for its table

    @property
    def has_data(self) -> bool:
        return any(v for _, values in self.rows for v in values)


def _truncate(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(title: str, rows: Sequence[tuple[str, int | Sequence[int]]], *, series: Sequence[str] = ("Count",),
              shown: Callable[[int], str] = lambda n: f"{n:,}", chart_id: str = "chart",
              hide_below: int = 0) -> Chart:
    """Horizontal bars, one group per row and one bar per series (e.g. this quarter and last). ``shown`` writes a
    value as text (the public pages write small counts as "fewer than 5"); a value from 1 to ``hide_below`` - 1 is
    drawn as long as ``hide_below``, so the picture tells no more than the words."""
    normal = [(label, [v] if isinstance(v, int) else list(v)) for label, v in rows]
    biggest = max((v for _, values in normal for v in values), default=0) or 1
    per_group = LABEL_HEIGHT + len(series) * BAR_HEIGHT + GAP
    legend = 22 * len(series) if len(series) > 1 else 0
    height = legend + max(len(normal), 1) * per_group
    plot = WIDTH - VALUE_WIDTH
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="100%" viewBox="0 0 {WIDTH} {height}" '
             f'role="img" aria-labelledby="{escape(chart_id)}-title" preserveAspectRatio="xMinYMin meet" '
             f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif" '
             f'font-size="{FONT}"><title id="{escape(chart_id)}-title">{escape(title)}</title>']
    for n, name in enumerate(series if legend else ()):
        parts.append(f'<rect x="0" y="{22 * n + 3}" width="12" height="12" fill="{PALETTE[n % len(PALETTE)]}"/>'
                     f'<text x="19" y="{22 * n + 14}" fill="#0b0c0c">{escape(_truncate(name, 40))}</text>')
    for row, (label, values) in enumerate(normal):
        top = legend + row * per_group
        parts.append(f'<text x="0" y="{top + LABEL_HEIGHT - 5}" fill="#0b0c0c">{escape(_truncate(label, 44))}</text>')
        for n, value in enumerate(values):
            y = top + LABEL_HEIGHT + n * BAR_HEIGHT
            length = plot * (hide_below if 0 < value < hide_below else value) / max(biggest, hide_below)
            parts.append(f'<rect x="0" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT - 3}" '
                         f'fill="{PALETTE[n % len(PALETTE)]}"/>'
                         f'<text x="{length + 5:.1f}" y="{y + BAR_HEIGHT - 5}" fill="#0b0c0c">'
                         f'{escape(shown(value))}</text>')
    parts.append("</svg>")
    table = [(label, [shown(v) for v in values]) for label, values in normal]
    return Chart(title=title, rows=normal, series=list(series), svg=mark_safe("".join(parts)),  # all escaped above
                 table=table)
