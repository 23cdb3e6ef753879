"""Portal dashboard pages: figures, server-rendered charts (SVG plus table) and CSV exports."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import portal_required
from analytics.charts import Chart, Series, exported
from pitches import dashboards


def rows_chart(
    slug: str,
    title: str,
    rows: list[dict[str, Any]],
    names: dict[str, str],
    *,
    kind: str = "line",
    label_key: str = "date",
) -> Chart:
    """A chart of some columns (`names`: key -> legend) of dashboard rows."""
    labels = [
        str(row[label_key])[5:] if label_key == "date" else str(row[label_key]) for row in rows
    ]
    return Chart(
        slug=slug,
        title=title,
        labels=labels,
        series=[Series(legend, [row[key] for row in rows]) for key, legend in names.items()],
        kind="bar" if kind == "bar" else "line",
        label_heading="Date" if label_key == "date" else label_key.replace("_", " ").capitalize(),
    )


def _page(request: HttpRequest, template: str, charts: list[Chart], **context: Any) -> HttpResponse:
    csv = exported(request.GET, charts)
    if csv is not None:
        return csv
    return render(request, template, {"charts": {c.slug: c for c in charts}, **context})


@portal_required("creator")
def creator_dashboard(request: HttpRequest) -> HttpResponse:
    data = dashboards.creator_dashboard(request.user)  # type: ignore[arg-type]
    top = sorted(data["pitches"], key=lambda p: p["views"], reverse=True)[:10]
    charts = [
        rows_chart(
            "engagement",
            "Views and likes per day, last 30 days",
            data["series"],
            {"views": "Views", "likes": "Likes"},
        ),
        rows_chart(
            "ndas",
            "NDA requests and signed NDAs per day, last 30 days",
            data["series"],
            {"nda_requests": "NDA requests", "signed_ndas": "Signed NDAs"},
            kind="bar",
        ),
        rows_chart(
            "pitches",
            "Views and likes per pitch, all time",
            top,
            {"views": "Views", "likes": "Likes"},
            kind="bar",
            label_key="title",
        ),
    ]
    return _page(request, "pitches/dashboard_creator.html", charts, data=data)


def _actor_page(request: HttpRequest, portal: str) -> HttpResponse:
    user: Any = request.user
    if portal == "investor":
        data = dashboards.investor_analytics(user, days=30)
        extra = {"portfolio": data["portfolio"]}
    else:
        data = dashboards.production_dashboard(user)
        data = {**data, "period": data["stats"]}
        extra = {
            "queue": data["queue"],
            "queue_total": data["queue_total"],
            "submissions": data["submissions"],
            "calls": data["calls"],
            "slate": data["slate"],
            "meetings": data["meetings"],
        }
    charts = [
        rows_chart(
            "activity",
            "Your activity per day, last 30 days",
            data["series"],
            {"pitches_viewed": "Pitches viewed", "nda_requests": "NDA requests"},
        ),
        rows_chart(
            "engagement",
            "Saves, likes and messages per day, last 30 days",
            data["series"],
            {"pitches_saved": "Saved", "pitches_liked": "Liked", "messages_sent": "Messages"},
            kind="bar",
        ),
    ]
    feed = dashboards.own_activity(user, limit=10, offset=0)["activities"]
    return _page(
        request,
        "pitches/dashboard_actor.html",
        charts,
        data=data,
        feed=feed,
        portal_name=portal,
        **extra,
    )


@portal_required("investor")
def investor_dashboard(request: HttpRequest) -> HttpResponse:
    return _actor_page(request, "investor")


@portal_required("production")
def production_dashboard(request: HttpRequest) -> HttpResponse:
    return _actor_page(request, "production")


@staff_member_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    data = dashboards.staff_analytics(days=30)
    charts = [
        rows_chart(
            "platform",
            "Pitch views, NDA requests and sign-ups per day, last 30 days",
            data["series"],
            {
                "pitch_views": "Pitch views",
                "nda_requests": "NDA requests",
                "registrations": "Sign-ups",
            },
        ),
        rows_chart(
            "funnel",
            "Conversion funnel, last 30 days",
            data["funnel"],
            {"count": "Count"},
            kind="bar",
            label_key="step",
        ),
    ]
    return _page(request, "pitches/dashboard_staff.html", charts, data=data)
