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


CASES: list[Case] = [
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
