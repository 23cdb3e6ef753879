"""The sandbox's stand-ins for Stripe's hosted pages: checkout ("Pay (test)") and the billing
portal (cancel, resume, renew, refund, dispute). Only served while the sandbox provider is on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from billing.models import SandboxObject
from billing.providers import is_sandbox, sandbox
from pitchey.api import request_user
from pitchey.errors import DomainError

if TYPE_CHECKING:
    pass

View = Callable[..., HttpResponse]


def sandbox_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_sandbox():
            raise Http404("The payment sandbox is off.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@sandbox_only
def checkout_page(request: HttpRequest, session_id: str) -> HttpResponse:
    try:
        session = sandbox.checkout_of(session_id=session_id, user=request_user(request)).data
    except DomainError:
        raise Http404("Checkout session not found.") from None
    if request.method == "POST":
        return HttpResponseRedirect(sandbox.pay(session_id=session_id, user=request_user(request)))
    info = session.get("sandbox", {})
    context = {
        "session": session,
        "name": info.get("name", ""),
        "amount": session["amount_total"] / 100,
        "list_amount": info.get("list_amount", session["amount_total"]) / 100,
        "percent_off": info.get("percent_off", 0),
        "interval": info.get("interval"),
        "currency": str(session["currency"]).upper(),
        "paid": session["status"] != "open",
    }
    return render(request, "billing/sandbox_checkout.html", context)


def _owned(request: HttpRequest, obj_id: str, kind: str) -> SandboxObject:
    obj = SandboxObject.objects.filter(pk=obj_id, kind=kind, user=request_user(request)).first()
    if obj is None:
        raise Http404("Not found in the sandbox.")
    return obj


def _act(request: HttpRequest) -> str:
    action = str(request.POST.get("action", ""))
    target = str(request.POST.get("target", ""))[:64]
    provider = sandbox.SandboxProvider()
    if action in ("cancel", "resume"):
        _owned(request, target, "subscription")
        provider.set_cancel_at_period_end(subscription_id=target, cancel=action == "cancel")
        return "Renewal stopped." if action == "cancel" else "Renewal resumed."
    if action == "end":
        _owned(request, target, "subscription")
        sandbox.end_now(subscription_id=target)
        return "Subscription ended."
    if action == "renew":
        _owned(request, target, "subscription")
        sandbox.renew(subscription_id=target)
        return "Next period started and its invoice paid."
    if action in ("refund", "dispute"):
        _owned(request, target, "charge")
        if action == "refund":
            sandbox.refund(payment_intent=target)
            return "Payment refunded."
        sandbox.dispute(payment_intent=target)
        return "Dispute opened."
    raise Http404("Unknown sandbox action.")


@sandbox_only
def portal_page(request: HttpRequest, session_id: str) -> HttpResponse:
    portal = SandboxObject.objects.filter(pk=session_id, kind="billing_portal.session").first()
    customer = getattr(request.user, "stripe_customer_id", "")
    if portal is None or not customer or portal.data.get("customer") != customer:
        raise Http404("Portal session not found.")
    if request.method == "POST":
        try:
            messages.success(request, _act(request))
        except DomainError as refused:
            messages.error(request, refused.message)
        return redirect(reverse("billing:sandbox-portal", args=[session_id]))
    owned = SandboxObject.objects.filter(user=request_user(request))
    context = {
        "return_url": portal.data.get("return_url") or reverse("billing:overview"),
        "subscriptions": [o.data for o in owned.filter(kind="subscription")],
        "charges": [o.data for o in owned.filter(kind="charge")],
        "cards": [o.data for o in owned.filter(kind="payment_method")],
    }
    return render(request, "billing/sandbox_portal.html", context)
