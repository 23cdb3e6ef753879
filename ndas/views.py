"""NDA pages: request access (text + signature), the requester's list, the creator's inbox with
bulk decisions and the access log (CSV), and the public verify page."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import creator_required
from ndas import selectors, services, text
from ndas.forms import (
    ApproveForm,
    AskForm,
    BulkForm,
    ReasonForm,
    RequestAccessForm,
    SignForm,
)
from ndas.models import NdaRequest
from pitches import selectors as pitch_selectors
from pitches.models import Pitch
from pitchey.errors import DomainError
from pitchey.forms import show_as_message
from pitchey.ratelimit import client_ip

if TYPE_CHECKING:
    from accounts.models import User

PAGE_SIZE = 20


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _signable(latest: NdaRequest | None) -> NdaRequest | None:
    """The viewer's open request that still needs their signature, if any."""
    open_statuses = (NdaRequest.Status.PENDING, NdaRequest.Status.APPROVED)
    if latest is not None and not latest.is_signed and latest.status in open_statuses:
        return latest
    return None


def _act(request: HttpRequest, pitch: Pitch, action: str, form: Any, to_sign: Any) -> str | None:
    """Run the posted action; the success message, or None when the form did not validate."""
    user, ip = cast("User", request.user), client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    company = {"company_name": data["company_name"]} if data.get("company_name") else {}
    if action == "sign":
        services.sign_nda(
            nda_request=to_sign,
            actor=user,
            full_name=data["full_name"],
            consent=data["consent"],
            text_sha256=data["text_sha256"],
            ip_address=ip,
            user_agent=agent,
        )
        return "You signed the NDA."
    if action == "ask":
        services.request_nda(
            pitch=pitch,
            requester=user,
            message=data["message"],
            company_info=company,
            ip_address=ip,
            user_agent=agent,
        )
        return "Your request was sent. Sign the NDA once the creator approves it."
    services.request_nda(
        pitch=pitch,
        requester=user,
        full_name=data["full_name"],
        consent=data["consent"],
        message=data["message"],
        company_info=company,
        ip_address=ip,
        user_agent=agent,
        text_sha256=data["text_sha256"],
    )
    return "Your signed NDA was sent to the creator."


@login_required
def request_access(request: HttpRequest, key: str) -> HttpResponse:
    pitch = pitch_selectors.find_pitch(
        Pitch.objects.visible_to(request.user).select_related("owner"), key
    )
    if pitch is None:
        raise Http404("No such pitch.")
    agreement = text.text_for(pitch=pitch, recipient_name=request.user.display_name)  # type: ignore[union-attr]
    refusal = selectors.request_refusal(pitch=pitch, user=request.user)
    latest = selectors.latest_for(request.user, pitch)
    to_sign = _signable(latest)
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "request") if posted else ""
    initial = {"text_sha256": agreement.sha256}
    forms = {
        "request": RequestAccessForm(posted if action == "request" else None, initial=initial),
        "ask": AskForm(posted if action == "ask" else None, prefix="ask"),
        "sign": SignForm(posted if action == "sign" else None, initial=initial),
    }
    allowed = action == "sign" if to_sign else action in ("request", "ask")
    if posted and refusal is None and allowed:
        try:
            done = _act(request, pitch, action, forms[action], to_sign)
        except DomainError as exc:
            show_as_message(request, exc)
        else:
            if done:
                messages.success(request, done)
                return redirect("ndas:list")
    return render(
        request,
        "ndas/request_access.html",
        {
            "pitch": pitch,
            "agreement": agreement,
            "form": forms["request"],
            "refusal": refusal,
            "latest": latest,
            "to_sign": to_sign,
            "ask_form": forms["ask"],
            "sign_form": forms["sign"],
        },
    )


@login_required
def my_ndas(request: HttpRequest) -> HttpResponse:
    filters = {"status": request.GET.get("status", "")}
    rows = selectors.requests_for(request.user, "outgoing-requests", filters)  # type: ignore[arg-type]
    return render(
        request,
        "ndas/list.html",
        {
            "page": _page(request, rows),
            "status": filters["status"],
            "statuses": NdaRequest.Status.choices,
        },
    )


@creator_required
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "pending")
    pitch_id = request.GET.get("pitch", "")
    filters: dict[str, Any] = {"status": status if status != "all" else ""}
    if pitch_id.isdigit():
        filters["pitch_id"] = int(pitch_id)
    rows = selectors.requests_for(request.user, "incoming", filters)  # type: ignore[arg-type]
    pitches = Pitch.objects.owned_by(request.user).order_by("title")
    return render(
        request,
        "ndas/inbox.html",
        {
            "page": _page(request, rows),
            "status": status,
            "pitch_id": pitch_id,
            "pitches": pitches,
            "statuses": NdaRequest.Status.choices,
            "approve_form": ApproveForm(),
        },
    )


def _incoming(request: HttpRequest, nda_id: int) -> NdaRequest:
    return get_object_or_404(
        NdaRequest.objects.incoming(request.user).select_related("pitch", "requester", "owner"),  # type: ignore[arg-type]
        pk=nda_id,
    )


DONE = {"approve": "request approved", "reject": "request rejected", "revoke": "access revoked"}


@creator_required
@require_POST
def decide(request: HttpRequest, nda_id: int, action: str) -> HttpResponse:
    nda_request = _incoming(request, nda_id)
    ip = client_ip(request)
    try:
        if action == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Check the access length (0 to 3650 days).")
                return redirect("ndas:inbox")
            services.approve_nda(
                nda_request=nda_request,
                actor=request.user,  # type: ignore[arg-type]
                custom_terms=form.cleaned_data["custom_terms"],
                expiry_days=form.access_days(),
                ip_address=ip,
            )
        elif action in ("reject", "revoke"):
            reason = ReasonForm(request.POST)
            if not reason.is_valid():
                messages.error(
                    request,
                    f"Say why you {action} it: "
                    f"{nda_request.requester.display_name} reads the reason.",
                )
                return redirect("ndas:inbox")
            service = services.reject_nda if action == "reject" else services.revoke_nda
            service(
                nda_request=nda_request,
                actor=request.user,  # type: ignore[arg-type]
                reason=reason.cleaned_data["reason"],
                ip_address=ip,
            )
        else:
            raise Http404("No such action.")
    except DomainError as exc:
        show_as_message(request, exc)
    else:
        messages.success(request, f"{nda_request.requester.display_name}: {DONE[action]}.")
    return HttpResponseRedirect(request.POST.get("next") or "/creator/ndas/")


@creator_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select at least one request.")
        return redirect("ndas:inbox")
    if form.cleaned_data["action"] == "reject" and not form.cleaned_data["reason"].strip():
        messages.error(request, "Say why you reject them: each requester reads the reason.")
        return redirect("ndas:inbox")
    try:
        done, failed = services.bulk_decide(
            ids=form.cleaned_data["ids"],
            actor=request.user,  # type: ignore[arg-type]
            approve=form.cleaned_data["action"] == "approve",
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
    except DomainError as exc:
        show_as_message(request, exc)
    else:
        messages.success(request, f"{len(done)} done, {len(failed)} skipped.")
    return redirect("ndas:inbox")


@login_required
@require_POST
def withdraw(request: HttpRequest, nda_id: int) -> HttpResponse:
    nda_request = get_object_or_404(NdaRequest.objects.outgoing(request.user), pk=nda_id)  # type: ignore[arg-type]
    try:
        services.withdraw_nda_request(
            nda_request=nda_request,
            actor=request.user,  # type: ignore[arg-type]
            ip_address=client_ip(request),
        )
    except DomainError as exc:
        show_as_message(request, exc)
    else:
        messages.success(request, "Request withdrawn.")
    return redirect("ndas:list")


@creator_required
def access_log(request: HttpRequest, pitch_id: int) -> HttpResponse:
    pitch = get_object_or_404(Pitch.objects.owned_by(request.user), pk=pitch_id)
    rows = selectors.access_log(pitch)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="access-log-{pitch.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["accessed_at", "user_id", "user", "email", "document", "ip_address"])
        for row in rows.iterator():
            user = row.user
            writer.writerow(
                [
                    row.accessed_at.isoformat(),
                    user.pk if user else "",
                    user.display_name if user else "",
                    user.email if user else "",
                    row.document.title or row.document.original_name,
                    row.ip_address or "",
                ]
            )
        return response
    return render(request, "ndas/access_log.html", {"pitch": pitch, "page": _page(request, rows)})


def verify(request: HttpRequest, sha256: str) -> HttpResponse:
    return render(
        request, "ndas/verify.html", {"result": selectors.verification(sha256), "hash": sha256}
    )
