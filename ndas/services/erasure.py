"""GDPR erasure in NDAs: the person's own NDA templates go (a signed agreement keeps the exact
text it was signed on, sealed in the request); the free text of requests they made or decided
(the requester's message and company details, the owner's notes and reasons) is blanked. The
signature record (signer name, time, IP, browser, signed text and its hash, applied terms) and
the agreements stay: they are the evidence of what was agreed (art. 17(3)(e))."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from ndas.models import CreatorNdaTemplate, Nda, NdaRequest

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def erase_person(*, user: User) -> dict[str, int]:
    templates = CreatorNdaTemplate.objects.filter(owner=user).delete()[0]
    asked = NdaRequest.objects.filter(requester=user).update(message="", company_info={})
    decided = NdaRequest.objects.filter(Q(owner=user) | Q(decided_by=user)).update(
        notes="", rejection_reason=""
    )
    Nda.objects.filter(revoked_by=user).update(revocation_reason="")
    return {"nda_templates": templates, "nda_requests": asked + decided}
