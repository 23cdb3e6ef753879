from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import services
from accounts.models import UserSession

pytestmark = pytest.mark.django_db


def test_purge_keeps_live_sessions_and_drops_old_ended_ones(creator, time_machine, capsys):
    time_machine.move_to(timezone.now() - timedelta(days=60), tick=False)
    old = services.start_session(user=creator)
    services.logout(raw_refresh=old.refresh, session_id=old.session_id)
    time_machine.move_to(timezone.now() + timedelta(days=60), tick=False)
    live = services.start_session(user=creator)
    call_command("purge_auth_records", "--dry-run")
    assert "Would delete: 1 sessions" in capsys.readouterr().out
    assert UserSession.objects.count() == 2
    call_command("purge_auth_records")
    assert list(UserSession.objects.values_list("pk", flat=True)) == [live.session_id]
