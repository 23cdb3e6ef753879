from django.urls import path

from production.api import views_calls as calls
from production.api import views_reviews as reviews
from production.api import views_submissions as submissions
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
    path("production/submissions", submissions.SubmissionBoardApi.as_view(), name="submissions"),
    path(
        "production/submissions/bulk",
        submissions.SubmissionBulkMoveApi.as_view(),
        name="submissions-bulk",
    ),
    path(
        "production/submissions/<int:pitch_id>",
        submissions.SubmissionMoveApi.as_view(),
        name="submission",
    ),
    path("calls", calls.CallListApi.as_view(), name="calls"),
    path("calls/mine", calls.MyCallsApi.as_view(), name="calls-mine"),
    path("calls/submissions/mine", submissions.MySubmissionsApi.as_view(), name="my-submissions"),
    path(
        "calls/submissions/<int:submission_id>",
        calls.CallSubmissionDetailApi.as_view(),
        name="call-submission",
    ),
    path("calls/<int:call_id>", calls.CallDetailApi.as_view(), name="call"),
    path(
        "calls/<int:call_id>/submissions",
        calls.CallSubmissionsApi.as_view(),
        name="call-submissions",
    ),
]
