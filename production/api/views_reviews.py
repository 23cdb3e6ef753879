"""The review queue and reviews (technical reference 3.3.1): the company's queue of pitches
under signed NDA, its reviews, and the creator's view of the reviews of their pitches."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import PagePagination, flat_response, request_user
from production import selectors, services
from production.api.common import CompanyOnly, review_data, shape
from production.models import PitchReview

PAGE = [OpenApiParameter("page", int), OpenApiParameter("limit", int)]
REVIEW = shape("Review", "review", "id", "status", "rating", "feedback")
REVIEWS = shape("ReviewList", "reviews", "items", "total")


class ReviewQueueApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Pitches under your signed NDAs that you have not reviewed, most viewed first",
        parameters=PAGE,
        responses=shape("ReviewQueue", "queue", "items", "total"),
    )
    def get(self, request: Request) -> Response:
        paginator = PagePagination()
        rows = paginator.paginate_queryset(selectors.review_queue(request_user(request)), request)
        items = [selectors.queue_item(pitch) for pitch in rows]
        return paginator.page_response({"queue": items, "items": items, **paginator.list_counts()})


class ReviewInput(serializers.Serializer):
    status = serializers.CharField(max_length=20)
    rating = serializers.IntegerField(min_value=1, max_value=10)
    feedback = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReviewListApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(ReviewInput):
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)

    @extend_schema(
        summary="Your company's reviews, newest first",
        parameters=[*PAGE, OpenApiParameter("status", str)],
        responses=REVIEWS,
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status", "")
        if wanted and wanted not in PitchReview.Status.values:
            raise serializers.ValidationError({"status": ["approved, passed or needs_changes."]})
        paginator = PagePagination()
        rows = paginator.paginate_queryset(
            selectors.reviews_by(request_user(request), status=wanted), request
        )
        reviews = [review_data(r) for r in rows]
        return paginator.page_response(
            {"reviews": reviews, "items": reviews, **paginator.list_counts()}
        )

    @extend_schema(
        summary="Review a pitch you hold a signed NDA for (once; the creator is told)",
        request=InputSerializer,
        responses={201: REVIEW},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        pitch = selectors.reviewable_pitch_or_404(user, data["pitch_id"])
        review = services.create_review(
            company=user,
            pitch=pitch,
            status=data["status"],
            rating=data["rating"],
            feedback=data.get("feedback", ""),
        )
        body = review_data(review)
        return flat_response({**body, "review": body}, status.HTTP_201_CREATED)


class ReviewDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        status = serializers.CharField(max_length=20, required=False)
        rating = serializers.IntegerField(min_value=1, max_value=10, required=False)
        feedback = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    @extend_schema(summary="A review you wrote or received", responses=REVIEW)
    def get(self, request: Request, review_id: int) -> Response:
        body = review_data(selectors.review_or_404(request_user(request), review_id))
        return flat_response({**body, "review": body})

    @extend_schema(summary="Edit your review", request=InputSerializer, responses=REVIEW)
    def patch(self, request: Request, review_id: int) -> Response:
        user = request_user(request)
        review = selectors.own_review_or_404(user, review_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.update_review(review=review, actor=user, **payload.validated_data)
        body = review_data(review)
        return flat_response({**body, "review": body})

    put = patch


class ReceivedReviewsApi(APIView):
    @extend_schema(
        summary="Reviews production companies wrote of your pitches",
        parameters=PAGE,
        responses=REVIEWS,
    )
    def get(self, request: Request) -> Response:
        paginator = PagePagination()
        rows = paginator.paginate_queryset(
            selectors.reviews_received(request_user(request)), request
        )
        reviews = [review_data(r) for r in rows]
        return paginator.page_response(
            {"reviews": reviews, "items": reviews, **paginator.list_counts()}
        )
