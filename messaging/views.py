"""Server-rendered pages: messages, notifications, unsubscribe. They work without JavaScript."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from messaging import emails, selectors, services
from messaging.forms import MessageForm, NewConversationForm
from messaging.models import Notification
from pitchey.api import request_user
from pitchey.errors import DomainError

if TYPE_CHECKING:
    pass


@login_required
@require_http_methods(["GET", "POST"])
def inbox(
    request: HttpRequest,
    conversation_id: int | None = None,
    new_form: NewConversationForm | None = None,
) -> HttpResponse:
    conversation = None
    if conversation_id is not None:
        conversation = selectors.conversation_for(request_user(request), conversation_id)
        if conversation is None:
            raise Http404("No such conversation")
    posted = request.method == "POST" and new_form is None
    form = MessageForm(request.POST if posted else None)  # unbound on GET: no "required" error
    if conversation is not None and request.method == "POST" and form.is_valid():
        try:
            services.send_message(
                sender=request_user(request),
                conversation=conversation,
                content=form.cleaned_data["content"],
            )
        except DomainError as exc:
            form.add_error("content", exc.message)
        else:
            return redirect("messaging:conversation", conversation_id=conversation.pk)
    thread: list = []
    if conversation is not None:
        thread, _ = selectors.messages_page(conversation, before=None, limit=100)
        services.mark_conversation_read(user=request_user(request), conversation=conversation)
    if new_form is None:
        new_form = NewConversationForm(initial={"recipient": request.GET.get("to", "")[:255]})
    context = {
        "conversations": selectors.conversations_for(request_user(request))[:50],
        "conversation": conversation,
        "thread": thread,
        "form": form,
        "new_form": new_form,
    }
    return render(request, "messaging/inbox.html", context)


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start a conversation; on any error the page comes back with the typed message kept."""
    form = NewConversationForm(request.POST)
    if not form.is_valid():
        return inbox(request, new_form=form)
    wanted = form.cleaned_data["recipient"].strip().lstrip("@")
    recipient = (
        get_user_model()
        .objects.active()
        .filter(Q(email__iexact=wanted) | Q(username__iexact=wanted))
        .first()
    )
    if recipient is None:
        form.add_error("recipient", "Nobody has that username or email. Pick a suggestion.")
        return inbox(request, new_form=form)
    try:
        message = services.start_conversation_with_message(
            sender=request_user(request),
            recipient_ids=[recipient.pk],
            content=form.cleaned_data["content"],
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return inbox(request, new_form=form)
    return redirect("messaging:conversation", conversation_id=message.conversation_id)


@login_required
@require_http_methods(["GET", "HEAD"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The notification centre; email preferences live on /settings/notifications/."""
    rows = Notification.objects.for_user(request_user(request))[:100]
    return render(request, "messaging/notifications.html", {"notifications": rows})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(
        Notification.objects.for_user(request_user(request)), pk=notification_id
    )
    services.mark_notifications_read(user=request_user(request), ids=[notification.pk])
    if request.POST.get("open") and notification.link.startswith("/"):
        return redirect(notification.link)
    return redirect("messaging:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_notifications_read(user=request_user(request))
    return redirect("messaging:notifications")


@login_required
@require_POST
def notification_delete(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(
        Notification.objects.for_user(request_user(request)), pk=notification_id
    )
    services.delete_notification(user=request_user(request), notification=notification)
    return redirect("messaging:notifications")


# The link in every notification email works without login; the signed token names the user.
# POST is exempt from CSRF so mail clients' one-click unsubscribe (RFC 8058) works too.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = emails.user_for_unsubscribe_token(token)
    if user is None:
        raise Http404("Invalid unsubscribe link")
    done = False
    if request.method == "POST":
        services.unsubscribe_from_emails(user=user)
        done = True
    return render(request, "messaging/unsubscribe.html", {"subject": user, "done": done})
