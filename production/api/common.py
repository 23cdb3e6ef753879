"""What the production API views share: the portal gate, response shapes and row renderings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.permissions import BasePermission

if TYPE_CHECKING:
    from rest_framework.request import Request

    from accounts.models import User
    from pitches.models import Pitch
    from production.models import CompanyVerification, OpenCall, PitchReview, Submission


class CompanyOnly(BasePermission):
    """Logged in as a production company (staff may look too)."""

    message = "This belongs to the production portal."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (user.is_staff or getattr(user, "user_type", "") == "production")
        )


def shape(name: str, *keys: str) -> Any:
    """A response schema of named parts (their insides vary with the data)."""
    return inline_serializer(name, {key: serializers.JSONField() for key in keys})


def company_name(user: User) -> str:
    return user.company_name or user.display_name


def person(user: User) -> dict[str, Any]:
    """A user as production views name them, with the verified-company badge."""
    return {
        "id": user.pk,
        "name": user.display_name,
        "username": user.username,
        "user_type": user.portal,
        "company_name": user.company_name,
        "company_verified": user.company_verified,
    }


def pitch_brief(pitch: Pitch) -> dict[str, Any]:
    """The public facts of a pitch every production list shows (never protected material)."""
    return {
        "id": pitch.pk,
        "title": pitch.title,
        "logline": pitch.logline,
        "genre": pitch.genre,
        "format": pitch.format,
        "development_stage": pitch.development_stage,
        "status": pitch.status,
        "view_count": pitch.view_count,
    }


def review_data(review: PitchReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "pitch_id": review.pitch_id,
        "pitch": pitch_brief(review.pitch),
        "pitch_title": review.pitch.title,
        "company": person(review.company),
        "company_name": company_name(review.company),
        "company_verified": review.company.company_verified,
        "status": review.status,
        "rating": review.rating,
        "feedback": review.feedback,
        "created_at": review.created_at,
        "updated_at": review.updated_at,
    }


def verification_data(user: User, verification: CompanyVerification | None) -> dict[str, Any]:
    """The company's verification state: what it submitted, the checks and what is missing."""
    if user.company_verified:
        state = "verified"
    elif verification is None:
        state = "unverified"
    else:
        state = verification.status
    base: dict[str, Any] = {
        "status": state,
        "verified": user.company_verified,
        "is_verified": user.company_verified,
        "company_name": user.company_name,
        "verification": None,
        "checks": [],
        "missing": [] if user.company_verified else ["Submit your company details."],
    }
    if verification is None:
        return base
    row = {
        "id": verification.pk,
        "status": verification.status,
        "company_name": verification.company_name,
        "region": verification.region,
        "registration_number": verification.registration_number,
        "website": verification.website,
        "has_document": bool(verification.document_key),
        "document_name": verification.document_name,
        "checks": verification.checks,
        "missing": verification.missing,
        "reason": verification.reason,
        "submitted_at": verification.submitted_at,
        "decided_at": verification.decided_at,
    }
    missing = [] if user.company_verified else verification.missing
    if verification.status == "rejected" and not user.company_verified:
        missing = [f"Declined: {verification.reason}", "Submit your details again."]
    return {
        **base,
        "verification": row,
        "checks": verification.checks,
        "missing": missing,
        "reason": verification.reason,
        "region": verification.region,
        "submitted_at": verification.submitted_at,
        "decided_at": verification.decided_at,
    }


def submission_data(submission: Submission, *, for_company: bool) -> dict[str, Any]:
    """A submission as the company sees it (with its notes) or as the creator does."""
    data: dict[str, Any] = {
        "id": submission.pk,
        "pitch_id": submission.pitch_id,
        "pitch": pitch_brief(submission.pitch),
        "title": submission.pitch.title,
        "status": submission.status,
        "message": submission.message,
        "call_id": submission.call_id,
        "call_title": submission.call.title if submission.call else "",
        "submitted_at": submission.created_at,
        "created_at": submission.created_at,
        "status_changed_at": submission.status_changed_at,
    }
    if for_company:
        data["creator"] = person(submission.creator)
        data["creator_name"] = submission.creator.display_name
        data["notes"] = submission.notes
    else:
        data["company"] = person(submission.company)
        data["company_name"] = company_name(submission.company)
        data["company_verified"] = submission.company.company_verified
    return data


def call_data(call: OpenCall) -> dict[str, Any]:
    return {
        "id": call.pk,
        "title": call.title,
        "description": call.description,
        "genres": call.genres,
        "formats": call.formats,
        "budget_bracket": call.budget_bracket,
        "deadline": call.deadline,
        "quota": call.quota,
        "places_left": call.places_left,
        "submission_count": call.submission_count,
        "status": call.status,
        "is_accepting": call.is_accepting,
        "company": person(call.company),
        "company_name": company_name(call.company),
        "company_verified": call.company.company_verified,
        "created_at": call.created_at,
    }
