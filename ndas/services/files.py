"""The creator's own NDA upload and per-viewer stamped copies of protected PDFs."""

from __future__ import annotations

import io
from typing import IO, TYPE_CHECKING

from django.db import transaction

from ndas import documents
from ndas.models import (
    CustomNdaDocument,
    Nda,
    StampedCopy,
)
from ndas.services.common import _audit
from pitches.models import Pitch, PitchAccess, PitchDocument
from pitchey.errors import NotFoundError
from pitchey.storage import save_file, unguessable_key
from pitchey.uploads import ensure_room, store_upload

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


# --- files ---------------------------------------------------------------------------------------


@transaction.atomic
def upload_custom_nda(
    *,
    pitch: Pitch,
    actor: User,
    fileobj: IO[bytes],
    name: str,
    size: int,
    ip_address: str | None = None,
) -> CustomNdaDocument:
    """Store the creator's own NDA (a PDF, checked from its bytes) and switch the pitch to it."""
    if pitch.owner_id != actor.pk:
        raise NotFoundError("No such pitch.")
    ensure_room(actor, size)
    stored = store_upload(
        fileobj=fileobj, name=name, size=size, kind="nda", folder=f"ndas/custom/{pitch.pk}"
    )
    digest = stored.sha256
    defaults = {
        "uploaded_by": actor,
        "original_name": stored.name[:255],
        "storage_key": stored.key,
        "size": size,
        "sha256": digest,
    }
    document, _ = CustomNdaDocument.objects.update_or_create(pitch=pitch, defaults=defaults)
    Pitch.objects.filter(pk=pitch.pk).update(nda_type=Pitch.NdaType.CUSTOM, require_nda=True)
    _audit(document, "custom.uploaded", actor, ip_address, sha256=digest, pitch_id=pitch.pk)
    return document


def _stamp_reference(document: PitchDocument, user: User) -> tuple[str, Nda | None]:
    grants = PitchAccess.objects.live().filter(user=user, pitch_id=document.pitch_id)
    nda_grant = grants.filter(source=PitchAccess.Source.NDA).order_by("-granted_at").first()
    if nda_grant is not None:
        nda = Nda.objects.filter(pk=int(nda_grant.source_id or 0)).first()
        return str(nda_grant.source_id), nda
    other = grants.order_by("-granted_at").first()
    if other is not None:
        return f"{other.source}-{other.pk}", None
    return "staff" if user.is_staff else "none", None


def stamped_document_key(document: PitchDocument, user: User | AnonymousUser) -> str | None:
    """The storage key of a copy of `document` stamped for `user`, or None to serve the original.

    Only protected PDFs are stamped, and never for their owner. The caller has already applied
    the protection rule.
    """
    if not user.is_authenticated or not document.is_protected:
        return None
    if document.content_type != "application/pdf" or document.pitch.owner_id == user.pk:
        return None
    reference, nda = _stamp_reference(document, user)  # type: ignore[arg-type]
    stamped = documents.stamp_pdf(
        documents.read_bytes(document.storage_key),
        documents.stamp_text(viewer=user, nda_id=reference),  # type: ignore[arg-type]
    )
    if stamped is None:
        return None
    key = save_file(unguessable_key("ndas/stamped", "document.pdf"), io.BytesIO(stamped))
    StampedCopy.objects.create(document=document, viewer=user, nda=nda, storage_key=key)
    return key
