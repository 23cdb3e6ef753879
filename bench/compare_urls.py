"""The product's URLs plus two comparison endpoints, for bench_lists.py only (never in the
product's URLs): the same logged-in marketplace page as `/api/pitches`, once hand-written with
`values()` and plain dicts, once as a naive DRF ModelSerializer list."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import HttpRequest, JsonResponse
from django.urls import path
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from accounts.models import User
from pitches.api.card_rows import OWNER_COLUMNS
from pitches.engagement.heat import badge
from pitches.models import DEFAULT_VISIBILITY, Pitch
from pitchey.api import meta_for, pagination_meta
from pitchey.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

COLUMNS = [
    "id",
    "slug",
    "title",
    "logline",
    "genre",
    "format",
    "format_category",
    "format_subtype",
    "custom_format",
    "short_synopsis",
    "development_stage",
    "seeking_investment",
    "status",
    "require_nda",
    "nda_type",
    "ai_disclosure",
    "estimated_budget",
    "estimated_budget_usd",
    "budget_bracket",
    "title_image",
    "video_url",
    "view_count",
    "like_count",
    "save_count",
    "nda_count",
    "rating_average",
    "rating_count",
    "trending_score",
    "published_at",
    "created_at",
    "updated_at",
    "visibility_settings",
    "owner_id",
]
# The owner columns a card shows (its id is the row's owner_id).
OWNER = [name for name in OWNER_COLUMNS if name != "id"]
PUBLIC = [
    "id",
    "slug",
    "title",
    "logline",
    "genre",
    "format",
    "formatCategory",
    "formatSubtype",
    "customFormat",
    "shortSynopsis",
    "developmentStage",
    "seekingInvestment",
    "status",
    "requireNda",
    "ndaType",
    "aiDisclosure",
]


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def values_page(request: HttpRequest) -> JsonResponse:
    """Hand-written: count, page ids, `values()` rows, plain dicts (an investor with no grant)."""
    page = int(request.GET.get("page", 1))
    limit = int(request.GET.get("limit", 20))
    published = Pitch.objects.published()
    total = published.count()
    start = (page - 1) * limit
    ids = list(
        published.order_by("-published_at", "-id").values_list("pk", flat=True)[
            start : start + limit
        ]
    )
    rows = {
        row["id"]: row
        for row in Pitch.objects.filter(pk__in=ids).values(
            *COLUMNS, **{f"o_{name}": F(f"owner__{name}") for name in OWNER}
        )
    }
    cards = []
    for pk in ids:
        row = rows[pk]
        shows = {**DEFAULT_VISIBILITY, **(row["visibility_settings"] or {})}
        card: dict[str, Any] = {key: row[_snake(key)] for key in PUBLIC}
        card["shortSynopsis"] = row["short_synopsis"] if shows["show_short_synopsis"] else ""
        if shows["show_budget"]:
            usd = row["estimated_budget_usd"]
            card["estimatedBudget"] = row["estimated_budget"]
            card["estimatedBudgetUsd"] = None if usd is None else f"{usd:.2f}"
            card["budgetBracket"] = row["budget_bracket"]
        if shows["show_media"]:
            card["titleImage"], card["videoUrl"] = row["title_image"], row["video_url"]
        for key in ("view_count", "like_count", "save_count", "nda_count", "rating_count"):
            card[_camel(key)] = row[key]
        card["ratingAverage"] = f"{row['rating_average']:.2f}"
        card["trendingScore"] = row["trending_score"]
        card["publishedAt"] = _iso(row["published_at"])
        card["createdAt"] = _iso(row["created_at"])
        card["updatedAt"] = _iso(row["updated_at"])
        if shows["show_creator_name"]:
            full = f"{row['o_first_name']} {row['o_last_name']}".strip()
            card["creator"] = {
                "id": row["owner_id"],
                "name": full or row["o_company_name"] or row["o_username"],
                "username": row["o_username"],
                "companyName": row["o_company_name"],
                "userType": row["o_user_type"],
                "companyVerified": row["o_company_verified"],
                "identityVerified": row["o_identity_verified_at"] is not None,
            }
            card["userId"] = row["owner_id"]
        card["formatLabel"] = row["custom_format"] or row["format_subtype"] or row["format"]
        card["pitcheyScore"] = float(row["rating_average"])
        card["heatScore"] = round(row["trending_score"], 2)
        card["heatBadge"] = badge(row["trending_score"])
        card["hasFullAccess"], card["synopsisTruncated"] = False, False
        cards.append(card)
    meta = pagination_meta(page, limit, total)
    counts = {
        "total": total,
        "page": page,
        "limit": limit,
        "pageSize": limit,
        "totalPages": meta["totalPages"],
    }
    data = {"pitches": cards, "items": cards, **counts}
    body = {"success": True, "data": data, "meta": meta_for(request, pagination=meta), **data}
    return JsonResponse(body)


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


class NaiveCreator(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "company_name",
            "user_type",
            "company_verified",
        ]


class NaiveCard(serializers.ModelSerializer):
    creator = NaiveCreator(source="owner")
    estimated_budget_usd = serializers.DecimalField(max_digits=15, decimal_places=2)

    class Meta:
        model = Pitch
        fields = [*(c for c in COLUMNS if c not in ("owner_id", "visibility_settings")), "creator"]


class NaivePage(generics.ListAPIView):
    """The textbook list: every column of each row, a ModelSerializer, DRF's pagination."""

    permission_classes = [AllowAny]
    serializer_class = NaiveCard
    queryset = Pitch.objects.published().select_related("owner").order_by("-published_at", "-id")


urlpatterns = [
    path("bench/values", values_page),
    path("bench/naive", NaivePage.as_view()),
    *urlpatterns,
]
