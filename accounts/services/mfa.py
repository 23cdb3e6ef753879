"""Second factors: TOTP with single-use backup codes, and one-time codes sent by email."""

from __future__ import annotations

import hmac
import secrets
import time
import uuid
from datetime import timedelta

import pyotp
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import tasks
from accounts.models import LoginChallenge, MfaSettings, User
from accounts.services.errors import EmailNotVerified, InvalidCode
from accounts.services.sessions import LoginOutcome, hash_secret, start_session
from analytics import record_activity
from pitchey.errors import DomainError
from pitchey.ratelimit import hit_rate_limit

MFA_CHALLENGE_MINUTES = 5
EMAIL_OTP_MINUTES = 10
MAX_CHALLENGE_ATTEMPTS = 5
BACKUP_CODE_COUNT = 10
ISSUER = "Pitchey"


def mfa_enabled(user: User) -> bool:
    return (
        MfaSettings.objects.filter(user=user, enabled_at__isnull=False).exclude(secret="").exists()
    )


def _settings(user: User) -> MfaSettings:
    mfa, _ = MfaSettings.objects.get_or_create(user=user)
    return mfa


def start_mfa_setup(*, user: User) -> tuple[str, str]:
    """A new pending TOTP secret and its otpauth:// URI; the current one stays until enabled."""
    mfa = _settings(user)
    mfa.pending_secret = pyotp.random_base32()
    mfa.pending_verified = False
    mfa.save(update_fields=["pending_secret", "pending_verified"])
    uri = pyotp.TOTP(mfa.pending_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return mfa.pending_secret, uri


def _totp_step(secret: str, code: str) -> int | None:
    """The time step (±1 for clock drift) at which `code` is valid for `secret`."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def verify_mfa_setup(*, user: User, code: str) -> None:
    """Confirm the authenticator app holds the pending secret."""
    mfa = _settings(user)
    if not mfa.pending_secret or _totp_step(mfa.pending_secret, code) is None:
        raise InvalidCode()
    mfa.pending_verified = True
    mfa.save(update_fields=["pending_verified"])


def enable_mfa(*, user: User, code: str = "") -> list[str]:
    """Turn on TOTP with the verified pending secret; returns new backup codes (shown once)."""
    mfa = _settings(user)
    if not mfa.pending_secret:
        raise DomainError("Start the authenticator setup first.", code="MFA_SETUP_REQUIRED")
    if not mfa.pending_verified and (not code or _totp_step(mfa.pending_secret, code) is None):
        raise InvalidCode("Enter a current code from your authenticator app.")
    codes = _new_backup_codes()
    mfa.secret, mfa.pending_secret, mfa.pending_verified = mfa.pending_secret, "", False
    mfa.enabled_at = timezone.now()
    mfa.backup_code_hashes = [hash_secret(c) for c in codes]
    mfa.last_totp_step = 0
    mfa.save()
    User.objects.filter(pk=user.pk).update(two_factor_enabled=True)
    user.two_factor_enabled = True
    data = {"changes": {"two_factor_enabled": [False, True]}}
    record_activity(user, "accounts.mfa.enabled", actor=user, data=data)
    return codes


def _require_proof(user: User, *, password: str, code: str) -> None:
    if password and user.check_password(password):
        return
    if code and check_mfa_code(user=user, code=code):
        return
    raise InvalidCode("Confirm with your password or a current authenticator code.")


def disable_mfa(*, user: User, password: str = "", code: str = "") -> None:
    """Turn MFA off; needs the password or a valid code."""
    _require_proof(user, password=password, code=code)
    MfaSettings.objects.filter(user=user).update(
        secret="", enabled_at=None, backup_code_hashes=[], pending_secret="", pending_verified=False
    )
    User.objects.filter(pk=user.pk).update(two_factor_enabled=False)
    user.two_factor_enabled = False
    data = {"changes": {"two_factor_enabled": [True, False]}}
    record_activity(user, "accounts.mfa.disabled", actor=user, data=data)


def regenerate_backup_codes(*, user: User, password: str = "", code: str = "") -> list[str]:
    """Replace every backup code; needs MFA on and the password or a valid code."""
    if not mfa_enabled(user):
        raise DomainError("Turn on two-factor authentication first.", code="MFA_NOT_ENABLED")
    _require_proof(user, password=password, code=code)
    codes = _new_backup_codes()
    MfaSettings.objects.filter(user=user).update(backup_code_hashes=[hash_secret(c) for c in codes])
    return codes


def _new_backup_codes() -> list[str]:
    return [
        f"{secrets.token_hex(3)}-{secrets.token_hex(3)}".upper() for _ in range(BACKUP_CODE_COUNT)
    ]


def check_mfa_code(*, user: User, code: str) -> bool:
    """True for a TOTP code not used before, or an unused backup code (which is then spent)."""
    with transaction.atomic():
        mfa = MfaSettings.objects.select_for_update().filter(user=user).first()
        if mfa is None or not mfa.enabled:
            return False
        step = _totp_step(mfa.secret, code)
        if step is not None:
            if step <= mfa.last_totp_step:
                return False  # a replayed code
            mfa.last_totp_step = step
            mfa.save(update_fields=["last_totp_step"])
            return True
        hashed = hash_secret((code or "").strip().upper())
        if hashed in mfa.backup_code_hashes:
            mfa.backup_code_hashes = [h for h in mfa.backup_code_hashes if h != hashed]
            mfa.save(update_fields=["backup_code_hashes"])
            return True
    return False


# --- login challenges ---------------------------------------------------------------------------


def create_mfa_challenge(*, user: User, portal: str | None) -> LoginChallenge:
    return LoginChallenge.objects.create(
        user=user,
        kind=LoginChallenge.Kind.MFA,
        portal=portal or "",
        expires_at=timezone.now() + timedelta(minutes=MFA_CHALLENGE_MINUTES),
    )


def start_email_otp(*, email: str) -> str:
    """Email a login code; returns a challenge id either way, so unknown addresses look the same."""
    user = User.objects.active().filter(email__iexact=(email or "").strip()).first()
    if user is None or not user.email_verified:
        return str(uuid.uuid4())
    allowed, _, _ = hit_rate_limit(f"email-otp:{user.pk}", 5, 3600)
    if not allowed:
        return str(uuid.uuid4())
    challenge = LoginChallenge.objects.create(
        user=user,
        kind=LoginChallenge.Kind.EMAIL_OTP,
        expires_at=timezone.now() + timedelta(minutes=EMAIL_OTP_MINUTES),
    )
    transaction.on_commit(lambda: tasks.send_login_code.delay(str(challenge.pk)))
    return str(challenge.pk)


def send_login_code(*, challenge: LoginChallenge) -> None:
    """Create the emailed code of a challenge once (only its hash is kept) and send it."""
    from django.core.mail import send_mail

    code = f"{secrets.randbelow(10**6):06d}"
    claimed = LoginChallenge.objects.filter(pk=challenge.pk, code_hash="").update(
        code_hash=hash_secret(code)
    )
    if not claimed:
        return
    try:
        send_mail(
            "Your Pitchey login code",
            f"Your Pitchey login code is {code}. It works for {EMAIL_OTP_MINUTES} minutes.\n\n"
            "If you did not ask for it, ignore this email.",
            None,
            [challenge.user.email],
        )
    except Exception:
        # Release the code so a retry of the task can send a new one.
        LoginChallenge.objects.filter(pk=challenge.pk).update(code_hash="")
        raise


def verify_challenge(
    *, challenge_id: str, code: str, user_agent: str = "", ip: str | None = None
) -> LoginOutcome:
    """Complete a login challenge: 5 attempts, single use, short expiry."""
    try:
        uuid.UUID(str(challenge_id))
    except ValueError:
        raise InvalidCode() from None
    now = timezone.now()
    counted = LoginChallenge.objects.filter(
        pk=challenge_id,
        used_at__isnull=True,
        expires_at__gt=now,
        attempts__lt=MAX_CHALLENGE_ATTEMPTS,
    ).update(attempts=F("attempts") + 1)
    challenge = (
        LoginChallenge.objects.select_related("user").filter(pk=challenge_id).first()
        if counted
        else None
    )
    if challenge is None or not challenge.user.is_active:
        raise InvalidCode()
    user = challenge.user
    if challenge.kind == LoginChallenge.Kind.MFA:
        valid = check_mfa_code(user=user, code=code)
    else:
        valid = bool(challenge.code_hash) and hmac.compare_digest(
            challenge.code_hash, hash_secret((code or "").strip())
        )
    if not valid:
        raise InvalidCode()
    spent = LoginChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(used_at=now)
    if not spent:
        raise InvalidCode()
    if challenge.kind == LoginChallenge.Kind.EMAIL_OTP:
        if not user.email_verified:
            raise EmailNotVerified()
        if mfa_enabled(user):
            return LoginOutcome(user, challenge=create_mfa_challenge(user=user, portal=None))
    return LoginOutcome(user, pair=start_session(user=user, user_agent=user_agent, ip=ip))
