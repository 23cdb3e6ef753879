"""The inbox answers the keys Messages.tsx reads: the other participant's name and type, the last
message as a string with its time, and per message the sender's name, type and read state (the
SPA reads several of them as snake_case row columns, which go out beside the camelCase ones)."""

from __future__ import annotations

import pytest

from messaging import services
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_conversation_list_names_the_other_participant_and_the_last_message(
    as_investor, investor, creator
):
    pitch = PitchFactory(owner=creator, title="Harbour Lights")
    chat = services.start_conversation(
        creator=investor, recipient_ids=[creator.pk], pitch_id=pitch.pk
    )
    services.send_message(sender=creator, conversation=chat, content="Thanks for reaching out")
    row = as_investor.get("/api/conversations").json()["data"]["conversations"][0]
    assert row["participant_name"] == row["participantName"] == creator.display_name
    assert row["participant_type"] == row["participantType"] == "creator"
    assert row["participantId"] == creator.pk
    assert row["last_message"] == "Thanks for reaching out"
    assert row["lastMessage"]["content"] == "Thanks for reaching out"
    assert row["last_message_time"] == row["lastMessage"]["createdAt"]
    assert row["pitch_title"] == row["pitchTitle"] == "Harbour Lights"
    assert row["unreadCount"] == 1


def test_an_empty_conversation_has_an_empty_last_message(as_investor, investor, creator):
    services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    row = as_investor.get("/api/conversations").json()["data"]["conversations"][0]
    assert row["last_message"] == ""
    assert row["lastMessage"] is None
    assert row["updated_at"]


def test_messages_carry_sender_name_type_and_read_state(api, as_investor, investor, creator):
    chat = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    mine = services.send_message(sender=investor, conversation=chat, content="Hello")
    unread = as_investor.get(f"/api/conversations/{chat.pk}").json()["data"]["messages"]
    assert unread[0]["is_read"] is False  # the creator has not read it yet
    theirs = services.send_message(sender=creator, conversation=chat, content="Hi back")
    messages = as_investor.get(f"/api/conversations/{chat.pk}").json()["data"]["messages"]
    by_id = {m["id"]: m for m in messages}
    assert by_id[theirs.pk]["sender_name"] == by_id[theirs.pk]["senderName"] == creator.display_name
    assert by_id[theirs.pk]["sender_type"] == "creator"
    assert by_id[theirs.pk]["is_read"] is False  # the investor has not read the reply yet
    assert by_id[mine.pk]["is_read"] is True  # replying, the creator read up to it
    services.mark_conversation_read(user=investor, conversation=chat, up_to_id=None)
    messages = as_investor.get(f"/api/conversations/{chat.pk}").json()["data"]["messages"]
    assert {m["id"]: m["isRead"] for m in messages} == {mine.pk: True, theirs.pk: True}


def test_someone_elses_conversation_stays_404(api, investor, creator, production):
    chat = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    api.force_authenticate(production)
    assert api.get(f"/api/conversations/{chat.pk}").status_code == 404
    assert api.get("/api/conversations").json()["data"]["conversations"] == []
