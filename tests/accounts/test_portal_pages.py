"""Creator pages belong to creators: backers and watchers get the 403 page, not an empty inbox.
Production companies also write their own pitches (PR15), so the pitch pages open for them too."""

import pytest

pytestmark = pytest.mark.django_db

PITCH_AUTHOR_PAGES = ["/creator/pitches/", "/creator/pitch/new/"]
CREATOR_PAGES = [*PITCH_AUTHOR_PAGES, "/creator/ndas/"]


@pytest.mark.parametrize("path", CREATOR_PAGES)
def test_creator_pages_open_for_creators(client, creator, path):
    client.force_login(creator)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PITCH_AUTHOR_PAGES)
def test_pitch_pages_open_for_production_companies(client, production, path):
    client.force_login(production)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        *((persona, path) for persona in ("investor", "watcher") for path in CREATOR_PAGES),
        ("production", "/creator/ndas/"),
    ],
)
def test_creator_pages_are_refused_to_other_portals(client, request, persona, path):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(path)
    assert response.status_code == 403
    assert b"can&#x27;t open this page" in response.content or b"open this page" in response.content


def test_creator_pages_send_visitors_to_log_in(client):
    response = client.get("/creator/pitches/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
