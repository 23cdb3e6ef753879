"""Staff tools for accounts: search, filters, and actions that call the services."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts import services
from accounts.identity.models import IdentityVerification
from accounts.models import Block, Follow, User, UserFile, UserSession
from accounts.views import logout_page
from pitchey.admin_actions import ReadOnlyAdmin, service_action


class LockedFilter(admin.SimpleListFilter):
    title = "lock state"
    parameter_name = "locked"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Locked"), ("no", "Not locked")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(account_locked_until__gt=now)
        if self.value() == "no":
            return queryset.exclude(account_locked_until__gt=now)
        return queryset


class IdentityVerifiedFilter(admin.SimpleListFilter):
    title = "identity"
    parameter_name = "identity"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Verified"), ("no", "Not verified")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() in ("yes", "no"):
            return queryset.filter(identity_verified_at__isnull=self.value() == "no")
        return queryset


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "username",
        "user_type",
        "company_name",
        "email_verified",
        "company_verified",
        "is_active",
        "account_locked_until",
        "created_at",
    ]
    list_filter = [
        "user_type",
        "email_verified",
        "company_verified",
        IdentityVerifiedFilter,
        "is_active",
        LockedFilter,
    ]
    search_fields = ["email", "username", "company_name"]
    ordering = ["-created_at"]
    readonly_fields = [
        "password",
        "token_version",
        "failed_login_attempts",
        "last_failed_login",
        "last_login",
        "created_at",
        "updated_at",
        "email_verified_at",
        "identity_verified_at",
        "two_factor_enabled",
        # Only services change these (deactivation ends sessions; a type is chosen at sign-up).
        "is_active",
        "user_type",
        # the verified-company badge: the actions below, so cached pages showing it are rebuilt
        "company_verified",
    ]
    exclude = ["email_verification_token", "groups", "user_permissions"]
    actions = [
        service_action(
            "lock",
            "Lock the selected accounts",
            lambda request, user: services.lock_account(user=user),
            done="Locked: {count} account(s).",
        ),
        service_action(
            "unlock",
            "Unlock the selected accounts",
            lambda request, user: services.unlock_account(user=user),
            done="Unlocked: {count} account(s).",
        ),
        service_action(
            "verify_email",
            "Mark email verified",
            lambda request, user: services.mark_email_verified(user=user),
            done="Email verified: {count} account(s).",
        ),
        service_action(
            "verify_company",
            "Mark company verified",
            lambda request, user: services.mark_company_verified(user=user),
            done="Company verified: {count} account(s).",
        ),
        service_action(
            "withdraw_company_verification",
            "Withdraw company verification",
            lambda request, user: services.withdraw_company_verification(user=user),
            done="Company verification withdrawn: {count} account(s).",
        ),
        service_action(
            "end_sessions",
            "End all sessions",
            lambda request, user: services.end_all_sessions(user=user),
            done="Sessions ended: {count} account(s).",
        ),
        service_action(
            "deactivate",
            "Deactivate (and end all sessions)",
            lambda request, user: services.deactivate_user(user=user),
            done="Deactivated: {count} account(s).",
        ),
    ]


def _admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Staff log in through the site's login (lockout, MFA, sessions) rather than a side door."""
    target = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.logout = logout_page  # type: ignore[method-assign,assignment]


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "device", "ip_address", "created_at", "last_seen_at", "revoked_at"]
    search_fields = ["user__email", "ip_address"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "user_agent",
        "device",
        "ip_address",
        "created_at",
        "last_seen_at",
        "revoked_at",
    ]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "following", "created_at"]
    list_select_related = ["follower", "following"]
    raw_id_fields = ["follower", "following"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    list_select_related = ["blocker", "blocked"]
    raw_id_fields = ["blocker", "blocked"]


@admin.register(UserFile)
class UserFileAdmin(admin.ModelAdmin):
    """Files users uploaded outside pitches (covers, company documents); read-only."""

    list_display = ["original_name", "owner", "kind", "folder", "size", "is_public", "created_at"]
    list_filter = ["kind", "is_public"]
    search_fields = ["original_name", "owner__email", "owner__username"]
    readonly_fields = [f.name for f in UserFile._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(IdentityVerification)
class IdentityVerificationAdmin(ReadOnlyAdmin):
    """Identity verification attempts and the user's outcome; read-only (only the provider's
    answer, read by the service, changes them)."""

    list_display = [
        "user",
        "provider",
        "status",
        "last_error_code",
        "user_identity_verified_at",
        "created_at",
        "checked_at",
    ]
    list_filter = ["provider", "status"]
    search_fields = ["user__email", "user__username", "provider_session_id"]
    list_select_related = ["user"]
    readonly_fields = [
        *[f.name for f in IdentityVerification._meta.fields],
        "user_identity_verified_at",
    ]

    @admin.display(description="user verified at")
    def user_identity_verified_at(self, obj: IdentityVerification) -> object:
        return obj.user.identity_verified_at
