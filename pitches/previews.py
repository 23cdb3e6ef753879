"""Link previews: the Open Graph / Twitter card image of a pitch (1200x630 PNG, Pillow's own
font so no system font is assumed) and the meta tags of shared pages. Only the public part of
a published pitch is drawn: title, logline, genre, format, score and heat. The image is cached
under a digest of what it shows, so an edit makes the next request draw a new one."""

from __future__ import annotations

import hashlib
import io
import textwrap
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from PIL import Image, ImageDraw, ImageFont

from pitches.engagement.heat import badge
from pitches.models import Pitch

WIDTH, HEIGHT = 1200, 630
CACHE_SECONDS = 7 * 24 * 3600
INK, PAPER, ACCENT, MUTED = (255, 255, 255), (30, 27, 75), (129, 140, 248), (199, 210, 254)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _public_fields(pitch: Pitch) -> dict[str, Any]:
    return {
        "title": pitch.title,
        "logline": pitch.logline,
        "genre": pitch.genre,
        "format": pitch.format_category or pitch.format,
        "score": str(pitch.rating_average) if pitch.rating_count else "",
        "ratings": pitch.rating_count,
        "badge": badge(pitch.trending_score) or "",
    }


def preview_key(pitch: Pitch) -> str:
    digest = hashlib.sha256(repr(sorted(_public_fields(pitch).items())).encode()).hexdigest()
    return f"og:pitch:{pitch.pk}:{digest[:24]}"


def render_pitch_card(fields: dict[str, Any]) -> bytes:
    """The PNG of one pitch's public fields."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)
    draw.text((80, 60), "PITCHEY", font=_font(34), fill=ACCENT)
    tags = " · ".join(part for part in (fields["genre"], fields["format"]) if part)
    draw.text((80, 120), tags.upper(), font=_font(28), fill=MUTED)
    y = 180
    for line in textwrap.wrap(fields["title"], width=28)[:2]:
        draw.text((80, y), line, font=_font(72), fill=INK)
        y += 86
    for line in textwrap.wrap(fields["logline"], width=58)[:3]:
        draw.text((80, y + 20), line, font=_font(34), fill=MUTED)
        y += 46
    footer = []
    if fields["score"]:
        footer.append(f"Pitchey Score {fields['score']}/10 ({fields['ratings']} ratings)")
    if fields["badge"]:
        footer.append(fields["badge"].title())
    draw.text(
        (80, HEIGHT - 90), "   ".join(footer) or "Pitched on Pitchey", font=_font(32), fill=INK
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def pitch_preview(pitch: Pitch) -> bytes:
    """The preview image of a published pitch, drawn once per version of its public fields."""
    key = preview_key(pitch)
    png = cache.get(key)
    if png is None:
        png = render_pitch_card(_public_fields(pitch))
        cache.set(key, png, timeout=CACHE_SECONDS)
    return bytes(png)


def meta(
    request: HttpRequest, *, title: str, description: str, path: str, image_path: str = ""
) -> dict[str, str]:
    """The values of the Open Graph and Twitter tags of a page (absolute URLs)."""
    return {
        "title": title[:120],
        "description": " ".join(description.split())[:200],
        "url": request.build_absolute_uri(path),
        "image": request.build_absolute_uri(image_path) if image_path else "",
        "card": "summary_large_image" if image_path else "summary",
    }


def pitch_meta(request: HttpRequest, pitch: Pitch) -> dict[str, str]:
    return meta(
        request,
        title=pitch.title,
        description=pitch.logline,
        path=pitch.get_absolute_url(),
        image_path=f"/og/pitch/{pitch.pk}.png" if pitch.is_published else "",
    )
