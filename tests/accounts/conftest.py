from __future__ import annotations

import pytest
from rest_framework.test import APIClient

ORIGIN = "http://127.0.0.1:8000"


def browser_client() -> APIClient:
    """An API client that sends a trusted Origin like a browser on the site would."""
    return APIClient(
        HTTP_ORIGIN=ORIGIN, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131"
    )


def log_in(client: APIClient, user, portal: str | None = None, password: str = "Demo123"):  # noqa: S107
    path = f"/api/auth/{portal}/login" if portal else "/api/auth/sign-in"
    response = client.post(path, {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200, response.json()
    return response


@pytest.fixture
def web() -> APIClient:
    return browser_client()


@pytest.fixture
def creator_web(creator) -> APIClient:
    client = browser_client()
    log_in(client, creator, "creator")
    return client
