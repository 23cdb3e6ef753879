from __future__ import annotations

import datetime as dt
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail

from messaging import emails, notify
from messaging.kinds import NotificationKind
from messaging.models import EmailDelivery
from pitchey.celery import app as celery_app

pytestmark = pytest.mark.django_db

DAY1 = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)  # a Monday


def _prefs(user, email: bool, frequency: str) -> None:
    user.email_notifications = email
    user.notification_frequency = frequency
    user.save(update_fields=["email_notifications", "notification_frequency"])


def test_instant_preference_sends_one_email_after_commit(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=investor,
            kind=NotificationKind.NDA_APPROVED,
            title="Your NDA was approved",
            body="Read the script",
            link="/pitches/1",
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Your NDA was approved"
    assert mailoutbox[0].to == [investor.email]
    assert "/notifications/unsubscribe/" in mailoutbox[0].body
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_a_rolled_back_notify_sends_nothing(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="x")
    assert callbacks  # queued for commit only
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("email", "frequency"), [(False, "instant"), (True, "never"), (True, "daily")]
)
def test_no_instant_email_when_off_never_or_digest(
    investor, mailoutbox, django_capture_on_commit_callbacks, email, frequency
):
    _prefs(investor, email, frequency)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="quiet")
    assert mailoutbox == []


def test_delivering_twice_sends_once(investor, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="once")
    delivery = EmailDelivery.objects.get()
    assert emails.deliver_email(delivery.pk) == "sent"
    assert len(mailoutbox) == 1


def test_a_failed_smtp_send_is_recorded_and_retried(
    investor, monkeypatch, django_capture_on_commit_callbacks
):
    calls = {"n": 0}
    real_send = mail.EmailMultiAlternatives.send

    def flaky_send(self, fail_silently=False):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SMTPServerDisconnected("connection lost")
        return real_send(self, fail_silently)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", flaky_send)
    # Eager tasks re-run on retry only when their errors are not propagated to the caller.
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipient=investor, kind=NotificationKind.SYSTEM, title="retry me")
    finally:
        celery_app.conf.task_eager_propagates = previous
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_the_retry_policy_backs_off():
    from messaging.tasks import deliver_email

    assert SMTPServerDisconnected in deliver_email.autoretry_for or any(
        issubclass(SMTPServerDisconnected, exc) for exc in deliver_email.autoretry_for
    )
    assert deliver_email.retry_backoff
    assert deliver_email.max_retries >= 3


def test_daily_digest_groups_by_kind_and_a_second_run_sends_nothing(
    investor, creator, mailoutbox, django_capture_on_commit_callbacks
):
    _prefs(investor, True, "daily")
    _prefs(creator, True, "weekly")
    with time_machine.travel(DAY1, tick=False):
        notify(recipient=investor, kind=NotificationKind.NDA_REQUEST, title="NDA from A")
        notify(recipient=investor, kind=NotificationKind.NDA_REQUEST, title="NDA from B")
        notify(recipient=investor, kind=NotificationKind.MESSAGE, title="Message from C")
        notify(recipient=creator, kind=NotificationKind.SYSTEM, title="weekly person")
    with time_machine.travel(DAY1 + dt.timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert emails.queue_digests(frequency="daily") == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert emails.queue_digests(frequency="daily") == 0
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].to == [investor.email]
    assert "daily" in mailoutbox[0].subject
    assert "3 new" in mailoutbox[0].subject
    assert "Nda_request (2)" in body
    assert "Message (1)" in body
    assert "weekly person" not in body


def test_weekly_digest_covers_last_week(creator, mailoutbox, django_capture_on_commit_callbacks):
    _prefs(creator, True, "weekly")
    with time_machine.travel(DAY1 + dt.timedelta(days=2), tick=False):
        notify(recipient=creator, kind=NotificationKind.SYSTEM, title="New follower")
    with (
        time_machine.travel(DAY1 + dt.timedelta(days=7, hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert emails.queue_digests(frequency="weekly") == 1
        assert emails.queue_digests(frequency="weekly") == 0
    assert len(mailoutbox) == 1
    assert "weekly" in mailoutbox[0].subject
    assert EmailDelivery.objects.get().period == "2026-W10"


def test_digest_skips_users_with_email_off(
    investor, mailoutbox, django_capture_on_commit_callbacks
):
    _prefs(investor, False, "daily")
    with time_machine.travel(DAY1, tick=False):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="x")
    with (
        time_machine.travel(DAY1 + dt.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert emails.queue_digests(frequency="daily") == 0
    assert mailoutbox == []


def test_the_unsubscribe_link_works_without_login(client, investor):
    url = emails.unsubscribe_url(investor.pk).split("8000", 1)[1]
    assert client.get(url).status_code == 200
    investor.refresh_from_db()
    assert investor.email_notifications is True  # GET only asks
    assert client.post(url).status_code == 200
    investor.refresh_from_db()
    assert investor.email_notifications is False


def test_a_tampered_unsubscribe_link_is_404(client):
    assert client.get("/notifications/unsubscribe/garbage/").status_code == 404


def test_the_digest_command_dry_run_writes_nothing(investor):
    from django.core.management import call_command

    _prefs(investor, True, "daily")
    with time_machine.travel(DAY1, tick=False):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="x")
    with time_machine.travel(DAY1 + dt.timedelta(days=1), tick=False):
        call_command("send_notification_digests", "--frequency", "daily", "--dry-run")
    assert not EmailDelivery.objects.filter(kind="daily").exists()
