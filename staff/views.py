"""Pages of the staff console app: the report form every page's "Report" button posts to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pitchey.api import request_user
from pitchey.errors import DomainError
from pitchey.forms import show_as_message
from staff.services import flags


@require_POST
@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    try:
        flags.report_content(
            reporter=request_user(request),
            target_type=request.POST.get("target_type", ""),
            target_id=request.POST.get("target_id", ""),
            reason=request.POST.get("reason", "") or "other",
            details=request.POST.get("details", ""),
        )
    except DomainError as exc:
        show_as_message(request, exc)
    else:
        messages.success(request, "Thanks: moderators will look at it.")
    return HttpResponseRedirect(target)
