"""The "Your data" tab of every portal's settings: the person's own GDPR requests with their
status and legal deadline, a copy of their data (downloaded through a signed URL when ready)
and the erasure of their account (password confirmed), which they may withdraw while pending."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.views import SETTINGS_TABS
from pitchey.api import logged_in_user
from pitchey.errors import DomainError
from pitchey.forms import show_as_message, show_on_form
from staff import gdpr_selectors
from staff.forms import ErasureForm
from staff.services import gdpr

HERE = "staff:my-data"


@require_http_methods(["GET", "POST"])
def my_data_page(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    if user is None:
        return HttpResponseRedirect(f"{settings.LOGIN_URL}?next={request.path}")
    action = request.POST.get("action")
    erasure = ErasureForm(request.POST if action == "erase" else None)
    if action == "export":
        try:
            gdpr.request_own(user=user, kind="access")
        except DomainError as exc:
            show_as_message(request, exc)
        else:
            messages.success(request, "We are preparing your data; it appears below when ready.")
        return redirect(HERE)
    if action == "erase" and erasure.is_valid():
        try:
            gdpr.request_own(user=user, kind="erasure", password=erasure.cleaned_data["password"])
        except DomainError as exc:
            show_on_form(erasure, exc)
        else:
            messages.success(request, "Your erasure request is recorded.")
            return redirect(HERE)
    rows = list(gdpr_selectors.own_requests(user))
    return render(
        request,
        "staff/settings_data.html",
        {
            "tabs": SETTINGS_TABS,
            "tab": "data",
            "requests": [gdpr_selectors.own_request_view(row) for row in rows],
            "erasure_form": erasure,
            "answer_days": gdpr.ANSWER_WITHIN.days,
            "export_days": gdpr.EXPORT_KEPT_FOR.days,
        },
    )


@require_POST
def withdraw_page(request: HttpRequest, request_id: int) -> HttpResponse:
    user = logged_in_user(request)
    if user is None:
        raise Http404
    row = get_object_or_404(gdpr_selectors.own_requests(user), pk=request_id)
    try:
        gdpr.withdraw_request(request=row, actor=user)
    except DomainError as exc:
        show_as_message(request, exc)
    else:
        messages.success(request, "Your erasure request is withdrawn; your account stays.")
    return redirect(HERE)


@require_GET
def download_page(request: HttpRequest, request_id: int) -> HttpResponse:
    user = logged_in_user(request)
    if user is None:
        raise Http404
    row = get_object_or_404(gdpr_selectors.own_requests(user), pk=request_id)
    url = gdpr.download_url(row)
    if url is None:
        raise Http404
    return HttpResponseRedirect(url)
