"""The link-preview image of a published pitch (Open Graph / Twitter card)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from pitches import previews
from pitches.models import Pitch


@require_GET
def pitch_image(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = Pitch.objects.published().filter(pk=pitch_id).first()
    if pitch is None:
        raise Http404("No such pitch.")
    response = HttpResponse(previews.pitch_preview(pitch), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
