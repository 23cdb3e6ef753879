"""Every filter and sort the marketplace offers is answered from an index: on a populated,
analysed table the plan of each marketplace page names the index built for it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from pitches.models import Pitch
from pitches.models.pitch import MARKETPLACE_INDEXES
from pitches.selectors import BrowseParams, marketplace
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GENRES = [f"Genre{n}" for n in range(40)]
STAGES = [f"stage{n}" for n in range(30)]
BRACKETS = [f"bracket{n}" for n in range(25)]


@pytest.fixture
def populated():
    owner = UserFactory(user_type="creator")
    now = timezone.now()
    Pitch.objects.bulk_create(
        Pitch(
            owner=owner,
            title=f"Title {n:05d}",
            slug=f"indexed-{n}",
            logline="A logline.",
            genre=GENRES[n % len(GENRES)],
            format=f"Format{n % 35}",
            format_category=f"Category{n % 45}",
            short_synopsis=f"Synopsis {n} harbour" if n % 50 == 0 else f"Synopsis {n}",
            development_stage=STAGES[n % len(STAGES)],
            budget_bracket=BRACKETS[n % len(BRACKETS)],
            estimated_budget_usd=Decimal(1000 * n),
            visibility_settings={"show_budget": n % 3 == 0},
            seeking_investment=n % 40 == 0,
            view_count=n * 7 % 1000,
            like_count=n * 3 % 100,
            rating_average=Decimal(n % 500) / 100,
            trending_score=float(n * 13 % 997),
            status=Pitch.Status.PUBLISHED if n % 10 else Pitch.Status.DRAFT,
            published_at=now - timedelta(minutes=n) if n % 10 else None,
        )
        for n in range(4000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pitches")


def plan(params: BrowseParams) -> str:
    return marketplace(params)[:20].explain()


def test_every_marketplace_index_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'pitches'")
        present = {row[0] for row in cursor.fetchall()}
    wanted = {index.name for index in MARKETPLACE_INDEXES} | {
        "pitches_published_idx",
        "pitches_trending_pub_idx",
    }
    assert wanted <= present
    assert "pitches_trending_idx" not in present  # replaced by the one with the date tie-break


@pytest.mark.parametrize(
    ("params", "index"),
    [
        (BrowseParams(), "pitches_published_idx"),
        (BrowseParams(sort="oldest"), "pitches_published_idx"),
        (BrowseParams(sort="title"), "pitches_mkt_title_idx"),
        (BrowseParams(sort="title", order="desc"), "pitches_mkt_title_idx"),
        (BrowseParams(sort="views"), "pitches_mkt_views_idx"),
        (BrowseParams(sort="views", order="asc"), "pitches_mkt_views_idx"),
        (BrowseParams(sort="likes"), "pitches_mkt_likes_idx"),
        (BrowseParams(sort="rating"), "pitches_mkt_rating_idx"),
        (BrowseParams(tab="top-rated"), "pitches_mkt_rating_idx"),
        (BrowseParams(sort="budget"), "pitches_mkt_public_budget_idx"),
        (BrowseParams(tab="trending"), "pitches_trending_pub_idx"),
        (BrowseParams(tab="popular"), "pitches_mkt_popular_idx"),
        (BrowseParams(genre="genre7"), "pitches_mkt_genre_idx"),
        (BrowseParams(format="format3"), "pitches_mkt_format_idx"),
        (BrowseParams(format="category3"), "pitches_mkt_format_cat_idx"),
        (BrowseParams(budget="bracket4"), "pitches_mkt_budget_idx"),
        (BrowseParams(stage="stage5"), "pitches_mkt_stage_idx"),
        (BrowseParams(seeking_investment=True), "pitches_mkt_seeking_idx"),
        (BrowseParams(q="harbour"), "pitches_search_public_gin"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_filter_and_sort_reads_its_index(populated, params, index):
    text = plan(params)
    assert index in text, text
    assert "Seq Scan on pitches " not in text, text
