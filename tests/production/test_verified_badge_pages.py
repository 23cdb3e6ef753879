"""The verified-company badge on the server-rendered pages: one include
(`partials/verified_badge.html`) right after the company's name on pitch cards, message threads,
NDA rows and deal rows; shown for a verified company only, as text (not colour alone)."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from accounts import services as account_services
from investments import services as deal_services
from messaging import services as messaging
from tests.pitches.factories import PitchFactory
from tests.production.conftest import sign_nda

pytestmark = pytest.mark.django_db

BADGE = r'\s*<span class="badge badge-success badge-verified"[^>]*data-verified-company>'


def badged(html: str, name: str) -> bool:
    """True when the badge follows `name` (or the element holding it) somewhere on the page."""
    return re.search(re.escape(escape(name)) + r"(?:</\w+>)?" + BADGE, html) is not None


@pytest.fixture
def verified(production):
    account_services.mark_company_verified(user=production)
    production.refresh_from_db()
    return production


def test_the_badge_is_text_with_a_spoken_name(client, verified):
    PitchFactory(owner=verified)
    html = client.get("/marketplace/").content.decode()
    badge = re.search(r'<span class="badge badge-success badge-verified".*?</span></span>', html)
    assert badge is not None
    assert 'title="Verified company"' in badge.group(0)
    assert '<span aria-hidden="true">✓ </span>Verified' in badge.group(0)
    assert '<span class="visually-hidden"> company</span>' in badge.group(0)


def test_marketplace_cards_badge_a_verified_company_only(client, verified, other_company):
    PitchFactory(owner=verified, title="Verified lighthouse")
    PitchFactory(owner=other_company, title="Plain lighthouse")
    html = client.get("/marketplace/").content.decode()
    assert badged(html, verified.display_name)
    assert not badged(html, other_company.display_name)


def test_message_threads_badge_a_verified_company_only(client, verified, other_company, creator):
    threads = {}
    for company in (verified, other_company):
        chat = messaging.start_conversation(creator=company, recipient_ids=[creator.pk])
        messaging.send_message(sender=company, conversation=chat, content="Hello")
        threads[company.pk] = chat
    client.force_login(creator)
    listed = client.get("/messages/").content.decode()
    assert badged(listed, verified.display_name)
    assert not badged(listed, other_company.display_name)
    thread = client.get(f"/messages/{threads[verified.pk].pk}/").content.decode()
    # the list, the thread's header and the sender of each message
    assert len(re.findall(re.escape(escape(verified.display_name)) + BADGE, thread)) >= 3
    plain = client.get(f"/messages/{threads[other_company.pk].pk}/").content.decode()
    assert not badged(plain, other_company.display_name)


def test_nda_rows_badge_a_verified_requester_only(client, verified, other_company, creator):
    sign_nda(PitchFactory(owner=creator), verified)
    sign_nda(PitchFactory(owner=creator), other_company)
    client.force_login(creator)
    html = client.get("/creator/ndas/?status=all").content.decode()
    assert badged(html, verified.display_name)
    assert not badged(html, other_company.display_name)


def test_deal_rows_badge_a_verified_company_only(client, verified, other_company, creator):
    for company in (verified, other_company):
        deal_services.propose_deal(
            pitch=PitchFactory(owner=creator), proposer=company, deal_type="option"
        )
    client.force_login(creator)
    html = client.get("/creator/deals/").content.decode()
    assert badged(html, verified.company_name)
    assert not badged(html, other_company.company_name)


def test_who_viewed_on_the_creators_dashboard_badges_a_verified_company_only(
    client, verified, other_company, creator
):
    from analytics.models import Event

    pitch = PitchFactory(owner=creator)
    for company in (verified, other_company):
        Event.objects.create(
            event_type="pitch_view", user_id=company.pk, pitch_id=pitch.pk, creator_id=creator.pk
        )
    client.force_login(creator)
    html = client.get("/creator/dashboard/").content.decode()
    assert badged(html, verified.display_name)
    assert not badged(html, other_company.display_name)
