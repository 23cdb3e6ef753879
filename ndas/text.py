"""The exact text a requester signs, and its hash.

Platform NDA: the newest active `NdaTemplate` rendered with both parties, the project and the
date, followed by the signature statement. Custom NDA: the statement naming the creator's PDF
by its SHA-256, so the signature binds those exact bytes. The creator's free-text NDA field is
protected pitch material and is never shown to a requester.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from accounts.selectors import is_blocked
from ndas.models import (
    REQUESTER_TYPES,
    CreatorNdaTemplate,
    CustomNdaDocument,
    NdaRequest,
    NdaTemplate,
)
from pitches.models import Pitch
from pitchey.errors import NotAllowed, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

SIGNATURE_STATEMENT = (
    "By typing my full legal name and ticking the consent box, I, the Recipient, sign this "
    "agreement electronically. I agree that my typed name is my signature, that it binds me as "
    "a handwritten signature would, and that Pitchey records my name, the time, my IP address, "
    "my browser and the SHA-256 hash of this exact text as evidence of my signature."
)

FALLBACK_TEMPLATE = """MUTUAL NON-DISCLOSURE AGREEMENT

This agreement is made on {date} between {disclosing_name} (the "Disclosing Party") and \
{recipient_name} (the "Recipient") concerning the project "{project_name}".

1. Confidential Information. Everything the Disclosing Party makes available about the project \
through Pitchey beyond its public listing, including the full synopsis, script, deck, lookbook, \
budget, characters and any attached documents, is Confidential Information.

2. Obligations. The Recipient will use Confidential Information only to evaluate a possible \
business relationship with the Disclosing Party, will not disclose it to anyone except advisers \
bound by equal duties of confidence, and will not copy, adapt or develop the project or any \
substantially similar work from it.

3. Exclusions. Information that is public through no fault of the Recipient, was lawfully known \
to the Recipient before disclosure, or is independently developed without use of the \
Confidential Information is not Confidential Information.

4. Term. These obligations last three years from the date above, whether or not access to the \
material on Pitchey has ended.

5. Return. On request, the Recipient will delete or return all copies of Confidential \
Information. Copies served by Pitchey carry the Recipient's name and the NDA number.

6. No licence. No right or licence in the project is granted by this agreement.

7. Remedies. A breach may cause irreparable harm; the Disclosing Party may seek injunctive \
relief in addition to any other remedy."""


@dataclass(frozen=True)
class NdaText:
    nda_type: str
    name: str
    content: str
    sha256: str
    template: NdaTemplate | None
    custom_document: CustomNdaDocument | None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sealed(content: str) -> tuple[str, str]:
    """(nonce, text) of a signature: `content` with a random reference appended, so the signed
    text's hash cannot be rebuilt from what is public (template, names, title, date)."""
    nonce = secrets.token_urlsafe(16)
    return nonce, f"{content}\n\nSignature reference: {nonce}"


def current_template() -> NdaTemplate | None:
    return NdaTemplate.objects.filter(is_active=True).order_by("-version").first()


def render_standard(
    *, recipient_name: str, disclosing_name: str, project_name: str, on: date | None = None
) -> tuple[str, str, NdaTemplate | None]:
    """(name, text) of the current standard NDA with the parties filled in."""
    template = current_template()
    body = template.body if template else FALLBACK_TEMPLATE
    name = str(template) if template else "Pitchey Standard NDA"
    content = fill(
        body,
        recipient_name=recipient_name,
        disclosing_name=disclosing_name,
        project_name=project_name,
        on=on,
    )
    return name, content, template


PLACEHOLDERS = ("disclosing_name", "recipient_name", "project_name", "date")


def fill(
    body: str, *, recipient_name: str, disclosing_name: str, project_name: str, on: date | None
) -> str:
    """`body` with its {placeholders} replaced by the parties, the project and the date."""
    values = {
        "recipient_name": recipient_name or "the Recipient",
        "disclosing_name": disclosing_name or "the Disclosing Party",
        "project_name": project_name or "the Project",
        "date": (on or timezone.localdate()).isoformat(),
    }
    for key, value in values.items():
        body = body.replace("{" + key + "}", value)
    return body


def placeholders_in(body: str) -> list[str]:
    """The known placeholders a template uses, in their canonical order."""
    return [name for name in PLACEHOLDERS if "{" + name + "}" in body]


def custom_document_of(pitch: Pitch) -> CustomNdaDocument | None:
    if pitch.nda_type != Pitch.NdaType.CUSTOM:
        return None
    return CustomNdaDocument.objects.filter(pitch=pitch).first()


def nda_type_of(pitch: Pitch) -> str:
    """Which NDA a requester of `pitch` signs: the creator's own PDF or the platform's."""
    if custom_document_of(pitch) is not None:
        return NdaRequest.NdaType.CUSTOM
    return NdaRequest.NdaType.PLATFORM


def text_for(*, pitch: Pitch, recipient_name: str, on: date | None = None) -> NdaText:
    """The exact text `recipient_name` signs for `pitch` today."""
    custom = custom_document_of(pitch)
    disclosing = pitch.owner.display_name
    if custom is not None:
        content = (
            f"NON-DISCLOSURE AGREEMENT (custom document of {disclosing})\n\n"
            f"Project: {pitch.title}\nDisclosing Party: {disclosing}\nRecipient: {recipient_name}\n"
            f"Date: {(on or timezone.localdate()).isoformat()}\n"
            f"Document: {custom.original_name}\nDocument SHA-256: {custom.sha256}\n\n"
            "I have read the document identified above by its SHA-256 hash and agree to its terms."
            f"\n\n{SIGNATURE_STATEMENT}"
        )
        return NdaText(
            NdaRequest.NdaType.CUSTOM,
            custom.original_name,
            content,
            sha256_text(content),
            None,
            custom,
        )
    name, body, template = render_standard(
        recipient_name=recipient_name, disclosing_name=disclosing, project_name=pitch.title, on=on
    )
    content = f"{body}\n\n{SIGNATURE_STATEMENT}"
    return NdaText(NdaRequest.NdaType.PLATFORM, name, content, sha256_text(content), template, None)


@dataclass(frozen=True)
class NdaPreview:
    name: str
    content: str
    template_id: int | None
    sha256: str | None


def preview_for(*, user: User, pitch: Pitch, template_id: int | None) -> NdaPreview:
    """The NDA text `user` may read for `pitch` (which they can already see): their own template
    filled in for their own pitch, else the agreement a requester signs (the platform text or the
    custom document's statement), for the owner or for someone allowed to request it.

    A template is shown only to its author on their own pitch, or when it is the platform
    template the pitch's agreement is rendered from; any other id is a 404 like a missing one.
    Never protected material: the agreement names the parties and the title only."""
    own = pitch.owner_id == user.pk
    if template_id is not None and own:
        mine = CreatorNdaTemplate.objects.owned_by(user).filter(pk=template_id).first()
        if mine is not None:
            body = fill(
                mine.content,
                recipient_name="",
                disclosing_name=pitch.owner.display_name,
                project_name=pitch.title,
                on=None,
            )
            return NdaPreview(mine.name, body, mine.pk, None)
    agreement = text_for(pitch=pitch, recipient_name="" if own else user.display_name)
    attached = agreement.template.pk if agreement.template is not None else None
    if template_id is not None and template_id != attached:
        raise NotFoundError("No such template.")
    if not own:
        _ensure_may_request(user, pitch)
    return NdaPreview(agreement.name, agreement.content, attached, agreement.sha256)


def _ensure_may_request(user: User, pitch: Pitch) -> None:
    """404 where the pitch is not open to requests from `user` at all (unpublished, or either
    side blocked the other), 403 with the reason where their role may not ask for NDAs."""
    if pitch.status != Pitch.Status.PUBLISHED or is_blocked(pitch.owner_id, user.pk):
        raise NotFoundError("No such pitch.")
    if user.user_type not in REQUESTER_TYPES and not user.is_staff:
        raise NotAllowed("Only investors and production companies can request NDAs.")
