"""`{% chart chart %}`: a chart's SVG, its data table (the fallback) and a CSV link."""

from __future__ import annotations

from typing import Any

from django import template

from analytics.charts import Chart

register = template.Library()


@register.inclusion_tag("analytics/chart.html", takes_context=True)
def chart(context: Any, chart: Chart, open_table: bool = False) -> dict[str, Any]:
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is not None:
        query["export"] = chart.slug
    rows = chart.rows()
    return {
        "chart": chart,
        "header": rows[0],
        "body": rows[1:],
        "csv_query": query.urlencode() if query is not None else f"export={chart.slug}",
        "open_table": open_table,
    }
