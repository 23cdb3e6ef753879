"""Hostile input gets a 4xx JSON envelope, never a 500: NUL bytes, huge numbers, deep JSON, wrong
body types, too many form fields, and unknown API paths (with DEBUG on too)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import clear_url_caches

from tests.accounts.conftest import browser_client

pytestmark = pytest.mark.django_db


def _is_envelope(response) -> bool:
    body = response.json()
    return body["success"] is False and isinstance(body["error"]["code"], str)


def _assert_4xx(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert _is_envelope(response)


@pytest.mark.parametrize(
    "path",
    [
        "/api/pitches?genre=dra%00ma",
        "/api/pitches?search=a%00b",
        "/api/pitches?q=%00",
        "/api/pitches/slug%00evil",
        "/api/users/username/ali%00ce",
        "/api/search/users?q=%00",
        "/api/pitches?page=100000000000000000000",
        "/api/pitches?offset=100000000000000000000",
        "/api/pitches/100000000000000000000",
        "/api/poll/all?since=99999999999999999999999",
        "/api/poll/all?since=-99999999999999999999999",
        "/api/notifications?page=-1",
    ],
)
def test_hostile_query_and_path_values_are_a_4xx_envelope(api, investor, path):
    api.force_authenticate(investor)
    _assert_4xx(api.get(path))


def test_json_nested_900_levels_is_a_400():
    body = "[" * 900 + "]" * 900
    response = browser_client().post("/api/auth/sign-in", body, content_type="application/json")
    _assert_4xx(response)


@pytest.mark.parametrize("body", ['"just a string"', "null", "42", "[1, 2]", "true"])
def test_a_body_that_is_not_an_object_is_a_400(body):
    response = browser_client().post(
        "/api/auth/reset-password", body, content_type="application/json"
    )
    _assert_4xx(response)


def test_a_nul_byte_inside_json_is_a_400():
    body = json.dumps({"email": "a\u0000@example.com", "password": "x\u0000y"})
    response = browser_client().post("/api/auth/sign-in", body, content_type="application/json")
    _assert_4xx(response)


def test_a_nul_byte_in_a_header_is_a_400():
    response = Client(HTTP_USER_AGENT="Mozilla\x00/5.0").get("/api/pitches")
    _assert_4xx(response)


def test_more_than_a_thousand_form_fields_is_a_400():
    body = "&".join(f"f{i}=1" for i in range(1200))
    response = browser_client().post(
        "/api/auth/sign-in", body, content_type="application/x-www-form-urlencoded"
    )
    _assert_4xx(response)


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_path_is_the_json_404_envelope(settings, debug):
    settings.DEBUG = debug
    clear_url_caches()
    for path in ("/api/no-such-thing", "/api/investor/7/whatever", "/api/"):
        response = Client().get(path)
        assert response.status_code == 404
        assert _is_envelope(response)
        assert response.json()["error"]["code"] == "NOT_FOUND"


def test_a_name_whose_parts_do_not_fit_is_a_400(api, creator):
    api.force_authenticate(creator)
    response = api.patch("/api/profile", {"name": "A" * 150 + " B"}, format="json")
    _assert_4xx(response)
    assert "name" in response.json()["error"]["details"]
