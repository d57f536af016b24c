"""A small horizontal bar chart, laid out here and drawn by the template as inline SVG: no
script, no library. Each row is a name and a few bars (one per series) on one scale.

Whole pixels in a fixed ``viewBox`` (the SVG scales to its box), so the template prints
integers and no number is localized into "12,5".
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 190      # the rows' names, right-aligned before the bars
VALUE_ROOM = 90        # after the longest bar, for its value
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 14
LEGEND_HEIGHT = 30
NAME_LENGTH = 26       # longer names are cut ("…"); the table has them whole


@dataclass(frozen=True)
class Bar:
    series: str        # a CSS class suffix: chart-<series>
    y: int
    width: int
    text: str          # the value as the table prints it
    text_x: int
    text_y: int


@dataclass(frozen=True)
class ChartRow:
    name: str
    name_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class LegendItem:
    series: str
    label: str
    x: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: int       # where the names end
    bars_x: int        # where the bars start
    legend: list[LegendItem]
    rows: list[ChartRow]


def bar_chart(series: list[tuple[str, str]],
              rows: list[tuple[str, list[tuple[float, str]]]]) -> BarChart:
    """``series``: (CSS suffix, legend label) for each bar of a row. ``rows``: (name,
    [(value, text) for each series]), values ≥ 0 in one unit; the largest spans the width."""
    per_row = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    largest = max((value for _name, bars in rows for value, _text in bars), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / largest
    laid_out, top = [], LEGEND_HEIGHT
    for name, values in rows:
        bars = []
        for index, ((suffix, _label), (value, text)) in enumerate(zip(series, values)):
            y = top + index * (BAR_HEIGHT + BAR_GAP)
            width = max(1, round(value * scale))  # a zero still shows where the bar starts
            bars.append(Bar(suffix, y, width, text, LABEL_WIDTH + width + 6,
                            y + BAR_HEIGHT - 3))
        cut = name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"
        laid_out.append(ChartRow(cut, top + per_row // 2 + 5, bars))
        top += per_row + ROW_GAP
    legend = [LegendItem(suffix, label, LABEL_WIDTH + index * 200)
              for index, (suffix, label) in enumerate(series)]
    return BarChart(WIDTH, top, LABEL_WIDTH - 10, LABEL_WIDTH, legend, laid_out)
