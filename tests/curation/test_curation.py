"""Slates, share links, portfolios and comparisons: the rules as services, the API with someone
else's objects, bad input, revoked and expired links, and query counts fixed by size."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from curation import services
from curation.models import SavedComparison, ShareLink, Slate, SlatePitch
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def slate(creator):
    return services.create_slate(
        owner=creator, fields={"title": "Markets 2026", "status": "published"}
    )


@pytest.fixture
def three(creator):
    return [PitchFactory(owner=creator, title=f"Own {n}") for n in range(3)]


def fill(slate, pitches):
    for pitch in pitches:
        services.add_pitch_to_slate(slate=slate, actor=slate.owner, pitch=pitch)


# --- rules ----------------------------------------------------------------------------------------


def test_a_slate_holds_the_owners_own_pitches_once(slate, creator, other_creator, three):
    fill(slate, three[:1])
    with pytest.raises(Conflict):
        services.add_pitch_to_slate(slate=slate, actor=creator, pitch=three[0])
    with pytest.raises(NotAllowed, match="own pitches"):
        services.add_pitch_to_slate(
            slate=slate, actor=creator, pitch=PitchFactory(owner=other_creator)
        )
    with pytest.raises(NotAllowed):
        services.add_pitch_to_slate(slate=slate, actor=other_creator, pitch=three[1])
    assert SlatePitch.objects.count() == 1


def test_reorder_puts_the_listed_pitches_first(slate, three):
    fill(slate, three)
    order = services.reorder_slate(slate=slate, actor=slate.owner, pitch_ids=[three[2].pk])
    assert [e.pitch_id for e in order] == [three[2].pk, three[0].pk, three[1].pk]
    with pytest.raises(DomainError, match="at most once"):
        services.reorder_slate(slate=slate, actor=slate.owner, pitch_ids=[three[0].pk, 999999])
    with pytest.raises(DomainError):
        services.reorder_slate(slate=slate, actor=slate.owner, pitch_ids=[three[0].pk, three[0].pk])


def test_removing_a_pitch_that_is_not_there_is_a_404(slate, three):
    with pytest.raises(NotFoundError):
        services.remove_pitch_from_slate(slate=slate, actor=slate.owner, pitch_id=three[0].pk)


def test_share_links_count_views_and_stop_when_revoked_or_expired(creator, slate):
    link = services.create_share_link(owner=creator, slate=slate, label="Agents", expires_in_days=7)
    assert services.open_share_link(token=link.token, kind="slate") == link
    services.open_share_link(token=link.token, kind="slate")
    link.refresh_from_db()
    assert link.view_count == 2
    with pytest.raises(NotFoundError):
        services.open_share_link(token=link.token, kind="portfolio")
    with time_machine.travel(timezone.now() + timedelta(days=8)), pytest.raises(NotFoundError):
        services.open_share_link(token=link.token, kind="slate")
    services.revoke_share_link(link=link, actor=creator)
    with pytest.raises(NotFoundError):
        services.open_share_link(token=link.token, kind="slate")


def test_only_the_owner_links_or_revokes(creator, other_creator, slate):
    with pytest.raises(NotAllowed):
        services.create_share_link(owner=other_creator, slate=slate)
    link = services.create_share_link(owner=creator)
    with pytest.raises(NotAllowed):
        services.revoke_share_link(link=link, actor=other_creator)
    with pytest.raises(DomainError, match="1 to 365"):
        services.create_share_link(owner=creator, expires_in_days=400)


def test_comparisons_need_two_to_four_distinct_subjects(investor):
    for ids in ([1], [1, 1], [1, 2, 3, 4, 5]):
        with pytest.raises(DomainError, match="2 to 4"):
            services.save_comparison(owner=investor, title="x", kind="pitch", subject_ids=ids)
    saved = services.save_comparison(owner=investor, title="", kind="pitch", subject_ids=[3, 1, 3])
    assert (saved.subject_ids, saved.title) == ([3, 1], "Comparison")


# --- slates API -----------------------------------------------------------------------------------


def test_slate_crud_and_pitches_through_the_api(api, creator, three):
    api.force_authenticate(creator)
    created = api.post(
        "/api/slates", {"title": "Probe slate", "description": "probe"}, format="json"
    )
    assert created.status_code == 201
    slate_id = created.json()["data"]["id"]
    assert created.json()["data"]["status"] == "draft"
    for pitch in three:
        assert (
            api.post(f"/api/slates/{slate_id}/pitches", {"pitch_id": pitch.pk}).status_code == 201
        )
    reordered = api.put(
        f"/api/slates/{slate_id}/pitches/reorder", {"pitch_ids": [three[1].pk]}, format="json"
    ).json()["data"]
    assert [p["id"] for p in reordered["pitches"]] == [three[1].pk, three[0].pk, three[2].pk]
    assert api.delete(f"/api/slates/{slate_id}/pitches/{three[0].pk}").json()["success"] is True
    detail = api.get(f"/api/slates/{slate_id}").json()["data"]
    assert (detail["pitchCount"], detail["title"]) == (2, "Probe slate")
    listed = api.get("/api/slates?status=draft").json()["data"]
    assert [s["pitchCount"] for s in listed["slates"]] == [2]
    updated = api.put(f"/api/slates/{slate_id}", {"title": "Probe slate 2", "status": "published"})
    assert updated.json()["data"]["publicUrl"] == f"/slates/{slate_id}/"
    assert api.delete(f"/api/slates/{slate_id}").json()["data"]["deleted"] is True
    assert not Slate.objects.exists()


def test_someone_elses_slate_is_404_and_nothing_changes(api, other_creator, slate, three):
    fill(slate, three[:1])
    api.force_authenticate(other_creator)
    base = f"/api/slates/{slate.pk}"
    assert api.get(base).status_code == 404
    assert api.put(base, {"title": "Mine"}).status_code == 404
    assert api.delete(base).status_code == 404
    assert api.post(f"{base}/pitches", {"pitch_id": three[1].pk}).status_code == 404
    assert api.delete(f"{base}/pitches/{three[0].pk}").status_code == 404
    assert api.get(f"{base}/share-links").status_code == 404
    assert api.post(f"{base}/share-links", {"label": "x"}).status_code == 404
    slate.refresh_from_db()
    assert (slate.title, slate.entries.count(), slate.share_links.count()) == ("Markets 2026", 1, 0)


def test_adding_someone_elses_pitch_is_404(api, creator, other_creator, slate):
    api.force_authenticate(creator)
    stranger = PitchFactory(owner=other_creator)
    assert api.post(f"/api/slates/{slate.pk}/pitches", {"pitch_id": stranger.pk}).status_code == 404
    assert not SlatePitch.objects.exists()


def test_slate_bad_input_is_a_field_error(api, creator, slate):
    api.force_authenticate(creator)
    for path, body in (
        ("/api/slates", {}),
        ("/api/slates", {"title": "   "}),
        ("/api/slates", {"title": "x" * 151}),
        ("/api/slates", {"title": "ok", "status": "secret"}),
        ("/api/slates", {"title": "ok", "coverImage": "javascript:alert(1)"}),
        (f"/api/slates/{slate.pk}/pitches", {"pitch_id": "one"}),
        (f"/api/slates/{slate.pk}/pitches", {"pitch_id": 10**30}),
        (f"/api/slates/{slate.pk}/share-links", {"label": "x", "expiresInDays": 0}),
    ):
        response = api.post(path, body, format="json")
        assert response.status_code == 400, (path, body, response.content)
        assert response.json()["error"]["details"]
    assert (
        api.put(
            f"/api/slates/{slate.pk}/pitches/reorder", {"pitch_ids": []}, format="json"
        ).status_code
        == 400
    )
    assert Slate.objects.count() == 1
    assert not ShareLink.objects.exists()


def test_public_and_shared_slates(api, creator, slate, three):
    draft = PitchFactory(owner=creator, title="Unreleased", status="draft", published_at=None)
    fill(slate, [*three[:2], draft])
    public = api.get(f"/api/slates/{slate.pk}/public").json()["data"]
    assert [p["title"] for p in public["pitches"]] == ["Own 0", "Own 1"]
    assert public["creator"]["id"] == creator.pk
    link = services.create_share_link(owner=creator, slate=slate)
    shared = api.get(f"/api/slates/s/{link.token}").json()["data"]
    assert shared["shareToken"] == link.token
    link.refresh_from_db()
    assert link.view_count == 1
    services.update_slate(slate=slate, actor=creator, fields={"status": "draft"})
    assert api.get(f"/api/slates/{slate.pk}/public").status_code == 404
    assert api.get(f"/api/slates/s/{link.token}").status_code == 200  # a link shares a draft slate


def test_revoked_or_expired_links_answer_404(api, creator, slate):
    revoked = services.create_share_link(owner=creator, slate=slate)
    expiring = services.create_share_link(owner=creator, expires_in_days=1)
    api.force_authenticate(creator)
    assert api.delete(f"/api/slates/share-links/{revoked.pk}").json()["success"] is True
    api.force_authenticate(None)
    assert api.get(f"/api/slates/s/{revoked.token}").status_code == 404
    assert api.get(f"/slates/s/{revoked.token}/").status_code == 404
    assert api.get(f"/api/portfolio/s/{expiring.token}").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert api.get(f"/api/portfolio/s/{expiring.token}").status_code == 404
        assert api.get(f"/portfolio/s/{expiring.token}/").status_code == 404
    assert api.get("/api/portfolio/s/no-such-token").status_code == 404
    revoked.refresh_from_db()
    assert revoked.view_count == 0


def test_slate_query_count_is_fixed_whatever_its_size(
    api, creator, slate, django_assert_num_queries
):
    fill(slate, [PitchFactory(owner=creator) for _ in range(2)])
    api.force_authenticate(creator)
    with django_assert_num_queries(2):  # slate, entries with pitches (all the owner's own)
        api.get(f"/api/slates/{slate.pk}")
    with django_assert_num_queries(2):  # slate with owner, entries with pitches
        api.get(f"/api/slates/{slate.pk}/public")
    fill(slate, [PitchFactory(owner=creator) for _ in range(15)])
    with django_assert_num_queries(2):
        assert len(api.get(f"/api/slates/{slate.pk}").json()["data"]["pitches"]) == 17
    with django_assert_num_queries(2):
        assert len(api.get(f"/api/slates/{slate.pk}/public").json()["data"]["pitches"]) == 17


# --- portfolio API --------------------------------------------------------------------------------


def test_portfolio_and_its_share_links(api, creator, other_creator, three):
    draft = PitchFactory(owner=creator, title="Draft one", status="draft", published_at=None)
    api.force_authenticate(creator)
    mine = api.get("/api/creator/portfolio").json()["data"]
    assert {p["title"] for p in mine["pitches"]} == {"Own 0", "Own 1", "Own 2", "Draft one"}
    assert mine["creator"]["stats"]["totalPitches"] == 3
    created = api.post("/api/creator/share-links", {"label": "Agents"}, format="json")
    assert created.status_code == 201
    link = created.json()["data"]
    assert link["url"].endswith(f"/portfolio/s/{link['token']}/")
    links = api.get("/api/creator/share-links").json()["data"]["links"]
    assert [row["label"] for row in links] == ["Agents"]
    api.force_authenticate(None)
    shared = api.get(f"/api/portfolio/s/{link['token']}").json()["data"]
    assert {p["title"] for p in shared["pitches"]} == {"Own 0", "Own 1", "Own 2"}
    assert draft.title not in str(shared)
    assert "email" not in shared["creator"]
    api.force_authenticate(other_creator)
    assert api.delete(f"/api/creator/share-links/{link['id']}").status_code == 404
    assert api.get("/api/creator/share-links").json()["data"]["links"] == []
    assert ShareLink.objects.get().revoked_at is None


def test_public_portfolio_by_id(api, creator, three):
    body = api.get(f"/api/portfolio/{creator.pk}").json()["data"]
    assert len(body["pitches"]) == 3
    assert body["creator"]["trustTier"] == "grey"
    assert api.get(f"/api/creator/portfolio/{creator.pk}").status_code == 200
    assert api.get("/api/portfolio/999999").status_code == 404


# --- compare API ----------------------------------------------------------------------------------


def test_compare_pitches_creators_and_slates(api, investor, creator, other_creator, slate, three):
    fill(slate, three)
    PitchFactory(owner=other_creator, genre="Comedy")
    api.force_authenticate(investor)
    pitches = api.get(f"/api/compare?type=pitch&ids={three[1].pk},{three[0].pk}").json()["data"]
    assert [s["subjectId"] for s in pitches["subjects"]] == [three[1].pk, three[0].pk]
    creators = api.get(f"/api/compare?type=creator&ids={creator.pk},{other_creator.pk}").json()
    assert [s["pitchCount"] for s in creators["data"]["subjects"]] == [3, 1]
    assert creators["data"]["subjects"][1]["genres"] == ["Comedy"]
    slates = api.get(f"/api/compare?type=slate&ids={slate.pk}").json()["data"]["subjects"]
    assert slates[0]["pitchCount"] == 3
    assert api.get("/api/compare/creators?q=" + creator.username[:4]).json()["data"]["creators"]
    assert api.get("/api/compare/slates?q=mark").json()["data"]["slates"][0]["id"] == slate.pk
    for bad in ("type=budget&ids=1", "type=pitch&ids=a,b", "type=pitch&ids=1,2,3,4,5"):
        assert api.get(f"/api/compare?{bad}").status_code == 400


def test_saved_comparisons_share_by_token_and_die_with_deletion(api, investor, creator, three):
    api.force_authenticate(investor)
    body = {"title": "Probe comparison", "type": "pitch", "ids": [three[0].pk, three[1].pk]}
    saved = api.post("/api/compare/saved", body, format="json")
    assert saved.status_code == 201
    token, comparison_id = saved.json()["data"]["shareToken"], saved.json()["data"]["id"]
    assert api.get("/api/compare/saved").json()["data"]["comparisons"][0]["id"] == comparison_id
    api.force_authenticate(None)
    shared = api.get(f"/api/compare/shared/{token}").json()["data"]
    assert len(shared["subjects"]) == 2
    api.force_authenticate(creator)
    assert api.delete(f"/api/compare/saved/{comparison_id}").status_code == 404
    api.force_authenticate(investor)
    assert api.delete(f"/api/compare/saved/{comparison_id}").json()["data"]["deleted"] is True
    assert api.get(f"/api/compare/shared/{token}").status_code == 404
    assert not SavedComparison.objects.exists()


def test_comparison_query_count_is_fixed_whatever_its_size(
    api, investor, creator, other_creator, django_assert_num_queries
):
    api.force_authenticate(investor)
    small = [PitchFactory(owner=creator).pk for _ in range(2)]
    big = [PitchFactory(owner=c).pk for c in (creator, other_creator, creator, other_creator)]
    for ids in (small, big):
        with django_assert_num_queries(2):  # pitches with owners, tiers
            api.get(f"/api/compare?type=pitch&ids={','.join(map(str, ids))}")
    for ids in ([creator.pk, other_creator.pk], [creator.pk]):
        with django_assert_num_queries(3):  # creators with figures, genres, tiers
            api.get(f"/api/compare?type=creator&ids={','.join(map(str, ids))}")
