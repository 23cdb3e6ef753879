"""Account pages: login per portal, registration, passwords, MFA challenge, settings, profiles.

They call the same services as the API and set the same JWT cookies, so a login on a page is a
login for the API and the other way round.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import forms, selectors, services
from accounts.authentication import erase_session_cookies, resolve_jwt, write_session_cookies
from accounts.identity import services as identity_services
from accounts.identity import views as identity_views
from accounts.models import MfaSettings, User, UserSession
from accounts.qr import qr_svg
from accounts.services import profile as profile_services
from pitchey.api import logged_in_user
from pitchey.errors import DomainError
from pitchey.forms import show_on_form
from pitchey.ratelimit import client_ip

SETTINGS_TABS = [
    ("profile", "Profile"),
    ("security", "Security"),
    ("notifications", "Notifications"),
    ("data", "Your data"),  # served by staff.views_data (GDPR requests), whose URL comes first
]


def _next_url(request: HttpRequest, default: str | None = None) -> str:
    if default is None:
        default = settings.LOGIN_REDIRECT_URL
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _login_required(request: HttpRequest) -> User | HttpResponseRedirect:
    user = logged_in_user(request)
    if user is None:
        return HttpResponseRedirect(f"{settings.LOGIN_URL}?next={request.path}")
    return user


def _finish_login(
    request: HttpRequest, outcome: services.LoginOutcome, next_url: str
) -> HttpResponse:
    if outcome.challenge is not None:
        request.session["mfa_challenge_id"] = str(outcome.challenge.pk)
        request.session["mfa_next"] = next_url
        return redirect("accounts:mfa-challenge")
    assert outcome.pair is not None
    response = HttpResponseRedirect(next_url)
    write_session_cookies(request, response, outcome.pair)
    messages.success(request, f"Welcome back, {outcome.user.display_name}.")
    return response


@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    verified = request.GET.get("verified")
    if verified == "true":
        messages.success(request, "Your email address is verified. You can log in now.")
    elif verified == "false":
        messages.error(request, "That verification link is invalid or has expired.")
    if request.method == "GET" and logged_in_user(request) is not None:
        return HttpResponseRedirect(_next_url(request))
    form = forms.LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.login(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                portal=None,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                ip=client_ip(request),
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return _finish_login(request, outcome, _next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")})


def portal_login_redirect(request: HttpRequest, portal: str) -> HttpResponse:
    """`/login/<portal>/` (the SPA's links) opens the one login page; the account picks the
    portal."""
    query = request.GET.copy()
    query.pop("portal", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return HttpResponseRedirect(f"{settings.LOGIN_URL}{suffix}")


@require_http_methods(["GET", "POST"])
def register_page(request: HttpRequest) -> HttpResponse:
    form = forms.RegisterForm(
        request.POST or None, initial={"user_type": request.GET.get("type", "creator")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.register_user(**form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return render(
                request, "accounts/register_done.html", {"email": form.cleaned_data["email"]}
            )
    return render(request, "accounts/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
def resend_verification_page(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_verification(email=form.cleaned_data["email"])
        messages.info(request, "If this address needs verifying, a new link is on its way.")
        return redirect("accounts:login")
    return render(
        request,
        "accounts/simple_form.html",
        {"form": form, "title": "Resend the verification link", "button": "Send the link"},
    )


@require_http_methods(["GET", "POST"])
def forgot_password_page(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(email=form.cleaned_data["email"])
        messages.info(
            request, "If an account uses this address, we sent it a link to reset the password."
        )
        return redirect("accounts:login")
    return render(
        request,
        "accounts/simple_form.html",
        {"form": form, "title": "Forgot your password?", "button": "Email me a reset link"},
    )


@require_http_methods(["GET", "POST"])
def reset_password_page(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token") or request.GET.get("token", "")
    form = forms.NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(token=token, new_password=form.cleaned_data["new_password"])
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "Your password has been changed. Log in with the new one.")
            response = redirect("accounts:login")
            erase_session_cookies(request, response)
            return response
    return render(
        request,
        "accounts/simple_form.html",
        {
            "form": form,
            "title": "Choose a new password",
            "button": "Set the password",
            "hidden": {"token": token},
        },
    )


@require_http_methods(["GET", "POST"])
def mfa_challenge_page(request: HttpRequest) -> HttpResponse:
    challenge_id = request.session.get("mfa_challenge_id")
    if not challenge_id:
        return redirect("accounts:login")
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.verify_challenge(
                challenge_id=challenge_id,
                code=form.cleaned_data["code"],
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                ip=client_ip(request),
            )
        except DomainError as exc:
            show_on_form(form, exc, field="code")
        else:
            next_url = request.session.pop("mfa_next", settings.LOGIN_REDIRECT_URL)
            request.session.pop("mfa_challenge_id", None)
            return _finish_login(request, outcome, next_url)
    return render(
        request,
        "accounts/simple_form.html",
        {
            "form": form,
            "title": "Two-factor authentication",
            "intro": "Enter the 6-digit code from your authenticator app, or one of your backup "
            "codes.",
            "button": "Verify",
        },
    )


@require_POST
def logout_page(request: HttpRequest) -> HttpResponse:
    result = resolve_jwt(request)
    services.logout(
        raw_refresh=request.COOKIES.get(settings.AUTH_REFRESH_COOKIE),
        session_id=result.session.pk if result.session else None,
    )
    request.session.flush()
    messages.info(request, "You are logged out.")
    response = redirect("home")
    erase_session_cookies(request, response)
    return response


# --- settings -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, tab: str = "profile") -> HttpResponse:
    user = _login_required(request)
    if isinstance(user, HttpResponseRedirect):
        return user
    handlers = {
        "profile": _profile_tab,
        "security": _security_tab,
        "notifications": _notifications_tab,
    }
    if tab not in handlers:
        tab = "profile"
    handler = handlers[tab]
    result = handler(request, user)
    if isinstance(result, HttpResponse):
        return result
    return render(
        request, f"accounts/settings_{tab}.html", {"tabs": SETTINGS_TABS, "tab": tab, **result}
    )


def _profile_tab(request: HttpRequest, user: User) -> dict[str, Any] | HttpResponse:
    action = request.POST.get("action")
    initial = {field: getattr(user, field) for field in forms.ProfileForm.base_fields}
    form = forms.ProfileForm(request.POST if action == "profile" else None, initial=initial)
    avatar = forms.AvatarForm(request.POST if action == "avatar" else None, request.FILES or None)
    if action == "profile" and form.is_valid():
        try:
            services.update_profile(user=user, data=form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:settings-tab", tab="profile")
    if action == "avatar" and avatar.is_valid():
        upload = avatar.cleaned_data["file"]
        try:
            services.set_avatar(user=user, upload=upload, size=upload.size)
        except DomainError as exc:
            show_on_form(avatar, exc)
        else:
            messages.success(request, "Your picture is updated.")
            return redirect("accounts:settings-tab", tab="profile")
    from accounts.api.serializers import profile_image_of

    if request.method == "GET":
        identity_views.check_on_return(request)
    return {
        "form": form,
        "avatar_form": avatar,
        "profile_image": profile_image_of(user),
        "identity": identity_services.identity_state(user),
    }


def _security_tab(request: HttpRequest, user: User) -> dict[str, Any] | HttpResponse:
    action = request.POST.get("action")
    here = redirect("accounts:settings-tab", tab="security")
    password_form = forms.ChangePasswordForm(request.POST if action == "password" else None)
    code_form = forms.CodeForm(request.POST if action == "mfa-enable" else None)
    confirm_form = forms.PasswordConfirmForm(request.POST if action == "mfa-disable" else None)
    context: dict[str, Any] = {}
    if action == "password" and password_form.is_valid():
        try:
            pair = services.change_password(
                user=user,
                current_password=password_form.cleaned_data["current_password"],
                new_password=password_form.cleaned_data["new_password"],
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                ip=client_ip(request),
            )
        except DomainError as exc:
            show_on_form(password_form, exc)
        else:
            messages.success(request, "Your password is changed; other sessions were logged out.")
            write_session_cookies(request, here, pair)
            return here
    elif action == "mfa-start":
        context["secret"], context["otpauth_url"] = services.start_mfa_setup(user=user)
    elif action == "mfa-enable" and code_form.is_valid():
        try:
            context["backup_codes"] = services.enable_mfa(
                user=user, code=code_form.cleaned_data["code"]
            )
        except DomainError as exc:
            show_on_form(code_form, exc, field="code")
    elif action == "mfa-disable" and confirm_form.is_valid():
        try:
            services.disable_mfa(user=user, password=confirm_form.cleaned_data["password"])
        except DomainError as exc:
            show_on_form(confirm_form, exc, field="password")
        else:
            messages.success(request, "Two-factor authentication is off.")
            return here
    elif action == "revoke":
        try:
            services.revoke_session(user=user, session_id=int(request.POST.get("session_id", "0")))
        except (DomainError, ValueError):
            messages.error(request, "That session is already over.")
        else:
            messages.success(request, "The session is ended.")
        return here
    elif action == "logout-all":
        services.end_all_sessions(user=user)
        response = redirect("accounts:login")
        erase_session_cookies(request, response)
        return response
    result = resolve_jwt(request)
    mfa = MfaSettings.objects.filter(user=user).first()
    pending = selectors.pending_mfa_setup(user)
    if pending is not None and not context.get("backup_codes"):
        # A wrong code keeps the key on screen: the app already holds it.
        context["secret"], context["otpauth_url"] = pending
        context["qr_svg"] = qr_svg(pending[1], title="QR code of your two-factor key")
    context.update(
        password_form=password_form,
        code_form=code_form,
        confirm_form=confirm_form,
        mfa_enabled=bool(mfa and mfa.enabled),
        mfa_pending=bool(mfa and mfa.pending_secret) or "secret" in context,
        backup_codes_left=len(mfa.backup_code_hashes) if mfa and mfa.enabled else 0,
        sessions=UserSession.objects.active().filter(user=user)[:50],
        current_session_id=result.session.pk if result.session else None,
    )
    return context


def _notifications_tab(request: HttpRequest, user: User) -> dict[str, Any] | HttpResponse:
    form = forms.NotificationsForm(
        request.POST or None, initial=profile_services.notification_settings(user)
    )
    if request.method == "POST" and form.is_valid():
        services.update_notification_preferences(user=user, data=form.cleaned_data)
        messages.success(request, "Your notification choices are saved.")
        return redirect("accounts:settings-tab", tab="notifications")
    return {"form": form}


# --- public profile -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def profile_page(request: HttpRequest, username: str) -> HttpResponse:
    from accounts.api.serializers import PublicUserSerializer

    profile = get_object_or_404(User.objects.active(), username__iexact=username)
    viewer = logged_in_user(request)
    if request.method == "POST":
        if viewer is None:
            return HttpResponseRedirect(f"{settings.LOGIN_URL}?next={request.path}")
        action = request.POST.get("action")
        try:
            if action == "follow":
                services.follow_user(follower=viewer, target=profile)
            elif action == "unfollow":
                services.unfollow_user(follower=viewer, target=profile)
            elif action == "block":
                services.block_user(blocker=viewer, target=profile)
            elif action == "unblock":
                services.unblock_user(blocker=viewer, target=profile)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("accounts:profile", username=profile.username)
    data = PublicUserSerializer(profile, context={"request": request}).data
    context = {
        "profile": profile,
        "data": data,
        "counts": selectors.follow_counts(profile),
        "is_self": viewer is not None and viewer.pk == profile.pk,
        "following": viewer is not None and selectors.is_following(viewer, profile.pk),
        "blocked": viewer is not None and selectors.is_blocked(viewer, profile),
    }
    return render(request, "accounts/profile.html", context)
