"""The SPA contract for the last core-loop routes: the NDA preview (a creator's own template,
a requester's agreement), the WebSocket health probe, the storage quota and the pitch
autofill from a document. Same machinery as test_spa_contract.py: logged in through the real
portal login, a 2xx, the envelope and every key of "Response keys read" (original-pitchey.md
section 3.4, read by the rules of 3.1)."""

from __future__ import annotations

from typing import Any

import pytest

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


def nda_template(w: World) -> dict[str, Any]:
    template = nda_templates.create_template(
        owner=w.creator, fields={"name": "Festival", "content": "{disclosing_name} and you."}
    )
    return {"template": template.pk}


def _file(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


CASES: list[Case] = [
    Case(
        "POST",
        "/api/ndas/preview",
        ("success", "data.preview"),
        who="creator",
        prep=nda_template,
        body=lambda v: {"pitchId": v["nda_pitch"], "templateId": v["template"]},
    ),
    Case("GET", "/api/ws/health", ("websocketAvailable",), client="F"),
    Case("GET", "/api/storage/quota", ("success", "data"), client="F", who="creator"),
    Case(
        "POST",
        "/api/pitches/ai-extract",
        ("success", "data.extracted", "data.creditsUsed", "data.extracted.title"),
        client="F",
        who="creator",
        multipart=True,
        body=lambda v: {"file": _file("pitch.md", b"# Night Ferry\nLogline: Two strangers.\n")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.id} as {case.who}")
def test_spa_call_answers_a_shape_the_spa_reads(case: Case, world: World) -> None:  # noqa: F811
    world.extra.update(case.prep(world) if case.prep else {})
    user = {"investor": world.investor, "creator": world.creator, None: None}[case.who]
    v = world.vars()
    client = browser_client()
    if user is not None:
        log_in(client, user)

    response = call(client, case, v)

    assert 200 <= response.status_code < 300, (response.status_code, response.content[:500])
    body = response.json()
    assert body["success"] is True
    for chain in case.reads:
        value = read(body, chain, case.client)
        assert value is not MISSING, f"{chain} missing in {body}"


SESSION_ROUTES = [
    ("POST", "/api/pitches/ai-extract"),
    ("GET", "/api/ws/health"),
    ("GET", "/api/storage/quota"),
]


@pytest.mark.parametrize(("method", "path"), SESSION_ROUTES, ids=lambda x: str(x))
def test_session_route_without_a_session_is_401(method: str, path: str) -> None:
    response = getattr(browser_client(), method.lower())(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"
