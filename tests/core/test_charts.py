"""Server-made SVG charts: labels escaped, bars in proportion, figures in a table written as the chart writes them."""
from __future__ import annotations

import re

from django.template.loader import render_to_string

from grassroots.charts import bar_chart


def _widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="0" y="\d+" width="([\d.]+)" height="13"', svg)]


def test_bars_are_in_proportion_and_labels_escaped():
    chart = bar_chart("Comments by service", [("GP <b>", 30), ("A&E", 15), ("Dental", 0)])
    svg = str(chart.svg)
    assert "<b>" not in svg and "GP &lt;b&gt;" in svg and "A&amp;E" in svg
    wide, half, none = _widths(svg)
    assert wide == 228.0 and half == 114.0 and none == 0.0
    assert '<title id="chart-title">Comments by service</title>' in svg


def test_two_series_have_a_legend_and_a_bar_each():
    chart = bar_chart("Sessions", [("Sessions", (12, 9)), ("People", (300, 250))], series=("This quarter", "Last"))
    svg = str(chart.svg)
    assert "This quarter" in svg and "Last" in svg
    assert len(_widths(svg)) == 4


def test_an_empty_chart_draws_without_dividing_by_zero():
    chart = bar_chart("Nothing yet", [])
    assert not chart.has_data and str(chart.svg).endswith("</svg>")


def test_the_table_writes_figures_as_the_chart_does():
    chart = bar_chart("Small", [("GP", 3), ("A&E", 12)], shown=lambda n: "fewer than 5" if 0 < n < 5 else str(n))
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert html.count("fewer than 5") == 2  # once in the picture, once in its table; never the 3
    assert ">3<" not in html and ">12<" in html and "A&amp;E" in html


def test_a_hidden_small_value_is_drawn_no_more_precisely_than_it_is_written():
    one, four = (_widths(str(bar_chart("x", [("a", n), ("b", 40)], hide_below=5).svg))[0] for n in (1, 4))
    assert one == four > 0
