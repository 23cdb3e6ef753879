"""User management (AD2): list with filters, detail with activity, update, suspend, ban,
restore, verify."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import services as account_services
from accounts.models import User
from pitchey.api import PagePagination, flat_response, query_params, request_user
from pitchey.errors import DomainError, NotAllowed
from staff import selectors
from staff.api.common import ReasonSerializer, StaffApi, destructive, shape, user_json
from staff.services import moderation
from staff.services import users as user_services

SUSPEND = "staff.suspend_users"


def _user_or_404(user_id: int) -> User:
    user = selectors.user_for_console(user_id)
    if user is None:
        raise Http404
    return user


class UserListApi(StaffApi):
    staff_permission = "staff.view_users"

    @extend_schema(
        summary="Users: search, userType, status, verified, joinedFrom/joinedTo, sortBy",
        responses=shape("AdminUsers", "users", "total", "page", "limit", "totalPages"),
    )
    def get(self, request: Request) -> Response:
        users = selectors.users_for_console(selectors.as_dict(query_params(request)))
        paginator = PagePagination("users")
        page = paginator.paginate_queryset(users, request, self)
        return paginator.page_response(
            {"users": [user_json(u) for u in page], **paginator.list_counts()}
        )


class UserDetailApi(StaffApi):
    staff_permission = {"GET": "staff.view_users", "PUT": "staff.manage_users"}

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(["active", "suspended", "banned"], required=False)
        suspend_until = serializers.DateTimeField(required=False)
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
        credits = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
        email_verified = serializers.BooleanField(required=False)
        company_verified = serializers.BooleanField(required=False)
        roles = serializers.ListField(
            child=serializers.CharField(max_length=20), max_length=3, required=False
        )

    @extend_schema(
        summary="One user with their recent activity",
        responses=shape("AdminUser", "user", "activity", "roles"),
    )
    def get(self, request: Request, user_id: int) -> Response:
        user = _user_or_404(user_id)
        return flat_response(
            {
                "user": user_json(user),
                "roles": selectors.role_names(user),
                "activity": [selectors.audit_json(e) for e in selectors.activity_of(user)],
            }
        )

    @extend_schema(
        summary="Update a user: status, credits (set the balance), verification, staff roles",
        request=InputSerializer,
        responses=shape("AdminUserUpdated", "user"),
    )
    def put(self, request: Request, user_id: int) -> Response:
        user = _user_or_404(user_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        actor = request_user(request)
        reason = data.get("reason", "")
        if "status" in data:
            if not actor.has_perm(SUSPEND):
                raise NotAllowed("Your staff role cannot suspend or restore users.")
            if data["status"] == "banned" or _lowers_credits(user, data):
                reason = destructive(request, reason)
        elif _lowers_credits(user, data):
            reason = destructive(request, reason)
        user_services.update_user(user=user, actor=actor, changes=data, reason=reason)
        return flat_response({"user": user_json(_user_or_404(user_id))})


def _lowers_credits(user: User, data: dict[str, Any]) -> bool:
    return "credits" in data and data["credits"] < getattr(user, "credits", 0)


class UserSuspendApi(StaffApi):
    staff_permission = SUSPEND

    class InputSerializer(ReasonSerializer):
        until = serializers.DateTimeField(required=False)
        suspend_until = serializers.DateTimeField(required=False)
        days = serializers.IntegerField(min_value=1, max_value=3650, required=False)

    @extend_schema(
        summary="Suspend until a date (or for days): sessions and sockets end at once",
        request=InputSerializer,
        responses=shape("UserSuspended", "user"),
    )
    def post(self, request: Request, user_id: int) -> Response:
        user = _user_or_404(user_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        until = data.get("until") or data.get("suspend_until")
        if until is None:
            until = timezone.now() + timedelta(days=data.get("days", 7))
        reason = (data.get("reason") or "").strip()
        if not reason:
            raise DomainError(
                "Give a reason.", code="VALIDATION_ERROR", details={"reason": ["Required."]}
            )
        account_services.suspend_user(
            user=user, actor=request_user(request), until=until, reason=reason
        )
        return flat_response({"user": user_json(_user_or_404(user_id))})


class UserBanApi(StaffApi):
    staff_permission = SUSPEND

    @extend_schema(
        summary="Ban until restored (a reason and a recent login)",
        request=ReasonSerializer,
        responses=shape("UserBanned", "user"),
    )
    def post(self, request: Request, user_id: int) -> Response:
        user = _user_or_404(user_id)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reason = destructive(request, payload.validated_data.get("reason"))
        account_services.ban_user(user=user, actor=request_user(request), reason=reason)
        return flat_response({"user": user_json(_user_or_404(user_id))})


class UserRestoreApi(StaffApi):
    staff_permission = SUSPEND

    @extend_schema(
        summary="Lift a suspension or ban",
        request=ReasonSerializer,
        responses=shape("UserRestored", "user"),
    )
    def post(self, request: Request, user_id: int) -> Response:
        user = _user_or_404(user_id)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        moderation.apply_status(
            user=user,
            actor=request_user(request),
            status="active",
            reason=payload.validated_data.get("reason", ""),
            until=None,
        )
        return flat_response({"user": user_json(_user_or_404(user_id))})


class UserVerifyApi(StaffApi):
    staff_permission = "staff.manage_users"

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(["email", "company"], required=False, default="email")

    @extend_schema(
        summary="Mark a user's email (or company) verified",
        request=InputSerializer,
        responses=shape("UserVerified", "user"),
    )
    def post(self, request: Request, user_id: int) -> Response:
        user = _user_or_404(user_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        actor = request_user(request)
        if payload.validated_data["kind"] == "company":
            account_services.mark_company_verified(user=user, actor=actor)
        else:
            account_services.mark_email_verified(user=user, actor=actor)
        return flat_response({"user": user_json(_user_or_404(user_id))})
