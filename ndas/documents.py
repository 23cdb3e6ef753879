"""PDFs: the signed NDA (reportlab) and per-viewer stamped copies of protected documents (pypdf).

Stamped copies are generated per download, stored under an unguessable key and served through
the same short-lived signed URL as every private file (at most 300 s), so a link shared after
revocation dies with its lifetime and each copy names the person it was served to. A row in
`StampedCopy` records which NDA a copy was stamped for; the expiry job deletes copies after an hour.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Preformatted, SimpleDocTemplate, Spacer

if TYPE_CHECKING:
    from accounts.models import User
    from ndas.models import Nda

logger = logging.getLogger(__name__)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def signed_nda_pdf(nda: Nda) -> bytes:
    """The signed agreement: text, parties, terms and the signature record with its hash."""
    request = nda.request
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=f"Pitchey NDA {nda.pk}", author="Pitchey", invariant=True
    )
    approved = nda.approved_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    expiry = (
        nda.access_expires_at.strftime("%Y-%m-%d %H:%M UTC") if nda.access_expires_at else "never"
    )
    rows = [
        ("NDA number", str(nda.pk)),
        ("Project", request.pitch.title),
        ("Disclosing party", f"{nda.owner.display_name} <{nda.owner.email}>"),
        ("Recipient", f"{nda.signer.display_name} <{nda.signer.email}>"),
        ("Signed by (typed name)", request.signer_name),
        (
            "Signed at",
            request.signed_at.strftime("%Y-%m-%d %H:%M:%S UTC") if request.signed_at else "",
        ),
        ("Signer IP", request.signer_ip or "unknown"),
        ("Signer browser", request.signer_user_agent or "unknown"),
        ("SHA-256 of the signed text", request.text_sha256),
        ("Approved at", approved),
        ("Access until", expiry),
    ]
    story = [
        Paragraph(f"Pitchey NDA {nda.pk}: {_escape(request.pitch.title)}", styles["Title"]),
        Preformatted(request.signed_text, styles["Code"], maxLineLength=95),
        Spacer(1, 6 * mm),
        Paragraph("Additional terms of the Disclosing Party", styles["Heading2"]),
        Paragraph(_escape(nda.custom_terms or "None."), body),
        Paragraph("Signature record", styles["Heading2"]),
    ]
    story += [Paragraph(f"<b>{_escape(k)}:</b> {_escape(v)}", body) for k, v in rows]
    doc.build(story)
    return out.getvalue()


def stamp_text(*, viewer: User, nda_id: int | str, at: datetime | None = None) -> str:
    moment = (at or timezone.now()).strftime("%Y-%m-%d %H:%M UTC")
    return f"Confidential - {viewer.display_name} <{viewer.email}> - {moment} - NDA {nda_id}"


def _overlay(width: float, height: float, text: str) -> PdfReader:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height))
    page.setFont("Helvetica", 8)
    page.setFillGray(0.35)
    page.drawString(10 * mm, 6 * mm, text)
    page.drawString(10 * mm, height - 8 * mm, text)
    page.save()
    out.seek(0)
    return PdfReader(out)


def stamp_pdf(data: bytes, text: str) -> bytes | None:
    """`data` with `text` on every page; None when the bytes are not a PDF pypdf can read."""
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        overlays: dict[tuple[float, float], PdfReader] = {}  # one per page size, not per page
        for page in writer.pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            if size not in overlays:
                overlays[size] = _overlay(*size, text)
            page.merge_page(overlays[size].pages[0])
        writer.add_metadata({"/Subject": text})
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        logger.warning("could not stamp a PDF: %s", exc)
        return None
    return out.getvalue()


def read_bytes(key: str) -> bytes:
    with default_storage.open(key, "rb") as handle:
        data: bytes = handle.read()
    return data
