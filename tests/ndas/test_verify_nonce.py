"""The NDA verifier cannot be used to learn who signed what: a signed text's hash includes a
random per-signature nonce, and a match shows only what the document holder already has."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ndas import services, text
from ndas.models import Nda
from tests.ndas.conftest import make_request

pytestmark = pytest.mark.django_db


def _verify(sha256: str) -> dict:
    return APIClient().get(f"/api/ndas/verify/{sha256}").json()["data"]


def test_a_signature_cannot_be_confirmed_from_public_facts(nda_pitch, investor, creator):
    row = make_request(nda_pitch, investor)
    services.approve_nda(nda_request=row, actor=creator)
    # Everything an outsider knows: the template, both names, the title and the day.
    guessed = text.text_for(
        pitch=nda_pitch, recipient_name=investor.display_name, on=timezone.localdate()
    )
    assert _verify(guessed.sha256)["valid"] is False
    assert row.text_sha256 != guessed.sha256


def test_the_signed_text_carries_its_nonce_and_its_hash_covers_it(nda_pitch, investor):
    row = make_request(nda_pitch, investor)
    assert len(row.signature_nonce) >= 22
    assert row.signature_nonce in row.signed_text
    assert row.text_sha256 == text.sha256_text(row.signed_text)


def test_the_holder_of_the_document_can_verify_it_and_learns_nothing_new(
    nda_pitch, investor, creator
):
    row = make_request(nda_pitch, investor)
    services.approve_nda(nda_request=row, actor=creator)
    nda = Nda.objects.get(request=row)
    for sha256 in (row.text_sha256, nda.document_sha256):
        result = _verify(sha256)
        assert result["valid"] is True
        assert result["signedBy"] == row.signer_name
        assert result["project"] == nda_pitch.title
        for undisclosed in ("status", "textSha256", "documentSha256"):
            assert undisclosed not in result
