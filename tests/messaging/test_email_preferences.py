"""Per-kind email switches (accounts' notification preferences) decide emails, not in-app rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.services import update_notification_preferences
from messaging import emails, notify, notify_many
from messaging.kinds import NotificationKind
from messaging.models import EmailDelivery, Notification
from messaging.preferences import switch_for

pytestmark = pytest.mark.django_db

DAY1 = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("kind", "switch"),
    [
        ("nda_request", "nda_requests"),
        ("nda_approved", "nda_requests"),
        ("message", "messages"),
        ("pitch_published", "pitch_updates"),
        ("follow", "followers"),
        ("new_follower", "followers"),
        ("investment", "investments"),
        ("system", None),
        ("welcome", None),
    ],
)
def test_each_kind_maps_to_its_switch(kind, switch):
    assert switch_for(kind) == switch


def test_messages_off_keeps_the_in_app_notification_but_sends_no_email(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    update_notification_preferences(user=investor, data={"messages": False})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=investor, kind=NotificationKind.MESSAGE, title="New message from Ann")
        notify(
            recipient=investor, kind=NotificationKind.NDA_APPROVED, title="Your NDA was approved"
        )
    assert Notification.objects.filter(user=investor).count() == 2
    assert [m.subject for m in mailoutbox] == ["Your NDA was approved"]
    assert EmailDelivery.objects.get().notification.kind == "nda_approved"


def test_unknown_kinds_follow_only_the_global_switch(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    update_notification_preferences(
        user=investor,
        data=dict.fromkeys(("nda_requests", "messages", "pitch_updates", "followers"), False),
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="Maintenance tonight")
    assert len(mailoutbox) == 1
    update_notification_preferences(user=investor, data={"email_notifications": False})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="Again")
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(user=investor).count() == 2


def test_notify_many_honours_each_recipients_switch(
    investor, watcher, mailoutbox, django_capture_on_commit_callbacks
):
    update_notification_preferences(user=watcher, data={"pitch_updates": False})
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(
            recipients=[investor, watcher],
            kind=NotificationKind.PITCH_PUBLISHED,
            title="A new pitch",
        )
    assert Notification.objects.filter(kind="pitch_published").count() == 2
    assert [m.to for m in mailoutbox] == [[investor.email]]


def test_an_instant_email_switched_off_before_sending_is_skipped(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipient=investor, kind=NotificationKind.MESSAGE, title="Queued")
    update_notification_preferences(user=investor, data={"messages": False})
    delivery = EmailDelivery.objects.get()
    assert emails.deliver_email(delivery.pk) == "skipped"
    assert mailoutbox == []


def _digest_user(user) -> None:
    update_notification_preferences(user=user, data={"frequency": "daily"})


def test_a_digest_leaves_out_switched_off_kinds(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    _digest_user(investor)
    update_notification_preferences(user=investor, data={"messages": False})
    with time_machine.travel(DAY1, tick=False):
        notify(recipient=investor, kind=NotificationKind.MESSAGE, title="Message from C")
        notify(recipient=investor, kind=NotificationKind.NDA_REQUEST, title="NDA from A")
    with (
        time_machine.travel(DAY1 + dt.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert emails.queue_digests(frequency="daily") == 1
    assert len(mailoutbox) == 1
    assert "1 new" in mailoutbox[0].subject
    assert "NDA from A" in mailoutbox[0].body
    assert "Message from C" not in mailoutbox[0].body


def test_no_digest_when_every_kind_in_it_is_switched_off(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    _digest_user(investor)
    update_notification_preferences(user=investor, data={"messages": False})
    with time_machine.travel(DAY1, tick=False):
        notify(recipient=investor, kind=NotificationKind.MESSAGE, title="Message from C")
    with (
        time_machine.travel(DAY1 + dt.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert emails.queue_digests(frequency="daily") == 0
    assert mailoutbox == []
    assert Notification.objects.filter(user=investor).count() == 1


def test_unsubscribing_stops_emails_but_keeps_every_other_choice(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    from messaging import services

    update_notification_preferences(user=investor, data={"messages": False, "frequency": "daily"})
    services.unsubscribe_from_emails(user=investor)
    investor.refresh_from_db()
    assert investor.email_notifications is False
    assert investor.notification_frequency == "daily"
    assert investor.notification_preferences["messages"] is False
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=investor, kind=NotificationKind.NDA_REQUEST, title="Still stored")
    assert mailoutbox == []
    assert Notification.objects.filter(user=investor, title="Still stored").exists()
    assert not hasattr(services, "update_notification_preferences")
