"""Billing pages: pricing, the billing overview, buying credits and its result page. Each page calls
the same services as the API; the sandbox's own checkout and portal pages are in sandbox_views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from billing import catalog, selectors
from billing.models import Payment
from billing.providers import is_sandbox
from billing.services import checkout
from pitchey.api import request_user
from pitchey.errors import DomainError


def _urls(request: HttpRequest, cancel_to: str) -> tuple[str, str, str]:
    result = request.build_absolute_uri(reverse("billing:checkout-result"))
    success = f"{result}?session_id={{CHECKOUT_SESSION_ID}}"
    base = request.build_absolute_uri("/").rstrip("/")
    return success, request.build_absolute_uri(reverse(cancel_to)) + "?cancelled=1", base


def pricing(request: HttpRequest) -> HttpResponse:
    user = request.user
    user_type = getattr(user, "user_type", "") if user.is_authenticated else ""
    own = catalog.plans_for(user_type) if user_type else []
    context = {
        "plans": own or catalog.PLANS,
        "can_subscribe": bool(own),
        "is_watcher": user_type == "viewer",
        "packs": catalog.PACKS,
        "costs": catalog.costs_json(),
        "currency": catalog.currency().upper(),
        "status": selectors.subscription_status(user) if user.is_authenticated else None,
        "sandbox": is_sandbox(),
    }
    return render(request, "billing/pricing.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    history, _ = selectors.payment_history(user, {})
    invoices, _ = selectors.invoices(user, "")
    context = {
        "status": selectors.subscription_status(user),
        "summary": selectors.credit_summary(user),
        "payments": list(history[:20]),
        "invoices": list(invoices[:20]),
        "sandbox": is_sandbox(),
    }
    return render(request, "billing/overview.html", context)


@login_required
def buy_credits(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        try:
            _, session = checkout.start_credit_checkout(
                user=user,
                package=str(request.POST.get("package", "")),
                urls=_urls(request, "billing:buy-credits"),
            )
        except DomainError as refused:
            messages.error(request, refused.message)
            return redirect("billing:buy-credits")
        return HttpResponseRedirect(session.url)
    if request.GET.get("cancelled"):
        messages.info(request, "Checkout cancelled; nothing was charged.")
    context = {
        "packs": catalog.PACKS,
        "costs": catalog.costs_json(),
        "summary": selectors.credit_summary(user),
        "currency": catalog.currency().upper(),
        "sandbox": is_sandbox(),
    }
    return render(request, "billing/buy_credits.html", context)


@login_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    try:
        session = checkout.start_subscription_checkout(
            user=request_user(request),
            tier=str(request.POST.get("tier", "")),
            interval=str(request.POST.get("interval", "monthly")),
            promo_code=str(request.POST.get("promo_code", "")),
            urls=_urls(request, "billing:pricing"),
        )
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect("billing:pricing")
    return HttpResponseRedirect(session.url)


@login_required
@require_POST
def renewal(request: HttpRequest, cancel: bool) -> HttpResponse:
    try:
        checkout.set_cancel_at_period_end(user=request_user(request), cancel=cancel)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            "Your plan stays until the end of the period, then ends."
            if cancel
            else "Your subscription will renew as usual.",
        )
    return redirect("billing:overview")


@login_required
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    try:
        url = checkout.open_billing_portal(
            user=request_user(request),
            return_url=request.build_absolute_uri(reverse("billing:overview")),
            site_base=request.build_absolute_uri("/").rstrip("/"),
        )
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect("billing:overview")
    return HttpResponseRedirect(url)


@login_required
def checkout_result(request: HttpRequest) -> HttpResponse:
    """Where Checkout returns: the payment as the webhook recorded it (the header updates live)."""
    user = request_user(request)
    session_id = str(request.GET.get("session_id", ""))[:255]
    payment = Payment.objects.owned_by(user).filter(stripe_session_id=session_id).first()
    context = {
        "payment": payment,
        "session_id": session_id,
        "status": selectors.subscription_status(user),
        "summary": selectors.credit_summary(user),
    }
    return render(request, "billing/result.html", context)
