"""The production app's tables, one module per concern."""

from production.models.company import CompanyVerification
from production.models.review import PitchReview

__all__ = ["CompanyVerification", "PitchReview"]
