"""Server-rendered charts any app can use: accessible inline SVG, a table fallback, CSV export.

    chart = Chart(slug="views", title="Views per day", labels=[...], series=[Series("Views",
    [...])])
    {% load charts %}{% chart chart %}          (in a template: SVG, data table, CSV link)
    return csv_response(chart)                  (in the view, for `?export=views`)

The SVG uses presentation attributes only (no inline styles, no scripts), so it renders under
the site's CSP; a screen reader gets its title, a one-sentence summary and the table.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

PALETTE = ["#5b3cc4", "#0f7b6c", "#c2410c", "#1d4ed8", "#a21caf", "#4d7c0f"]
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 44


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    slug: str
    title: str
    labels: list[str]
    series: list[Series]
    kind: Literal["line", "bar"] = "line"
    unit: str = ""
    description: str = ""
    label_heading: str = "Date"
    colors: list[str] = field(default_factory=lambda: list(PALETTE))

    @property
    def dom_id(self) -> str:
        return "chart-" + slugify(self.slug)

    def rows(self) -> list[list[str | float]]:
        """The chart's data as a table: a header row, then one row per label."""
        header: list[str | float] = [self.label_heading, *(s.name for s in self.series)]
        body: list[list[str | float]] = [
            [label, *(s.values[i] for s in self.series)] for i, label in enumerate(self.labels)
        ]
        return [header, *body]

    def total(self, series: int = 0) -> float:
        return sum(self.series[series].values) if self.series else 0

    def summary(self) -> str:
        """One sentence a screen reader speaks before the table."""
        if self.description:
            return self.description
        if not self.labels or not self.series:
            return f"{self.title}: no data."
        parts = []
        for s in self.series:
            peak = max(range(len(s.values)), key=lambda i: s.values[i]) if s.values else 0
            parts.append(
                f"{s.name}: {_fmt(sum(s.values))} in total, highest {_fmt(s.values[peak])} "
                f"({self.labels[peak]})"
            )
        span = f"{self.labels[0]} to {self.labels[-1]}" if len(self.labels) > 1 else self.labels[0]
        return f"{self.title}, {span}. " + "; ".join(parts) + "."

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in self.rows():
            writer.writerow([_csv_safe(cell) for cell in row])
        return buffer.getvalue()

    def svg(self) -> SafeString:
        return render_svg(self)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _csv_safe(cell: str | float) -> str | float:
    """Text cells starting like a formula are quoted so spreadsheets show, not run, them."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _n(value: float) -> str:
    return f"{value:.1f}"


def render_svg(chart: Chart) -> SafeString:
    peak = max((max(s.values, default=0) for s in chart.series), default=0)
    top = nice_max(peak)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(chart.labels), 1)

    def y(value: float) -> float:
        return TOP + plot_h - (value / top) * plot_h

    ident = chart.dom_id
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
            'role="img" aria-labelledby="{}-title {}-desc" class="chart-svg" focusable="false">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH,
            HEIGHT,
            ident,
            ident,
            ident,
            chart.title,
            ident,
            chart.summary(),
        )
    ]
    for tick in range(5):
        value = top * tick / 4
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e5e7eb" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#4b5563">{}</text>',
                LEFT,
                _n(y(value)),
                WIDTH - RIGHT,
                _n(y(value)),
                LEFT - 6,
                _n(y(value) + 4),
                _fmt(value),
            )
        )
    step = max(1, math.ceil(count / 8))
    slot = plot_w / count
    for i, label in enumerate(chart.labels):
        if i % step == 0 or (i == count - 1 and i % step >= step / 2):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#4b5563">'
                    "{}</text>",
                    _n(LEFT + slot * (i + 0.5)),
                    HEIGHT - BOTTOM + 16,
                    label[:14],
                )
            )
    parts += _bars(chart, y, slot) if chart.kind == "bar" else _lines(chart, y, slot)
    for n, s in enumerate(chart.series):
        lx = LEFT + n * 150
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="#111827">{}</text>',
                lx,
                HEIGHT - 14,
                chart.colors[n % len(chart.colors)],
                lx + 14,
                HEIGHT - 5,
                s.name,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped


def _bars(chart: Chart, y: Callable[[float], float], slot: float) -> list[SafeString]:
    out = []
    width = slot * 0.8 / max(len(chart.series), 1)
    for n, s in enumerate(chart.series):
        color = chart.colors[n % len(chart.colors)]
        for i, value in enumerate(s.values):
            x = LEFT + slot * i + slot * 0.1 + width * n
            out.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {}</title></rect>",
                    _n(x),
                    _n(y(value)),
                    _n(max(width - 1, 1)),
                    _n(y(0) - y(value)),
                    color,
                    chart.labels[i],
                    _fmt(value),
                    s.name,
                )
            )
    return out


def _lines(chart: Chart, y: Callable[[float], float], slot: float) -> list[SafeString]:
    out = []
    for n, s in enumerate(chart.series):
        color = chart.colors[n % len(chart.colors)]
        points = " ".join(
            f"{_n(LEFT + slot * (i + 0.5))},{_n(y(value))}" for i, value in enumerate(s.values)
        )
        out.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>', points, color
            )
        )
        for i, value in enumerate(s.values):
            out.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {} {}</title></circle>',
                    _n(LEFT + slot * (i + 0.5)),
                    _n(y(value)),
                    color,
                    chart.labels[i],
                    _fmt(value),
                    s.name,
                )
            )
    return out


def csv_response(chart: Chart) -> HttpResponse:
    """The chart's data as a CSV download."""
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(chart.slug)}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def exported(request_get: object, charts: list[Chart]) -> HttpResponse | None:
    """The CSV of the chart named by `?export=<slug>`, if any."""
    slug = getattr(request_get, "get", lambda _k: None)("export")
    if not slug:
        return None
    for chart in charts:
        if chart.slug == slug:
            return csv_response(chart)
    return None
