"""Costs wired into the actions they pay for, charged in the same transaction: an NDA request,
a creator's message, document and image uploads, video links and a pitch's first listing."""

from __future__ import annotations

import io

import pytest

from accounts.models import User
from billing.models import CreditEntry
from billing.services import credits
from messaging import services as messaging
from messaging.models import Message
from ndas.models import NdaRequest
from pitches import services as pitch_services
from pitches.models import Pitch, PitchDocument, PitchMedia
from tests.factories import UserFactory
from tests.ndas.conftest import (  # noqa: F401  (fixtures)
    _media_in_tmp,
    _standard_template,
    make_request,
    real_pdf,
)
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xfc\xcf\xc0P\x0f\x00\x04\x85\x01\x80\x84\xa9\x8c!"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _spends(user: User) -> list[tuple[str, int]]:
    rows = CreditEntry.objects.filter(user=user, kind="spend").order_by("id")
    return [(e.action, e.amount) for e in rows]


@pytest.fixture
def pitch(creator) -> Pitch:
    return PitchFactory(owner=creator, require_nda=True, nda_type="platform")


def test_an_nda_request_costs_ten_credits_and_names_the_request(pitch):
    requester = UserFactory(user_type=User.Type.INVESTOR, credits=12)

    nda = make_request(pitch, requester)

    entry = CreditEntry.objects.get(user=requester, kind="spend")
    assert (entry.action, entry.amount, entry.balance_after) == ("nda_request", -10, 2)
    assert (entry.subject_type, entry.subject_id) == ("ndas.ndarequest", str(nda.pk))


def test_an_nda_request_without_credits_answers_402_and_leaves_nothing(api, pitch):
    requester = UserFactory(user_type=User.Type.INVESTOR, credits=9)
    api.force_authenticate(requester)

    response = api.post(
        "/api/ndas/request",
        {"pitchId": pitch.pk, "signature": {"fullName": "Ivan Investor", "consent": True}},
        format="json",
    )

    assert response.status_code == 402
    error = response.json()["error"]
    assert error["code"] == "INSUFFICIENT_CREDITS"
    assert error["details"] == {"action": "nda_request", "price": 10, "required": 10, "balance": 9}
    assert not NdaRequest.objects.exists()
    assert credits.balance_of(requester.pk) == 9


def test_a_failed_nda_request_costs_nothing(pitch):
    requester = UserFactory(user_type=User.Type.INVESTOR, credits=30)
    make_request(pitch, requester)

    with pytest.raises(Exception, match="already have"):
        make_request(pitch, requester)

    assert credits.balance_of(requester.pk) == 20


def test_a_creator_pays_two_credits_per_message_and_an_investor_nothing(creator, investor):
    thread = messaging.start_conversation(creator=investor, recipient_ids=[creator.pk])
    before = credits.balance_of(investor.pk)

    messaging.send_message(sender=investor, conversation=thread, content="Hello")
    messaging.send_message(sender=creator, conversation=thread, content="Hi back")

    assert credits.balance_of(investor.pk) == before
    assert _spends(investor) == []
    assert _spends(creator) == [("send_message", -2)]


def test_a_creator_without_credits_cannot_send_and_no_message_is_stored(investor):
    poor = UserFactory(user_type=User.Type.CREATOR, credits=1)
    thread = messaging.start_conversation(creator=poor, recipient_ids=[investor.pk])

    with pytest.raises(credits.InsufficientCredits):
        messaging.send_message(sender=poor, conversation=thread, content="Hello?")

    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("document_type", "action", "cost"),
    [
        ("script", "word_doc", 3),
        ("budget", "word_doc", 3),
        ("lookbook", "picture_doc", 5),
        ("deck", "picture_doc", 5),
    ],
)
def test_documents_cost_by_kind(creator, pitch, document_type, action, cost):
    before = credits.balance_of(creator.pk)
    pdf = real_pdf("doc")

    document = pitch_services.upload_document(
        pitch=pitch,
        actor=creator,
        fileobj=io.BytesIO(pdf),
        name="f.pdf",
        size=len(pdf),
        document_type=document_type,
        requires_nda=False,
    )

    assert _spends(creator) == [(action, -cost)]
    assert credits.balance_of(creator.pk) == before - cost
    entry = CreditEntry.objects.get(user=creator, kind="spend")
    assert entry.subject_id == str(document.pk)


def test_a_document_upload_is_refused_before_storing_when_the_balance_is_short(tmp_path):
    poor = UserFactory(user_type=User.Type.CREATOR, credits=2)
    pitch = PitchFactory(owner=poor)
    pdf = real_pdf("doc")

    with pytest.raises(credits.InsufficientCredits):
        pitch_services.upload_document(
            pitch=pitch,
            actor=poor,
            fileobj=io.BytesIO(pdf),
            name="f.pdf",
            size=len(pdf),
            document_type="script",
            requires_nda=False,
        )

    assert not PitchDocument.objects.exists()
    assert not any((tmp_path / "media").rglob("*.pdf"))


def test_the_first_image_comes_with_the_listing_and_each_further_one_costs_one(creator, pitch):
    for name in ("a.png", "b.png", "c.png"):
        pitch_services.upload_image(
            pitch=pitch, actor=creator, fileobj=io.BytesIO(PNG), name=name, size=len(PNG)
        )

    assert PitchMedia.objects.filter(pitch=pitch).count() == 3
    assert _spends(creator) == [("extra_image", -1), ("extra_image", -1)]


def test_a_video_link_costs_one_credit(creator, pitch):
    pitch_services.add_video_link(pitch=pitch, actor=creator, url="https://vimeo.com/1")

    assert _spends(creator) == [("video_link", -1)]


def test_a_pitch_is_charged_on_its_first_listing_only(creator):
    draft = PitchFactory(owner=creator, status=Pitch.Status.DRAFT, published_at=None)

    pitch_services.publish_pitch(pitch=draft, actor=creator)
    pitch_services.archive_pitch(pitch=draft, actor=creator)
    pitch_services.publish_pitch(pitch=draft, actor=creator)

    assert _spends(creator) == [("basic_upload", -10)]


def test_publishing_without_credits_leaves_the_pitch_a_draft():
    poor = UserFactory(user_type=User.Type.CREATOR, credits=0)
    draft = PitchFactory(owner=poor, status=Pitch.Status.DRAFT, published_at=None)

    with pytest.raises(credits.InsufficientCredits):
        pitch_services.publish_pitch(pitch=draft, actor=poor)

    draft.refresh_from_db()
    assert draft.status == Pitch.Status.DRAFT
    assert draft.published_at is None
