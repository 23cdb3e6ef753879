"""What the access export (GDPR art. 15) holds from NDAs: the person's templates, the requests
they made (with their signature record) and the requests made to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ndas.models import CreatorNdaTemplate, NdaRequest

if TYPE_CHECKING:
    from accounts.models import User


def personal_data(user: User) -> dict[str, Any]:
    return {
        "nda_templates": list(
            CreatorNdaTemplate.objects.filter(owner=user).values(
                "name", "description", "content", "is_default", "created_at"
            )
        ),
        "nda_requests_made": list(
            NdaRequest.objects.filter(requester=user).values(
                "id",
                "pitch_id",
                "status",
                "message",
                "company_info",
                "signer_name",
                "signed_at",
                "signer_ip",
                "signer_user_agent",
                "text_sha256",
                "created_at",
            )
        ),
        "nda_requests_received": list(
            NdaRequest.objects.filter(owner=user).values(
                "id", "pitch_id", "requester_id", "status", "notes", "rejection_reason"
            )
        ),
    }
