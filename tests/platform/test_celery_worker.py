"""A real Celery worker on the Redis broker runs the jobs the web process enqueues after commit."""

import time

import pytest
from django.core import mail

from messaging.kinds import NotificationKind

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from pitchey.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
    app.conf.task_always_eager, app.conf.broker_url = saved


def test_a_notification_email_is_delivered_by_the_worker(celery_worker, investor):
    from messaging import notify
    from messaging.models import EmailDelivery

    investor.email_notifications = True
    investor.notification_frequency = "instant"
    investor.save()
    notification = notify(
        recipient=investor,
        kind=NotificationKind.MESSAGE,
        title="New message from Alice",
        body="Hello there",
        link="/messages/",
    )

    delivery = EmailDelivery.objects.get(notification=notification)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        delivery.refresh_from_db()
        if delivery.status != EmailDelivery.Status.PENDING:
            break
        time.sleep(0.1)
    assert delivery.status == EmailDelivery.Status.SENT
    assert [m.to for m in mail.outbox] == [[investor.email]]
    assert "New message from Alice" in mail.outbox[0].subject + mail.outbox[0].body
