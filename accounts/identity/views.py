"""Identity verification pages: the settings card's start and check buttons, and the sandbox's
stand-in for Stripe's hosted verification flow (served only while the sandbox provider is on)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.identity import providers, services
from accounts.identity.models import IdentityVerification
from accounts.identity.providers import sandbox
from pitchey.api import logged_in_user
from pitchey.errors import DomainError
from pitchey.forms import show_as_message

RETURN_MARK = "identity=return"

Status = IdentityVerification.Status
OUTCOME_MESSAGES = {
    Status.VERIFIED: "Your identity is verified.",
    Status.PROCESSING: "Your verification is being checked; look again shortly.",
    Status.CANCELED: "The verification was canceled. You can try again.",
}


def _settings_url() -> str:
    return reverse("accounts:settings-tab", kwargs={"tab": "profile"})


def check_on_return(request: HttpRequest) -> None:
    """On the settings page reached back from the provider (`?identity=return`), read the outcome
    once and say what it is."""
    user = logged_in_user(request)
    if user is None or request.GET.get("identity") != "return":
        return
    try:
        attempt = services.refresh_verification(user=user)
    except DomainError as exc:
        show_as_message(request, exc)
        return
    if attempt is not None:
        _say(request, attempt)


def _say(request: HttpRequest, attempt: IdentityVerification) -> None:
    text = OUTCOME_MESSAGES.get(Status(attempt.status))
    if attempt.status == Status.REQUIRES_INPUT:
        text = "Your last attempt did not complete. You can try again."
        if not attempt.last_error_code:
            text = "The verification is waiting for you to finish it."
    level = messages.SUCCESS if attempt.status == Status.VERIFIED else messages.INFO
    messages.add_message(request, level, text or "")


@require_POST
def start_page(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if user is None:
        return redirect("accounts:login")
    back = request.build_absolute_uri(_settings_url()) + f"?{RETURN_MARK}"
    try:
        _, url = services.start_verification(
            user=user, return_url=back, site_base=request.build_absolute_uri("/").rstrip("/")
        )
    except DomainError as exc:
        show_as_message(request, exc)
        return redirect(_settings_url())
    return HttpResponseRedirect(url)


@require_POST
def check_page(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if user is None:
        return redirect("accounts:login")
    try:
        attempt = services.refresh_verification(user=user)
    except DomainError as exc:
        show_as_message(request, exc)
    else:
        if attempt is None:
            messages.info(request, "You have not started a verification yet.")
        else:
            _say(request, attempt)
    return redirect(_settings_url())


@require_http_methods(["GET", "POST"])
def sandbox_page(request: HttpRequest, session_id: str) -> HttpResponse:
    if not providers.is_sandbox():
        raise Http404("The identity sandbox is off.")
    user = logged_in_user(request)
    if user is None:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    try:
        session = sandbox.session_of(session_id=session_id, user=user)
    except DomainError:
        raise Http404("Verification session not found.") from None
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice not in ("verify", "fail"):
            raise Http404("Unknown choice.")
        back = sandbox.decide(session_id=session_id, user=user, verify=choice == "verify")
        return HttpResponseRedirect(back)
    context = {"session": session.data, "session_id": session_id}
    return render(request, "accounts/identity_sandbox.html", context)
