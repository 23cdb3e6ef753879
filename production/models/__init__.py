"""The production app's tables, one module per concern."""

from production.models.company import CompanyVerification
from production.models.pipeline import OpenCall, Submission
from production.models.review import PitchReview

__all__ = ["CompanyVerification", "OpenCall", "PitchReview", "Submission"]
