"""The protection rule through every NDA channel: a marker planted in each protected field never
reaches anyone without live access, in API responses, pages, email or WebSocket messages, and
does reach the holder of an approved NDA."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework.test import APIClient

from ndas import services
from ndas.models import Nda
from tests.ndas.conftest import MARK, make_request

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _nda_bodies(client: APIClient, pitch, nda_ids: list[int]) -> list[str]:
    paths = [
        "/api/ndas",
        "/api/ndas/incoming-requests",
        "/api/ndas/outgoing-requests",
        "/api/ndas/incoming-signed",
        "/api/ndas/outgoing-signed",
        "/api/ndas/signed",
        "/api/ndas/active",
        "/api/nda/active",
        "/api/nda/signed",
        "/api/ndas/stats",
        f"/api/ndas/pitch/{pitch.pk}/status",
        f"/api/ndas/pitch/{pitch.pk}/can-request",
        f"/api/ndas/pitch/{pitch.pk}/agreement",
        f"/api/ndas/standard?pitchId={pitch.pk}",
        f"/api/pitches/{pitch.pk}",
        f"/pitch/{pitch.slug}/",
        f"/pitches/{pitch.pk}/request-access/",
        "/ndas/",
        "/api/notifications",
    ]
    paths += [f"/api/ndas/{pk}" for pk in nda_ids]
    bodies = []
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        bodies.append(response.content.decode())
    bodies.extend(
        client.get(f"/api/ndas/verify/{nda.document_sha256}").content.decode()
        for nda in Nda.objects.filter(pk__in=nda_ids)
    )
    for document in pitch.documents.all():
        response = client.get(f"/api/pitches/{pitch.pk}/documents/{document.pk}/download")
        if response.status_code == 302:
            served = client.get(urlparse(response["Location"]).path)
            bodies.append(b"".join(served.streaming_content).decode("latin-1"))
        by_name = client.get(f"/api/pitches/{pitch.pk}/attachments/{document.original_name}")
        assert by_name.status_code in (200, 404), by_name.status_code
        if by_name.status_code == 200:
            bodies.append(b"".join(by_name.streaming_content).decode("latin-1"))
        else:
            bodies.append(by_name.content.decode())
    return bodies


def _leaks(bodies: list[str]) -> bool:
    return any(MARK in body for body in bodies)


def test_nda_channels_carry_markers_only_to_live_access(
    nda_pitch,
    creator,
    investor,
    production,
    watcher,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = make_request(nda_pitch, investor)
        pending = make_request(nda_pitch, production)
    ids = [approved.pk, pending.pk]
    for user in (investor, production, watcher):
        assert not _leaks(_nda_bodies(_client(user), nda_pitch, ids)), user

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_nda(nda_request=approved, actor=creator, custom_terms="Keep it quiet.")
        services.reject_nda(nda_request=pending, actor=creator, reason="Not now.")
    holder = _nda_bodies(_client(investor), nda_pitch, ids)
    assert _leaks(holder)
    by_name = f"/api/pitches/{nda_pitch.pk}/attachments/script.pdf"
    assert _client(investor).get(by_name).status_code == 200
    assert _client(production).get(by_name).status_code == 404
    assert any(f"{MARK}-long_synopsis" in body for body in holder)
    assert any(
        f"{MARK} script page 1" in body or "Confidential treatment" in body for body in holder
    )
    for user in (production, watcher):
        assert not _leaks(_nda_bodies(_client(user), nda_pitch, ids)), user

    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_nda(nda_request=approved, actor=creator, reason="Over.")
    assert not _leaks(_nda_bodies(_client(investor), nda_pitch, ids))

    assert mailoutbox, "the NDA notifications were emailed"
    recipients = {address for message in mailoutbox for address in message.to}
    assert {creator.email, investor.email, production.email} <= recipients
    for message in mailoutbox:
        parts = [message.subject, message.body] + [
            alt[0] for alt in getattr(message, "alternatives", [])
        ]
        assert MARK not in "".join(parts)


async def _drain(communicator: WebsocketCommunicator) -> list[dict]:
    messages = []
    # receive_nothing never times the application out (a timed-out receive cancels it).
    while not await communicator.receive_nothing(timeout=0.5):
        messages.append(await communicator.receive_json_from())
    return messages


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
async def test_websocket_nda_events_carry_no_markers(nda_pitch, creator, investor, production):
    from accounts.ws_tokens import make_ws_token
    from pitchey.asgi import application

    sockets = {}
    for user in (creator, investor, production):
        token = await sync_to_async(make_ws_token)(user)
        communicator = WebsocketCommunicator(
            application,
            f"/ws?token={token}",
            headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1")],
        )
        connected, _ = await communicator.connect()
        assert connected
        await _drain(communicator)
        sockets[user.pk] = communicator

    approved = await sync_to_async(make_request)(nda_pitch, investor)
    pending = await sync_to_async(make_request)(nda_pitch, production)
    await sync_to_async(services.approve_nda)(nda_request=approved, actor=creator)
    await sync_to_async(services.reject_nda)(nda_request=pending, actor=creator, reason="No")
    await sync_to_async(services.revoke_nda)(nda_request=approved, actor=creator)

    received = {pk: await _drain(c) for pk, c in sockets.items()}
    for communicator in sockets.values():
        await communicator.disconnect()
    for pk, messages in received.items():
        assert MARK not in json.dumps(messages), pk
    creator_types = [m["type"] for m in received[creator.pk]]
    assert "nda_status_update" in creator_types
    assert "notification" in creator_types
    statuses = [
        m["data"]["status"] for m in received[investor.pk] if m["type"] == "nda_status_update"
    ]
    assert statuses == ["pending", "signed", "revoked"]  # signed at request, then approved
    production_updates = [m for m in received[production.pk] if m["type"] == "nda_status_update"]
    assert [m["data"]["status"] for m in production_updates] == ["pending", "rejected"]
    assert production_updates[0]["data"]["ndaId"] == pending.pk


def test_shared_and_curated_channels_carry_no_markers_even_to_an_nda_holder(
    nda_pitch, creator, investor, watcher
):
    """Slates, share links, portfolios, comparisons, previews and engagement show the public
    part only: whoever opens them, the holder of an approved NDA included."""
    from curation import services as curation
    from pitches.engagement import services as engagement

    services.approve_nda(nda_request=make_request(nda_pitch, investor), actor=creator)
    slate = curation.create_slate(owner=creator, fields={"title": "Slate", "status": "published"})
    curation.add_pitch_to_slate(slate=slate, actor=creator, pitch=nda_pitch)
    slate_link = curation.create_share_link(owner=creator, slate=slate)
    portfolio_link = curation.create_share_link(owner=creator)
    comparison = curation.save_comparison(
        owner=investor, title="Mine", kind="pitch", subject_ids=[nda_pitch.pk, nda_pitch.pk + 1]
    )
    engagement.post_comment(pitch=nda_pitch, author=investor, body="Keen", is_anonymous=True)
    engagement.rate_pitch(pitch=nda_pitch, rater=investor, score=9)
    paths = [
        f"/api/slates/{slate.pk}/public",
        f"/api/slates/s/{slate_link.token}",
        f"/api/portfolio/s/{portfolio_link.token}",
        f"/api/portfolio/{creator.pk}",
        f"/api/creator/portfolio/{creator.pk}",
        f"/api/compare/shared/{comparison.share_token}",
        f"/slates/{slate.pk}/",
        f"/slates/s/{slate_link.token}/",
        f"/portfolio/s/{portfolio_link.token}/",
        f"/portfolio/{creator.pk}/",
        f"/compare/s/{comparison.share_token}/",
        f"/og/pitch/{nda_pitch.pk}.png",
        f"/api/pitches/{nda_pitch.pk}/comments",
        f"/api/pitches/{nda_pitch.pk}/feedback",
        f"/api/pitches/{nda_pitch.pk}/engagement",
        f"/api/pitches/{nda_pitch.pk}/heat",
        "/api/pitches/audience-demand",
    ]
    signed_in = [
        f"/api/compare?type=pitch&ids={nda_pitch.pk}",
        f"/api/compare?type=creator&ids={creator.pk}",
        f"/api/compare?type=slate&ids={slate.pk}",
        f"/compare/?type=pitch&ids={nda_pitch.pk}",
    ]
    # the marketplace's own lists follow the rule per viewer: the holder may read them in full
    lists = ["/api/pitches/hot", "/api/pitches/trending"]
    for who in (None, watcher, investor):
        client = APIClient()
        if who is not None:
            client.force_login(who)
        extra = (signed_in if who is not None else []) + (lists if who is not investor else [])
        for path in paths + extra:
            response = client.get(path)
            assert response.status_code == 200, (who, path, response.status_code)
            assert MARK.encode() not in response.content, (who, path)
    holder = _client(investor).get(f"/api/pitches/{nda_pitch.pk}").content.decode()
    assert f"{MARK}-long_synopsis" in holder  # the holder does hold access elsewhere


def test_investment_and_deal_channels_carry_no_markers(
    nda_pitch, creator, investor, production, watcher
):
    """Investments, deals, the ledger, opportunities and the creator's funding screens show a
    pitch's public part only: to the holder of an approved NDA, after it is revoked, and to
    everyone else."""
    from django.utils import timezone

    from investments import services as money

    nda_pitch.seeking_investment = True
    nda_pitch.save(update_fields=["seeking_investment"])
    for backer in (investor, production):
        services.approve_nda(nda_request=make_request(nda_pitch, backer), actor=creator)
    investment = money.record_investment(investor=investor, pitch=nda_pitch, amount=1000)
    deal = money.propose_deal(pitch=nda_pitch, proposer=investor, deal_type="option")
    company_deal = money.propose_deal(pitch=nda_pitch, proposer=production, deal_type="option")
    money.post_deal_message(deal=deal, author=creator, body="Welcome")
    money.save_thesis(investor=investor, fields={"genres": [nda_pitch.genre], "is_public": True})
    year = timezone.localdate().year
    investor_paths = [
        "/api/investor/investments",
        f"/api/investor/investments/{investment.pk}",
        "/api/investor/investments/all",
        f"/api/investor/pitch/{nda_pitch.pk}/investment-detail",
        "/api/investor/portfolio",
        "/api/investor/portfolio/performance",
        "/api/investor/performance",
        "/api/investor/dashboard",
        "/api/investor/projects/completed",
        "/api/investor/deals",
        "/api/investor/deals/pending",
        f"/api/investor/deals/{deal.pk}/timeline",
        f"/api/deals/{deal.pk}/messages",
        f"/api/deals/{deal.pk}/signatures",
        "/api/investor/opportunities",
        "/api/investor/recommendations",
        "/api/investor/thesis/matches",
        "/api/investor/transactions",
        "/api/investor/transactions/export",
        "/api/investor/reports/portfolio.csv",
        f"/api/investor/tax/{year}",
        "/api/investor/network",
        "/api/investor/analytics/market/trends",
        "/api/investor/analytics/risk/portfolio",
        "/investor/dashboard/",
    ]
    creator_paths = [
        "/api/creator/deals",
        "/api/creator/funding/overview",
        "/api/creator/investors",
        "/api/creator/value",
        "/api/creator/companies",
        f"/api/pitches/{nda_pitch.pk}/matching-investors",
    ]

    def check(client: APIClient, paths: list[str]) -> None:
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert MARK.encode() not in response.content, path

    # Opportunities are marketplace lists: they follow the rule per viewer, so the holder may
    # read them in full; every other investment channel shows the public part even to them.
    lists = {
        "/api/investor/opportunities",
        "/api/investor/recommendations",
        "/api/investor/thesis/matches",
    }
    check(_client(investor), [p for p in investor_paths if p not in lists])
    check(_client(production), [f"/api/deals/{company_deal.pk}/messages"])
    check(_client(creator), creator_paths)
    check(_client(watcher), [f"/api/pitches/{nda_pitch.pk}/matching-investors"])
    services.revoke_nda(
        nda_request=investor.nda_requests_made.get(pitch=nda_pitch), actor=creator, reason="Over"
    )
    check(_client(investor), investor_paths)


HIDDEN_TITLE = "Harbour of Whispers"


def _hide_as_moderator(pitch) -> None:
    from tests.staff.conftest import client_for, make_staff

    response = client_for(make_staff("moderator")).post(
        "/api/admin/bulk-action", {"action": "hide", "pitchIds": [pitch.pk]}, format="json"
    )
    assert response.json()["processed"] == 1, response.content


def test_a_pitch_hidden_by_a_moderator_leaves_every_channel(nda_pitch, creator, investor, watcher):
    """Lists, search, detail, feeds, shared pages and previews: a hidden pitch is gone for
    everyone but its creator and staff, the holder of an approved NDA and a follower included."""
    from curation import services as curation
    from pitches import services as pitch_services

    services.approve_nda(nda_request=make_request(nda_pitch, investor), actor=creator)
    pitch_services.follow_pitch(pitch=nda_pitch, user=investor)
    slate = curation.create_slate(owner=creator, fields={"title": "Slate", "status": "published"})
    curation.add_pitch_to_slate(slate=slate, actor=creator, pitch=nda_pitch)
    paths = [
        "/api/pitches/public",
        "/api/pitches/public/trending",
        "/api/pitches/public/featured",
        "/api/pitches/public/search?q=Harbour",
        "/api/search?q=Harbour",
        "/api/pitches/trending",
        "/api/pitches/hot",
        f"/api/portfolio/{creator.pk}",
        f"/api/slates/{slate.pk}/public",
        "/marketplace/",
        f"/portfolio/{creator.pk}/",
    ]
    gone = [
        f"/api/pitches/{nda_pitch.pk}",
        f"/api/pitches/public/{nda_pitch.pk}",
        f"/pitch/{nda_pitch.slug}/",
        f"/og/pitch/{nda_pitch.pk}.png",
    ]
    follower_feeds = ["/api/pitches/following", "/api/saved-pitches"]
    before = _client(investor).get("/api/pitches/public?limit=50").content.decode()
    assert HIDDEN_TITLE in before  # the channels showed it until now
    _hide_as_moderator(nda_pitch)
    for who in (None, watcher, investor):
        client = APIClient()
        if who is not None:
            client.force_login(who)
        extra = follower_feeds if who is investor else []
        for path in paths + extra:
            response = client.get(path)
            assert response.status_code == 200, (who, path, response.status_code)
            assert HIDDEN_TITLE.encode() not in response.content, (who, path)
        for path in gone:
            assert client.get(path).status_code == 404, (who, path)
    own = _client(creator).get(f"/api/pitches/{nda_pitch.pk}")
    assert own.status_code == 200  # its creator still sees it, marked hidden


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
async def test_a_hidden_pitch_pushes_nothing_to_its_audience(nda_pitch, creator, investor, watcher):
    from accounts.ws_tokens import make_ws_token
    from pitches import services as pitch_services
    from pitches.engagement import services as engagement
    from pitches.models import Pitch
    from pitchey.asgi import application
    from pitchey.errors import DomainError

    await sync_to_async(pitch_services.follow_pitch)(pitch=nda_pitch, user=investor)
    sockets = {}
    for user in (creator, investor, watcher):
        token = await sync_to_async(make_ws_token)(user)
        communicator = WebsocketCommunicator(
            application,
            f"/ws?token={token}",
            headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1")],
        )
        connected, _ = await communicator.connect()
        assert connected
        await _drain(communicator)
        sockets[user.pk] = communicator
    await sync_to_async(_hide_as_moderator)(nda_pitch)
    hidden = await sync_to_async(Pitch.objects.get)(pk=nda_pitch.pk)
    with pytest.raises(DomainError):
        await sync_to_async(engagement.post_comment)(pitch=hidden, author=watcher, body="Hi")
    with pytest.raises(DomainError):
        await sync_to_async(pitch_services.publish_pitch)(pitch=hidden, actor=creator)
    received = {pk: await _drain(c) for pk, c in sockets.items()}
    for communicator in sockets.values():
        await communicator.disconnect()
    assert HIDDEN_TITLE not in json.dumps(received[investor.pk])
    assert HIDDEN_TITLE not in json.dumps(received[watcher.pk])
    creator_types = [m["type"] for m in received[creator.pk]]
    assert "notification" in creator_types  # only its creator hears why it was hidden
