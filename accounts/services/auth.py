"""Registration, email verification, login with lockout, sessions, passwords, deactivation."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from accounts import signup_codes, tasks, tokens
from accounts.models import OneTimeToken, User, normalise_email
from accounts.services import mfa
from accounts.services.errors import (
    EmailNotVerified,
    InvalidCredentials,
    WrongPortal,
)
from accounts.services.sessions import (
    LoginOutcome,
    end_all_sessions,
    hash_secret,
    refuse_if_suspended,
    start_session,
)
from analytics import record_activity, track
from pitchey import runtime
from pitchey.errors import Conflict, DomainError
from pitchey.ratelimit import hit_rate_limit

if TYPE_CHECKING:
    pass

PORTAL_TYPES = {
    "creator": User.Type.CREATOR,
    "investor": User.Type.INVESTOR,
    "production": User.Type.PRODUCTION,
    "watcher": User.Type.VIEWER,
    "viewer": User.Type.VIEWER,
}


def validate_new_password(password: str, *, user: User, field: str = "password") -> None:
    """Django's password validators; failures become a 400 with the messages under `field`."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise DomainError(
            "Choose a stronger password.", code="VALIDATION_ERROR", details={field: exc.messages}
        ) from None


# --- registration and verification ------------------------------------------------------------


def register_user(
    *,
    email: str,
    username: str,
    password: str,
    user_type: str,
    company_name: str = "",
    first_name: str = "",
    last_name: str = "",
    invite_code: str = "",
) -> User:
    """Create an unverified account and email its verification link (after commit). No login.
    An invite code is redeemed with the account (a refused code creates no account)."""
    runtime.require_feature("user_registration", "Registration")
    email = normalise_email(email)
    username = username.strip()
    if user_type not in PORTAL_TYPES:
        raise DomainError(
            "Choose creator, investor, production or watcher.",
            code="VALIDATION_ERROR",
            details={"user_type": ["Choose creator, investor, production or watcher."]},
        )
    user = User(
        email=email,
        username=username,
        user_type=PORTAL_TYPES[user_type],
        company_name=company_name.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    validate_new_password(password, user=user)
    _refuse_duplicates(email=email, username=username)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            if invite_code:
                signup_codes.redeem(user=user, code=invite_code)
    except IntegrityError:
        raise Conflict(
            "An account with this email or username already exists.",
            details={"email": ["This email or username is already registered."]},
        ) from None
    transaction.on_commit(lambda: tasks.send_verification_email.delay(user.pk))
    track("registration", user_id=user.pk, data={"userType": user.user_type})
    record_activity(user, "accounts.user.registered", actor=user, data={"type": user.user_type})
    return user


def _refuse_duplicates(*, email: str, username: str, exclude: int | None = None) -> None:
    others = User.objects.exclude(pk=exclude) if exclude else User.objects.all()
    if others.filter(email__iexact=email).exists():
        raise Conflict(
            "This email is already registered.",
            details={"email": ["This email is already registered."]},
        )
    if others.filter(username__iexact=username).exists():
        raise Conflict("This username is taken.", details={"username": ["This username is taken."]})


def issue_one_time_token(*, user: User, purpose: str, lifetime: timedelta) -> str:
    """A new single-use token for `purpose`; earlier unused ones of the same purpose stop
    working."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    OneTimeToken.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(
        used_at=now
    )
    OneTimeToken.objects.create(
        user=user,
        purpose=purpose,
        token_hash=hash_secret(raw),
        created_at=now,
        expires_at=now + lifetime,
    )
    return raw


def consume_one_time_token(*, raw: str, purpose: str) -> User | None:
    """Spend a token exactly once (atomic); None if unknown, used or expired."""
    now = timezone.now()
    token_hash = hash_secret(raw)
    spent = OneTimeToken.objects.filter(
        token_hash=token_hash, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if spent != 1:
        return None
    return User.objects.active().filter(one_time_tokens__token_hash=token_hash).first()


def send_verification_email(*, user: User) -> None:
    """Email a fresh verification link to an unverified user (no-op once verified)."""
    if user.email_verified or not user.is_active:
        return
    raw = issue_one_time_token(
        user=user,
        purpose=OneTimeToken.Purpose.VERIFY_EMAIL,
        lifetime=timedelta(hours=settings.EMAIL_VERIFICATION_TOKEN_HOURS),
    )
    link = f"{settings.SITE_URL}/api/auth/verify-email?{urlencode({'token': raw})}"
    send_mail(
        "Confirm your Pitchey email address",
        f"Hello {user.display_name},\n\nConfirm your email address to start using Pitchey:\n\n"
        f"{link}\n\nThe link works for {settings.EMAIL_VERIFICATION_TOKEN_HOURS} hours.",
        None,
        [user.email],
    )


def verify_email(*, token: str) -> User | None:
    """Mark the email of the token's user verified; None when the token is not usable."""
    user = consume_one_time_token(raw=token, purpose=OneTimeToken.Purpose.VERIFY_EMAIL)
    if user is None:
        return None
    if not user.email_verified:
        user.email_verified = True
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified", "email_verified_at", "updated_at"])
        data = {"changes": {"email_verified": [False, True]}}
        record_activity(user, "accounts.user.email_verified", actor=user, data=data)
    return user


def resend_verification(*, email: str) -> None:
    """Send another link to an unverified address; at most 3 an hour per address, silently."""
    user = User.objects.active().filter(email__iexact=email.strip()).first()
    if user is None or user.email_verified:
        return
    allowed, _, _ = hit_rate_limit(f"resend-verification:{user.pk}", 3, 3600)
    if allowed:
        transaction.on_commit(lambda: tasks.send_verification_email.delay(user.pk))


# --- login --------------------------------------------------------------------------------------


def _reserve_attempt(user: User) -> bool:
    """Count one login attempt before checking the password; False when the account is locked.

    One UPDATE does the check and the increment, so concurrent attempts can never get past the
    limit together; the attempt that reaches the limit sets the lock in the same statement (a
    correct password then clears it again).
    """
    now = timezone.now()
    limit = settings.LOGIN_MAX_FAILURES
    lock_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    expired = Q(account_locked_until__isnull=False, account_locked_until__lte=now)
    when_null = Value(None, output_field=DateTimeField())
    updated = (
        User.objects.filter(pk=user.pk)
        .filter(Q(account_locked_until__isnull=True) | expired)
        .filter(Q(failed_login_attempts__lt=limit) | expired)
        .update(
            failed_login_attempts=Case(
                When(expired, then=Value(1)), default=F("failed_login_attempts") + 1
            ),
            account_locked_until=Case(
                When(expired, then=Value(lock_until) if limit <= 1 else when_null),
                When(failed_login_attempts__gte=limit - 1, then=Value(lock_until)),
                default=when_null,
                output_field=DateTimeField(),
            ),
        )
    )
    return updated == 1


def authenticate_credentials(*, email: str, password: str) -> User:
    """The active user with this email and password, counting failures toward the lockout.

    An unknown email, a wrong password and a locked account answer alike, each after exactly one
    password hash, so neither the answer nor its timing tells whether an account exists; the
    owner of a locked account is told by email instead.
    """
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        make_password(password)  # the cost of one hash, like checking a real one
        track("login_failed", data={"unknownEmail": True})
        raise InvalidCredentials()
    if not _reserve_attempt(user):
        make_password(password)  # a locked account costs the same hash and answers the same
        raise InvalidCredentials()
    if not user.check_password(password) or not user.is_active:
        User.objects.filter(pk=user.pk).update(last_failed_login=timezone.now())
        track("login_failed", user_id=user.pk)
        _tell_if_now_locked(user)
        raise InvalidCredentials()
    User.objects.filter(pk=user.pk).update(failed_login_attempts=0, account_locked_until=None)
    user.failed_login_attempts, user.account_locked_until = 0, None
    refuse_if_suspended(user)
    return user


def _tell_if_now_locked(user: User) -> None:
    """Email the owner when this failure is the one that locked the account."""
    locked = User.objects.filter(
        pk=user.pk,
        failed_login_attempts=settings.LOGIN_MAX_FAILURES,
        account_locked_until__gt=timezone.now(),
    ).exists()
    if locked and user.is_active:
        transaction.on_commit(lambda: tasks.send_lockout_email.delay(user.pk))


def send_lockout_email(*, user: User) -> None:
    """Tell the owner their account is locked after repeated failed logins, and how to recover."""
    send_mail(
        "Your Pitchey account is locked for a while",
        f"Hello {user.display_name},\n\nThere were {settings.LOGIN_MAX_FAILURES} failed attempts "
        "to log in to your Pitchey account, so it is locked for "
        f"{settings.LOGIN_LOCKOUT_MINUTES} minutes.\n\nIf it was you, wait and try again, or "
        f"reset your password: {settings.FRONTEND_URL}/forgot-password\n\nIf it was not you, "
        "your password is still safe; resetting it ends every session.",
        None,
        [user.email],
    )


def portal_allows(user: User, portal: str | None) -> bool:
    """Users log in to the portal of their own type only; admins to any; None means generic."""
    if portal is None or user.user_type == User.Type.ADMIN or user.is_staff:
        return True
    return PORTAL_TYPES.get(portal) == user.user_type


def login(
    *, email: str, password: str, portal: str | None, user_agent: str = "", ip: str | None = None
) -> LoginOutcome:
    """Check credentials, verification and portal; then start a session or an MFA challenge."""
    user = authenticate_credentials(email=email, password=password)
    if not user.email_verified:
        raise EmailNotVerified()
    if not portal_allows(user, portal):
        raise WrongPortal(user.portal)
    if mfa.mfa_enabled(user):
        return LoginOutcome(user, challenge=mfa.create_mfa_challenge(user=user, portal=portal))
    return LoginOutcome(user, pair=start_session(user=user, user_agent=user_agent, ip=ip))


def deactivate_user(*, user: User) -> None:
    """Deactivate the account and end all of its sessions."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    end_all_sessions(user=user)
    data = {"changes": {"is_active": [True, False]}}
    record_activity(user, "accounts.user.deactivated", actor=user, data=data)


# --- passwords ----------------------------------------------------------------------------------


def change_password(
    *,
    user: User,
    current_password: str,
    new_password: str,
    user_agent: str = "",
    ip: str | None = None,
) -> tokens.TokenPair:
    """Replace the password, end every session, and start a new one for the caller's device."""
    if not user.check_password(current_password):
        raise DomainError(
            "The current password is incorrect.",
            code="INVALID_PASSWORD",
            details={"current_password": ["The current password is incorrect."]},
        )
    validate_new_password(new_password, user=user, field="new_password")
    _store_password(user, new_password)
    return start_session(user=user, user_agent=user_agent, ip=ip)


def _store_password(user: User, password: str) -> None:
    user.set_password(password)
    user.last_password_change_at = timezone.now()
    user.failed_login_attempts = 0
    user.account_locked_until = None
    user.save(
        update_fields=[
            "password",
            "last_password_change_at",
            "failed_login_attempts",
            "account_locked_until",
            "updated_at",
        ]
    )
    end_all_sessions(user=user)
    record_activity(user, "accounts.user.password_changed", actor=user)


def request_password_reset(*, email: str) -> None:
    """Email a reset link if an active account has this address (the caller learns nothing)."""
    user = User.objects.active().filter(email__iexact=(email or "").strip()).first()
    if user is None:
        return
    allowed, _, _ = hit_rate_limit(f"password-reset:{user.pk}", 5, 3600)
    if allowed:
        transaction.on_commit(lambda: tasks.send_password_reset_email.delay(user.pk))


def send_password_reset_email(*, user: User) -> None:
    raw = issue_one_time_token(
        user=user,
        purpose=OneTimeToken.Purpose.RESET_PASSWORD,
        lifetime=timedelta(minutes=settings.PASSWORD_RESET_TOKEN_MINUTES),
    )
    link = f"{settings.FRONTEND_URL}/reset-password?{urlencode({'token': raw})}"
    send_mail(
        "Reset your Pitchey password",
        f"Hello {user.display_name},\n\nSomeone asked to reset the password of your Pitchey "
        f"account. If it was you, choose a new password here within an hour:\n\n{link}\n\n"
        "If it was not you, ignore this email: your password stays as it is.",
        None,
        [user.email],
    )


def reset_password(*, token: str, new_password: str) -> User:
    """Set a new password with a single-use reset token (1 hour); ends every session."""
    now = timezone.now()
    row = (
        OneTimeToken.objects.select_related("user")
        .filter(
            token_hash=hash_secret(token or ""),
            purpose=OneTimeToken.Purpose.RESET_PASSWORD,
            used_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    invalid = DomainError(
        "This reset link is invalid or has expired.",
        code="INVALID_TOKEN",
        details={"token": ["This reset link is invalid or has expired."]},
    )
    if row is None:
        raise invalid
    validate_new_password(new_password, user=row.user, field="new_password")
    with transaction.atomic():
        user = consume_one_time_token(raw=token, purpose=OneTimeToken.Purpose.RESET_PASSWORD)
        if user is None:
            raise invalid
        _store_password(user, new_password)
    return user
