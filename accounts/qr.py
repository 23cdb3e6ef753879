"""QR codes for pages, drawn on the server as inline SVG (no script, nothing fetched)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, *, title: str) -> SafeString:
    """`text` as an inline SVG QR code with an accessible title."""
    code = segno.make(text, error="m")
    svg = code.svg_inline(scale=5, border=2, dark="#0f172a", light="#ffffff", title=title)
    return mark_safe(svg)  # noqa: S308 - segno escapes the title; the rest is drawn geometry
