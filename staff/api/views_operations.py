"""Operations (AD12-AD14): verification queue, credits, heat and reputation, subscription
grants; reports and transactions (AD9, AD10)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from billing import services as billing_services
from pitchey.api import PagePagination, flat_response, query_params, request_user
from production import services as production_services
from staff import operations_selectors as ops
from staff import selectors
from staff.api.common import REDIRECT, StaffApi, destructive, shape
from staff.services import operations, reports


def _user_or_404(user_id: int) -> Any:
    user = selectors.user_for_console(user_id)
    if user is None:
        raise Http404
    return user


class VerificationListApi(StaffApi):
    staff_permission = "staff.review_verifications"

    @extend_schema(
        summary="Company verifications: pending (default), approved, rejected or all",
        responses=shape("AdminVerifications", "verifications", "total"),
    )
    def get(self, request: Request) -> Response:
        rows = ops.verifications(query_params(request).get("status") or "pending")
        paginator = PagePagination("verifications")
        page = paginator.paginate_queryset(rows, request, self)
        items = [ops.verification_json(v) for v in page]
        return paginator.page_response({"verifications": items, **paginator.list_counts()})


class VerificationDecideApi(StaffApi):
    staff_permission = "staff.review_verifications"

    class InputSerializer(serializers.Serializer):
        approved = serializers.BooleanField()
        rejection_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="Approve or reject a company verification (a rejection needs a reason)",
        request=InputSerializer,
        responses=shape("VerificationDecided", "verification"),
    )
    def patch(self, request: Request, verification_id: int) -> Response:
        row = get_object_or_404(ops.verifications("all"), pk=verification_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        actor = request_user(request)
        if data["approved"]:
            row = production_services.approve_verification(verification=row, actor=actor)
        else:
            row = production_services.reject_verification(
                verification=row, actor=actor, reason=data.get("rejection_reason", "")
            )
        return flat_response({"verification": ops.verification_json(row)})


class _CreditInput(serializers.Serializer):
    user_id = serializers.IntegerField(min_value=1)
    amount = serializers.IntegerField(min_value=1, max_value=100_000)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class CreditGrantApi(StaffApi):
    staff_permission = "staff.manage_credits"

    @extend_schema(
        summary="Grant credits with a reason",
        request=_CreditInput,
        responses={201: shape("CreditsGranted", "entry_id", "balance")},
    )
    def post(self, request: Request) -> Response:
        payload = _CreditInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = _user_or_404(data["user_id"])
        entry = operations.grant_credits(
            user=user,
            amount=data["amount"],
            reason=data.get("reason", ""),
            actor=request_user(request),
        )
        body = {
            "entry_id": entry.pk if entry else None,
            "balance": billing_services.balance_of(user.pk),
        }
        return flat_response(body, status.HTTP_201_CREATED)


class CreditRevokeApi(StaffApi):
    staff_permission = "staff.manage_credits"

    @extend_schema(
        summary="Revoke credits (a reason and a recent login)",
        request=_CreditInput,
        responses=shape("CreditsRevoked", "entry_id", "balance"),
    )
    def post(self, request: Request) -> Response:
        payload = _CreditInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = _user_or_404(data["user_id"])
        reason = destructive(request, data.get("reason"))
        entry = operations.revoke_credits(
            user=user, amount=data["amount"], reason=reason, actor=request_user(request)
        )
        return flat_response(
            {"entry_id": entry.pk, "balance": billing_services.balance_of(user.pk)}
        )


class HeatRecalculateApi(StaffApi):
    staff_permission = "staff.run_operations"

    @extend_schema(
        summary="Recompute heat and trending now",
        request=None,
        responses=shape("HeatRecalculated", "pitches_with_heat"),
    )
    def post(self, request: Request) -> Response:
        return flat_response(operations.recalculate_heat(actor=request_user(request)))


class ReputationRecomputeApi(StaffApi):
    staff_permission = "staff.run_operations"

    @extend_schema(
        summary="Recompute creators' trust tiers now",
        request=None,
        responses=shape("ReputationRecomputed", "checked", "promoted"),
    )
    def post(self, request: Request) -> Response:
        return flat_response(operations.recompute_reputations(actor=request_user(request)))


class SubscriptionGrantsApi(StaffApi):
    staff_permission = "staff.view_reports"

    @extend_schema(
        summary="Subscriptions by status and credits granted this month",
        responses=shape("SubscriptionGrants", "subscriptions", "credits_this_month"),
    )
    def get(self, request: Request) -> Response:
        return flat_response(ops.subscription_grants())


class ReportListApi(StaffApi):
    staff_permission = "staff.view_reports"

    @extend_schema(
        summary="Generated CSV reports with their download links",
        responses=shape("AdminReports", "reports", "total"),
    )
    def get(self, request: Request) -> Response:
        paginator = PagePagination("reports")
        page = paginator.paginate_queryset(ops.report_jobs(), request, self)
        items = [ops.report_json(job, reports.download_url(job)) for job in page]
        return paginator.page_response({"reports": items, **paginator.list_counts()})


class ReportGenerateApi(StaffApi):
    staff_permission = "staff.view_reports"

    class InputSerializer(serializers.Serializer):
        type = serializers.CharField(max_length=20)
        filters = serializers.DictField(required=False)

    @extend_schema(
        summary="Queue a CSV report (users, pitches, transactions, credits, ndas, moderation)",
        request=InputSerializer,
        responses={202: shape("ReportQueued", "report")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        job = reports.queue_report(
            actor=request_user(request), kind=data["type"], filters=data.get("filters") or {}
        )
        job.refresh_from_db()
        report = ops.report_json(job, reports.download_url(job))
        return flat_response({"report": report}, status.HTTP_202_ACCEPTED)


class ReportDownloadApi(StaffApi):
    staff_permission = "staff.view_reports"

    @extend_schema(summary="Download a report", responses=REDIRECT)
    def get(self, request: Request, job_id: int) -> HttpResponseRedirect:
        job = get_object_or_404(ops.report_jobs(), pk=job_id)
        url = reports.download_url(job)
        if url is None:
            raise Http404
        return HttpResponseRedirect(url)
