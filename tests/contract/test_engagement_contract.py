"""The SPA contract of engagement and curation (section 3.4 rows "Pitches": ratings, feedback,
comments, engagement, consumption status, audience demand, compare; "Creator portal": portfolio,
share links, slates, the feedback tab; `/api/portfolio/s/:token`), with the same reading rules
as test_spa_contract.py, plus the exact keys of the objects the SPA's types declare."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from pitches.engagement import services as engagement
from tests.contract.test_spa_contract import (
    _MISSING,
    Case,
    World,
    browser_client,
    call,
    log_in,
    read,
)
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(name="world")
def contract_world(creator: Any, investor: Any, production: Any) -> World:
    return World(
        creator=creator,
        investor=investor,
        production=production,
        pitch=PitchFactory(owner=creator, title="Open Water"),
        nda_pitch=PitchFactory(
            owner=creator, title="Harbour", require_nda=True, nda_type="platform"
        ),
        draft=PitchFactory(owner=creator, title="Draft Days", status="draft", published_at=None),
    )


def read_for_long(w: World) -> dict[str, Any]:
    """The investor opened the pitch a minute ago (the 30 s feedback gate is open)."""
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=False):
        engagement.touch_consumption(pitch=w.pitch, viewer=w.investor)
    return {}


def reviewed(w: World) -> dict[str, Any]:
    read_for_long(w)
    engagement.submit_feedback(
        pitch=w.pitch, author=w.investor, fields={"strengths": ["Hook"]}, rating=7
    )
    return {}


def commented(w: World) -> dict[str, Any]:
    comment = engagement.post_comment(pitch=w.pitch, author=w.investor, body="Lovely")
    return {"comment": comment.pk}


ENGAGEMENT_CASES: list[Case] = [
    Case("POST", "/api/pitches/{pitch}/rate", ("success",), body={"rating": 4}),
    Case("GET", "/api/pitches/{pitch}/rating-status", ("data.rating", "F:rating", "F:data.rating")),
    Case("GET", "/api/pitches/{pitch}/comments", ("data", "data.data"), prep=commented),
    Case(
        "POST",
        "/api/pitches/{pitch}/comments",
        ("success",),
        body={"content": "Great concept.", "isAnonymous": False},
    ),
    Case(
        "PUT",
        "/api/pitches/{pitch}/comments/{comment}",
        ("success",),
        prep=commented,
        body={"content": "Great concept, edited."},
    ),
    Case("DELETE", "/api/pitches/{pitch}/comments/{comment}", ("success",), prep=commented),
    Case("GET", "/api/pitches/{pitch}/consumption-status", ("data", "data.data.eligible")),
    Case("GET", "/api/pitches/{pitch}/feedback", ("data", "data.data.ratings")),
    Case(
        "POST",
        "/api/pitches/{pitch}/feedback",
        ("data", "data.data.id"),
        prep=read_for_long,
        body={
            "rating": 8,
            "strengths": ["Hook"],
            "weaknesses": [],
            "suggestions": [],
            "overall_feedback": "Good",
            "is_interested": True,
            "is_anonymous": False,
        },
    ),
    Case(
        "PUT",
        "/api/pitches/{pitch}/feedback",
        ("success",),
        prep=reviewed,
        body={"strengths": ["Hook"], "weaknesses": ["Pace"], "suggestions": []},
    ),
    Case("DELETE", "/api/pitches/{pitch}/feedback", ("data.success",), prep=reviewed),
    Case("GET", "/api/pitches/{pitch}/feedback-progress", ("data.progress",)),
    Case("GET", "/api/pitches/{pitch}/feedback/mine", ("data", "data.data.rating"), prep=reviewed),
    Case("GET", "/api/pitches/{pitch}/heat", ("success", "data")),
    Case("GET", "/api/pitches/audience-demand", ("success", "data.pitches"), query="limit=8"),
    Case(
        "GET",
        "/api/creator/pitches/{pitch}/feedback",
        ("success", "data.feedback"),
        who="creator",
        prep=reviewed,
    ),
]


def slate(w: World) -> dict[str, Any]:
    from curation import services as curation

    made = curation.create_slate(
        owner=w.creator, fields={"title": "Markets", "status": "published"}
    )
    curation.add_pitch_to_slate(slate=made, actor=w.creator, pitch=w.pitch)
    link = curation.create_share_link(owner=w.creator, slate=made, label="Agents")
    return {"slate": made.pk, "slate_link": link.pk, "slate_token": link.token}


def portfolio_link(w: World) -> dict[str, Any]:
    from curation import services as curation

    link = curation.create_share_link(owner=w.creator, label="Festival")
    return {"link": link.pk, "token": link.token}


def saved_comparison(w: World) -> dict[str, Any]:
    from curation import services as curation

    saved = curation.save_comparison(
        owner=w.investor, title="Two", kind="pitch", subject_ids=[w.pitch.pk, w.nda_pitch.pk]
    )
    return {"comparison": saved.pk, "comparison_token": saved.share_token}


CURATION_CASES: list[Case] = [
    Case("GET", "/api/compare", ("success",), query="ids={pitch},{nda_pitch}&type=pitch"),
    Case("GET", "/api/compare/creators", ("success", "data.creators"), query="q=a"),
    Case("GET", "/api/compare/saved", ("success", "data.comparisons"), prep=saved_comparison),
    Case(
        "POST",
        "/api/compare/saved",
        ("data", "success"),
        body=lambda v: {"title": "Probe", "type": "pitch", "ids": [v["pitch"], v["nda_pitch"]]},
    ),
    Case("DELETE", "/api/compare/saved/{comparison}", ("success",), prep=saved_comparison),
    Case(
        "GET",
        "/api/compare/shared/{comparison_token}",
        ("data", "success"),
        who=None,
        prep=saved_comparison,
    ),
    Case("GET", "/api/compare/slates", ("success", "data.slates"), query="q=m", prep=slate),
    Case("GET", "/api/creator/portfolio", ("data", "success"), who="creator"),
    Case(
        "GET",
        "/api/creator/share-links",
        ("data", "data.links", "success"),
        who="creator",
        prep=portfolio_link,
    ),
    Case(
        "POST",
        "/api/creator/share-links",
        ("data", "success"),
        who="creator",
        body={"label": "Probe link"},
    ),
    Case(
        "DELETE",
        "/api/creator/share-links/{link}",
        ("success",),
        who="creator",
        prep=portfolio_link,
    ),
    Case(
        "GET",
        "/api/portfolio/s/{token}",
        ("data", "data.creator", "data.pitches", "success"),
        "F",
        who=None,
        prep=portfolio_link,
    ),
    Case(
        "GET",
        "/api/slates",
        ("success", "data.slates"),
        who="creator",
        prep=slate,
        query="limit=20&page=1",
    ),
    Case(
        "POST",
        "/api/slates",
        ("success", "data.id"),
        who="creator",
        body={"title": "Probe slate", "description": "probe"},
    ),
    Case("GET", "/api/slates/{slate}", ("success", "data.pitches"), who="creator", prep=slate),
    Case(
        "PUT",
        "/api/slates/{slate}",
        ("success",),
        who="creator",
        prep=slate,
        body={"title": "Probe slate 2"},
    ),
    Case("DELETE", "/api/slates/{slate}", ("success",), who="creator", prep=slate),
    Case(
        "POST",
        "/api/slates/{slate}/pitches",
        ("success",),
        who="creator",
        prep=slate,
        body=lambda v: {"pitch_id": v["draft"]},
    ),
    Case("DELETE", "/api/slates/{slate}/pitches/{pitch}", ("success",), who="creator", prep=slate),
    Case(
        "PUT",
        "/api/slates/{slate}/pitches/reorder",
        ("success",),
        who="creator",
        prep=slate,
        body=lambda v: {"pitch_ids": [v["pitch"]]},
    ),
    Case("GET", "/api/slates/{slate}/public", ("data", "success"), "F", who=None, prep=slate),
    Case("GET", "/api/slates/{slate}/share-links", ("data.links",), who="creator", prep=slate),
    Case(
        "POST",
        "/api/slates/{slate}/share-links",
        ("data.link",),
        who="creator",
        prep=slate,
        body={"label": "Probe link"},
    ),
    Case("GET", "/api/slates/s/{slate_token}", ("data", "success"), "F", who=None, prep=slate),
    Case("DELETE", "/api/slates/share-links/{slate_link}", ("success",), who="creator", prep=slate),
]
CASES = ENGAGEMENT_CASES + CURATION_CASES


def run(case: Case, world: World) -> dict[str, Any]:
    world.extra.update(case.prep(world) if case.prep else {})
    user = {"investor": world.investor, "creator": world.creator, None: None}[case.who]
    client = browser_client()
    if user is not None:
        log_in(client, user)
    response = call(client, case, world.vars())
    assert 200 <= response.status_code < 300, (response.status_code, response.content[:500])
    body = response.json()
    assert body["success"] is True
    return body


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_spa_call_answers_a_shape_the_spa_reads(case: Case, world: World) -> None:
    body = run(case, world)
    for chain in case.reads:
        client_kind, _, key = chain.rpartition(":")
        assert read(body, key, client_kind or case.client) is not _MISSING, (chain, body)


def test_every_case_is_one_route() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


EXACT: dict[str, tuple[Callable[[dict[str, Any]], Any], set[str]]] = {
    "GET /api/pitches/{pitch}/consumption-status": (
        lambda body: body["data"]["data"],
        {"eligible", "viewDuration", "threshold"},
    ),
    "GET /api/pitches/{pitch}/comments": (
        lambda body: body["data"]["data"][0],
        {
            "id",
            "pitchId",
            "parentId",
            "content",
            "contentHtml",
            "displayName",
            "userType",
            "isAnonymous",
            "author",
            "createdAt",
            "editedAt",
            "isEdited",
            "isRemoved",
            "removal",
            "isMine",
            "canEdit",
            "canRemove",
            "replies",
        },
    ),
    "GET /api/pitches/{pitch}/feedback/mine": (
        lambda body: body["data"]["data"],
        {
            "id",
            "pitchId",
            "reviewerType",
            "rating",
            "strengths",
            "weaknesses",
            "suggestions",
            "overallFeedback",
            "isInterested",
            "isAnonymous",
            "reviewerId",
            "reviewerName",
            "reviewerCompany",
            "isMine",
            "createdAt",
            "updatedAt",
        },
    ),
    "GET /api/pitches/{pitch}/feedback": (
        lambda body: body["data"]["data"]["ratings"],
        {
            "pitcheyScore",
            "avgRating",
            "industryScore",
            "viewerScore",
            "totalReviews",
            "ratingCount",
            "distribution",
        },
    ),
    "GET /api/slates/{slate}/public": (
        lambda body: body["data"],
        {
            "id",
            "title",
            "description",
            "coverImage",
            "status",
            "createdAt",
            "updatedAt",
            "creator",
            "pitches",
            "pitchCount",
            "ogVersion",
            "ogImage",
        },
    ),
    "GET /api/portfolio/s/{token}": (
        lambda body: body["data"]["creator"],
        {
            "id",
            "name",
            "username",
            "bio",
            "location",
            "avatarUrl",
            "userType",
            "trustTier",
            "isVerified",
            "createdAt",
            "stats",
        },
    ),
    "GET /api/pitches/{pitch}/rating-status": (
        lambda body: body["data"]["data"],
        {"rating", "pitcheyScore", "ratingAverage", "ratingCount"},
    ),
}


@pytest.mark.parametrize("case_id", sorted(EXACT))
def test_the_objects_have_exactly_the_keys_the_spa_types_declare(
    case_id: str, world: World
) -> None:
    case = next(c for c in CASES if c.id == case_id)
    pick, keys = EXACT[case_id]
    assert set(pick(run(case, world))) == keys
