from django.urls import path

from production.api import views_reviews as reviews
from production.api import views_verification as verification

app_name = "production-api"

urlpatterns = [
    path(
        "production/verification-status",
        verification.VerificationStatusApi.as_view(),
        name="verification-status",
    ),
    path("production/verify", verification.VerifyApi.as_view(), name="verify"),
    path(
        "production/verify/upload-insurance",
        verification.UploadInsuranceApi.as_view(),
        name="verify-upload",
    ),
    path(
        "production/verify/companies-house/search",
        verification.CompanySearchApi.as_view(),
        name="company-search",
    ),
    path("production/review-queue", reviews.ReviewQueueApi.as_view(), name="review-queue"),
    path("production/reviews", reviews.ReviewListApi.as_view(), name="reviews"),
    path("production/reviews/<int:review_id>", reviews.ReviewDetailApi.as_view(), name="review"),
    path("creator/reviews", reviews.ReceivedReviewsApi.as_view(), name="creator-reviews"),
]
