"""The SPA contract for the core loop's endpoints (issue: request-then-sign NDAs, pitch shapes,
inbox keys, uploads, search extras, info requests and public content).

Same method as test_spa_contract.py, whose machinery this module reuses: one case per method +
path, logged in through the real portal login, checking a 2xx, the envelope and every key of
"Response keys read" (original-pitchey.md section 3.4, read by the rules of 3.1).
"""

from __future__ import annotations

from typing import Any

import pytest

from ndas import services as ndas
from ndas.services import templates as nda_templates
from tests.contract.test_spa_contract import _MISSING as MISSING
from tests.contract.test_spa_contract import (
    ORIGIN,
    Case,
    World,
    _media_in_tmp,  # noqa: F401 - autouse fixture
    _standard_nda_template,  # noqa: F401 - autouse fixture
    browser_client,
    call,
    log_in,
    read,
    world,  # noqa: F401 - fixture
)

pytestmark = pytest.mark.django_db


# --- preparations -------------------------------------------------------------------------------


def asked_nda(w: World) -> dict[str, Any]:
    """A request made the SPA's way: no signature yet."""
    row = ndas.request_nda(pitch=w.nda_pitch, requester=w.investor, message="May I?")
    return {"nda": row.pk}


def approved_unsigned_nda(w: World) -> dict[str, Any]:
    row = ndas.request_nda(pitch=w.nda_pitch, requester=w.investor, message="May I?")
    ndas.approve_nda(nda_request=row, actor=w.creator)
    return {"nda": row.pk}


def executed_nda(w: World) -> dict[str, Any]:
    row = ndas.request_nda(
        pitch=w.nda_pitch, requester=w.investor, full_name="Ivan Investor", consent=True
    )
    ndas.approve_nda(nda_request=row, actor=w.creator)
    return {"nda": row.pk}


def nda_template(w: World) -> dict[str, Any]:
    template = nda_templates.create_template(
        owner=w.creator, fields={"name": "Festival", "content": "{disclosing_name} and you."}
    )
    return {"template": template.pk}


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def _file(name: str, content: bytes | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.contract.test_spa_contract import PDF

    return SimpleUploadedFile(name, content if content is not None else PDF)


def signed_then_approved(w: World) -> dict[str, Any]:
    """The investor holds an NDA in force on the NDA pitch (sign at request, then approve)."""
    row = ndas.request_nda(
        pitch=w.nda_pitch, requester=w.investor, full_name="Ivan Investor", consent=True
    )
    ndas.approve_nda(nda_request=row, actor=w.creator)
    return {}


def saved_search(w: World) -> dict[str, Any]:
    from pitches.models import SavedSearch

    row = SavedSearch.objects.create(
        owner=w.investor, name="Harbours", search_query="harbour", is_public=True
    )
    return {"saved_search": row.pk}


def info_request(w: World) -> dict[str, Any]:
    from pitches.services import info

    row = info.request_info(
        pitch=w.pitch, requester=w.investor, message="Budget please?", categories=["budget"]
    )
    return {"info_request": row.pk}


def sealed_pitch(w: World) -> dict[str, Any]:
    from pitches.services.provenance import seal

    w.pitch.content_hash = "c" * 64
    w.pitch.save(update_fields=["content_hash"])
    seal(pitch=w.pitch, creator_name=w.creator.display_name)
    return {"hash": w.pitch.content_hash}


CASES: list[Case] = [
    # Provenance (ProvenanceVerify.tsx reads the raw body)
    Case(
        "GET",
        "/api/verify/p/{hash}",
        ("success", "F:data.valid", "F:data.sealedAt"),
        "F",
        who=None,
        prep=sealed_pitch,
    ),
    # Info requests (infoRequestAPI in lib/api-client.ts)
    Case(
        "POST",
        "/api/info-requests",
        ("success", "data.id", "data.status"),
        body=lambda v: {
            "targetUserId": v["creator"],
            "pitchId": v["pitch"],
            "message": "Could you share the budget?",
            "categories": ["budget"],
        },
    ),
    Case("GET", "/api/info-requests", ("success", "data.incoming", "data.outgoing")),
    Case(
        "POST",
        "/api/info-requests/{info_request}/respond",
        ("success", "data.status", "data.response"),
        who="creator",
        prep=info_request,
        body={"response": "Sent by message."},
    ),
    Case(
        "PATCH",
        "/api/info-requests/{info_request}",
        ("success", "data.status"),
        prep=info_request,
        body={"status": "closed"},
    ),
    # Search extras (SavedSearches.tsx reads raw bodies; SearchBar.tsx and SearchResults.tsx
    # go through apiClient)
    Case("GET", "/api/search/saved", ("F:savedSearches",), "F", prep=saved_search),
    Case(
        "POST",
        "/api/search/saved",
        ("F:id", "F:name", "F:search_query", "F:use_count"),
        "F",
        body={"name": "Thrillers", "search_query": "dark", "filters": {"genres": ["thriller"]}},
    ),
    Case("DELETE", "/api/search/saved/{saved_search}", ("success",), "F", prep=saved_search),
    Case("POST", "/api/search/saved/{saved_search}/execute", ("success",), "F", prep=saved_search),
    Case(
        "GET",
        "/api/search/saved/popular",
        ("F:popularSearches",),
        "F",
        prep=saved_search,
        query="limit=10",
    ),
    Case("GET", "/api/search/history", ("success", "data", "data.searchHistory"), query="limit=10"),
    Case(
        "GET",
        "/api/search/suggestions",
        ("success", "data", "data.suggestions"),
        query="q=ha&limit=8",
    ),
    Case(
        "POST",
        "/api/search/track-click",
        ("success",),
        body=lambda v: {
            "pitchId": v["pitch"],
            "resultPosition": 1,
            "query": "harbour",
            "sessionId": "s",
        },
    ),
    # The pitch as PitchService.getById reads it: the pitch itself in `data`, with NDA keys
    Case(
        "GET",
        "/api/pitches/public/{nda_pitch}",
        ("success", "data.title", "data.genre", "data.pitch", "data.hasSignedNDA"),
        who=None,
    ),
    Case(
        "GET",
        "/api/pitches/{nda_pitch}",
        (
            "success",
            "data.title",
            "data.pitch",
            "data.hasNDA",
            "data.hasSignedNDA",
            "data.ndaStatus",
            "data.longSynopsis",
        ),
        prep=signed_then_approved,
    ),
    Case("DELETE", "/api/creator/pitches/{draft}", ("success", "data.deleted"), who="creator"),
    # Uploads (section 3.4, "Uploads"), each through the one upload service
    Case(
        "POST",
        "/api/upload/profile",
        ("F:url",),
        who="creator",
        multipart=True,
        body=lambda v: {"file": _file("me.png", _png()), "folder": "avatars"},
    ),
    Case(
        "POST",
        "/api/upload/document",
        ("F:url",),
        who="creator",
        multipart=True,
        body=lambda v: {"file": _file("doc.pdf"), "type": "contract"},
    ),
    Case(
        "POST",
        "/api/upload/multiple",
        ("success", "data.uploads"),
        who="creator",
        multipart=True,
        body=lambda v: {
            "files": [_file("a.pdf"), _file("b.pdf")],
            "documentType": "other",
            "pitchId": v["draft"],
            "requiresNda": "false",
        },
    ),
    Case(
        "POST",
        "/api/upload/documents/multiple",
        ("success", "data.uploads"),
        who="creator",
        multipart=True,
        body=lambda v: {"files": [_file("a.pdf")]},
    ),
    Case(
        "POST",
        "/api/upload/media-batch",
        ("F:results", "F:errors"),
        who="creator",
        multipart=True,
        body=lambda v: {
            "files": [_file("a.png", _png())],
            "titles": ["Still"],
            "metadata": f'{{"pitchId": {v["draft"]}}}',
        },
    ),
    Case(
        "POST",
        "/api/media/upload",
        ("success", "data.url"),
        who="creator",
        multipart=True,
        body=lambda v: {"file": _file("a.png", _png()), "pitchId": v["draft"]},
    ),
    Case(
        "POST",
        "/api/creator/pitches/{draft}/media",
        ("success", "data.url", "data.media"),
        who="creator",
        multipart=True,
        body=lambda v: {"file": _file("a.png", _png()), "type": "image", "title": "Still"},
    ),
    Case("GET", "/api/upload/info", ("success", "data.limits")),
    # NDAs: the request, approve, then sign order and the wizard's other calls
    Case(
        "POST",
        "/api/ndas/request",
        ("success", "data", "data.id", "data.status"),
        body=lambda v: {
            "pitchId": v["nda_pitch"],
            "ndaType": "basic",
            "message": "Keen to read it",
            "expiryDays": 90,
        },
    ),
    Case(
        "POST",
        "/api/ndas/{nda}/sign",
        ("success", "data", "data.nda", "data.conversation"),
        prep=approved_unsigned_nda,
        body=lambda v: {
            "ndaId": v["nda"],
            "signature": "Ivan Investor - 2026-01-01",
            "fullName": "Ivan Investor",
            "acceptTerms": True,
        },
    ),
    Case(
        "GET",
        "/api/ndas/{nda}/verify",
        ("success", "data.signedAt", "data.signedBy", "data.valid"),
        prep=executed_nda,
    ),
    Case(
        "GET",
        "/api/ndas/analytics",
        ("success", "data", "data.analytics"),
        who="creator",
        prep=executed_nda,
        query="timeframe=30d",
    ),
    Case("GET", "/api/ndas/history", ("success", "data.ndas"), prep=asked_nda),
    Case("GET", "/api/ndas/history/{creator}", ("success", "data.ndas"), prep=asked_nda),
    Case(
        "GET",
        "/api/ndas/templates",
        ("success", "data.templates"),
        who="creator",
        prep=nda_template,
    ),
    Case(
        "POST",
        "/api/ndas/templates",
        ("success", "data.template"),
        who="creator",
        body={"name": "Screeners", "content": "Terms", "description": "For screeners"},
    ),
    Case(
        "GET",
        "/api/ndas/templates/{template}",
        ("success", "data.template"),
        who="creator",
        prep=nda_template,
    ),
    Case(
        "PUT",
        "/api/ndas/templates/{template}",
        ("success", "data.template"),
        who="creator",
        prep=nda_template,
        body={"name": "Festival v2"},
    ),
    Case(
        "DELETE", "/api/ndas/templates/{template}", ("success",), who="creator", prep=nda_template
    ),
    Case(
        "POST",
        "/api/ndas/preview",
        ("success", "data.preview"),
        body=lambda v: {"pitchId": v["nda_pitch"]},
    ),
    Case(
        "GET",
        "/api/ndas/pitch/{nda_pitch}/can-request",
        (
            "success",
            "data.canRequest",
            "data.existingNDA",
            "data.reason",
            "data.hasNDA",
            "data.hasSignedNDA",
            "data.ndaStatus",
        ),
        prep=asked_nda,
    ),
    Case(
        "GET",
        "/api/ndas/pitch/{nda_pitch}/status",
        ("success", "data.canAccess", "data.hasNDA", "data.nda", "data.hasSignedNDA"),
        prep=approved_unsigned_nda,
    ),
]


def test_every_case_is_one_route() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_spa_call_answers_a_shape_the_spa_reads(case: Case, world: World) -> None:  # noqa: F811
    world.extra.update(case.prep(world) if case.prep else {})
    user = {"investor": world.investor, "creator": world.creator, None: None}[case.who]
    v = {**world.vars(), "email": (user or world.investor).email}
    client = browser_client()
    if user is not None:
        log_in(client, user)

    response = call(client, case, v)

    assert 200 <= response.status_code < 300, (response.status_code, response.content[:500])
    body = response.json()
    assert body["success"] is True
    for chain in case.reads:
        client_kind, _, key = chain.rpartition(":")
        value = read(body, key, client_kind or case.client)
        assert value is not MISSING, f"{chain} missing in {body}"


SESSION_ROUTES = [
    ("GET", "/api/info-requests"),
    ("POST", "/api/info-requests"),
    ("PATCH", "/api/info-requests/1"),
    ("POST", "/api/info-requests/1/respond"),
    ("GET", "/api/search/saved"),
    ("POST", "/api/search/saved"),
    ("DELETE", "/api/search/saved/1"),
    ("POST", "/api/upload/profile"),
    ("POST", "/api/upload/document"),
    ("POST", "/api/upload/multiple"),
    ("POST", "/api/upload/documents/multiple"),
    ("POST", "/api/upload/media-batch"),
    ("POST", "/api/media/upload"),
    ("POST", "/api/creator/pitches/1/media"),
    ("GET", "/api/upload/info"),
    ("DELETE", "/api/creator/pitches/1"),
    ("DELETE", "/api/files/abc"),
    ("POST", "/api/ndas/1/sign"),
    ("GET", "/api/ndas/1/verify"),
    ("GET", "/api/ndas/analytics"),
    ("GET", "/api/ndas/history"),
    ("GET", "/api/ndas/history/1"),
    ("GET", "/api/ndas/templates"),
    ("POST", "/api/ndas/templates"),
    ("GET", "/api/ndas/templates/1"),
    ("PUT", "/api/ndas/templates/1"),
    ("DELETE", "/api/ndas/templates/1"),
    ("POST", "/api/ndas/preview"),
]


@pytest.mark.parametrize(("method", "path"), SESSION_ROUTES, ids=lambda x: str(x))
def test_session_route_without_a_session_is_401(method: str, path: str) -> None:
    response = getattr(browser_client(), method.lower())(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"
