"""The provenance pages: a published pitch's certificate (opened by the SPA at
/api/pitches/:id/certificate) and the public page that checks a sealed hash."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pitches import selectors
from pitches.api.views_provenance import find_seal, seal_answer
from pitches.models import Pitch, PitchSeal
from pitchey.api import request_viewer


def _page(request: HttpRequest, seal: PitchSeal | None, **extra: Any) -> HttpResponse:
    answer = seal_answer(seal, request_viewer(request)) if seal is not None else None
    pitch_url = (
        reverse("pitches:detail", args=[answer["pitch"]["slug"]])
        if answer and answer["pitch"]
        else ""
    )
    context = {"seal": seal, "answer": answer, "pitch_url": pitch_url, **extra}
    return render(request, "pitches/verify.html", context, status=200 if seal else 404)


def verify_page(request: HttpRequest, content_hash: str) -> HttpResponse:
    """The public page behind a certificate's link."""
    return _page(request, find_seal(content_hash), hash=content_hash[:64])


def certificate(request: HttpRequest, pitch_id: int) -> HttpResponse:
    """GET /api/pitches/:id/certificate (the SPA opens it in a new tab): the certificate of a
    published pitch's current content."""
    pitch: Pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
    if not pitch.is_published or not pitch.content_hash:
        raise Http404
    seal = PitchSeal.objects.for_hash(pitch.content_hash, pitch_id=pitch.pk)
    if seal is None:
        raise Http404
    return _page(request, seal, certificate=True, hash=seal.content_hash)
