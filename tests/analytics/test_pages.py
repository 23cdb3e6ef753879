"""Dashboard pages: charts as accessible SVG with a data table, CSV exports, portal guards."""

from __future__ import annotations

import csv
import io
import re

import pytest

from analytics.charts import Chart, Series, nice_max
from analytics.models import Event
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _events(creator, investor, pitch, **counts):
    for kind, n in counts.items():
        for _ in range(n):
            Event.objects.create(
                event_type=kind, user_id=investor.pk, pitch_id=pitch.pk, creator_id=creator.pk
            )


def test_the_creator_dashboard_shows_figures_and_charts_with_tables(client, creator, investor):
    pitch = PitchFactory(owner=creator, title="The Lighthouse")
    _events(creator, investor, pitch, pitch_view=4, pitch_like=2)
    client.force_login(creator)
    response = client.get("/creator/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 3
    assert 'aria-labelledby="chart-engagement-title chart-engagement-desc"' in html
    assert "Views: 4 in total" in html  # the chart's spoken summary
    assert re.search(r'data-stat="views"><span class="stat-value">4<', html)
    assert re.search(r'data-col="likes">2<', html)
    assert " style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # CSP: no inline styles
    assert "Download “Views and likes per day, last 30 days” as CSV" in html


def test_every_chart_exports_its_data_as_csv(client, creator, investor):
    pitch = PitchFactory(owner=creator, title="=HYPERLINK(evil)")
    _events(creator, investor, pitch, pitch_view=3, pitch_like=1)
    client.force_login(creator)
    response = client.get("/creator/dashboard/", {"export": "pitches"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="pitches.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Title", "Views", "Likes"], ["'=HYPERLINK(evil)", "3", "1"]]
    series = list(
        csv.reader(
            io.StringIO(client.get("/creator/dashboard/?export=engagement").content.decode())
        )
    )
    assert len(series) == 31
    assert sum(int(row[1]) for row in series[1:]) == 3


def test_dashboards_refuse_other_portals(client, creator, investor, production, staff):
    client.force_login(investor)
    assert client.get("/creator/dashboard/").status_code == 403
    assert client.get("/investor/dashboard/").status_code == 200
    assert client.get("/staff/analytics/").status_code == 302  # to the admin login
    client.force_login(production)
    assert client.get("/production/dashboard/").status_code == 200
    assert client.get("/investor/dashboard/").status_code == 403
    client.force_login(staff)
    page = client.get("/staff/analytics/")
    assert page.status_code == 200
    assert "Conversion funnel" in page.content.decode()
    assert client.get("/staff/analytics/?export=funnel").content.decode().startswith("Step,Count")
    client.logout()
    assert client.get("/creator/dashboard/").status_code == 302


def test_the_chart_helper_escapes_labels_and_rounds_its_axis():
    chart = Chart(
        slug="x",
        title="<b>Title</b>",
        labels=["<script>", "b"],
        series=[Series("A & B", [3, 7])],
        kind="bar",
    )
    svg = str(chart.svg())
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &amp; B" in svg
    assert svg.count("<rect") == 3  # two bars and one legend key
    assert [nice_max(v) for v in (0, 7, 13, 240, 999)] == [1, 10, 20, 250, 1000]
    assert chart.summary() == "<b>Title</b>, <script> to b. A & B: 10 in total, highest 7 (b)."
