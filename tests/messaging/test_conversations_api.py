from __future__ import annotations

import pytest

from accounts.services import block_user, unblock_user
from messaging import services
from messaging.models import Conversation, Message, MessageReadReceipt, Notification
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_starting_a_conversation_returns_its_id_and_reuses_the_one_to_one(as_investor, creator):
    first = as_investor.post("/api/conversations", {"recipientId": creator.pk}, format="json")
    again = as_investor.post("/api/conversations", {"recipientId": creator.pk}, format="json")
    assert first.status_code == 201
    conversation_id = first.json()["data"]["conversation"]["id"]
    assert again.json()["data"]["conversation"]["id"] == conversation_id
    assert Conversation.objects.count() == 1


def test_a_conversation_about_a_pitch_is_separate(as_investor, creator):
    pitch = PitchFactory(owner=creator)
    plain = as_investor.post("/api/conversations", {"recipientId": creator.pk}, format="json")
    about = as_investor.post(
        "/api/conversations", {"recipientId": creator.pk, "pitchId": pitch.pk}, format="json"
    )
    assert plain.json()["data"]["conversation"]["id"] != about.json()["data"]["conversation"]["id"]
    assert about.json()["data"]["conversation"]["pitchId"] == pitch.pk
    assert Conversation.objects.get(pitch=pitch).pitch_id == pitch.pk


def test_a_conversation_about_an_invisible_or_unknown_pitch_is_404(as_investor, creator):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    for pitch_id in (draft.pk, 999999):
        response = as_investor.post(
            "/api/conversations", {"recipientId": creator.pk, "pitchId": pitch_id}, format="json"
        )
        assert response.status_code == 404
        sent = as_investor.post(
            "/api/messages/send",
            {"recipientId": creator.pk, "pitchId": pitch_id, "content": "hi"},
            format="json",
        )
        assert sent.status_code == 404
    assert Conversation.objects.count() == 0
    assert Message.objects.count() == 0


def test_the_owner_may_start_a_conversation_about_their_draft(api, creator, investor):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    api.force_authenticate(creator)
    response = api.post(
        "/api/conversations", {"recipientId": investor.pk, "pitchId": draft.pk}, format="json"
    )
    assert response.status_code == 201


def test_deleting_the_pitch_keeps_the_conversation(as_investor, creator):
    pitch = PitchFactory(owner=creator)
    as_investor.post(
        "/api/conversations", {"recipientId": creator.pk, "pitchId": pitch.pk}, format="json"
    )
    pitch.delete()
    assert Conversation.objects.get().pitch_id is None


def test_a_group_conversation_has_every_member(as_investor, creator, production):
    response = as_investor.post(
        "/api/conversations",
        {"participantIds": [creator.pk, production.pk], "title": "Co-financing"},
        format="json",
    )
    data = response.json()["data"]["conversation"]
    assert data["isGroup"] is True
    assert {p["id"] for p in data["participants"]} == {
        creator.pk,
        production.pk,
        response.wsgi_request.user.pk,
    }


def test_starting_without_a_recipient_is_a_field_error(as_investor):
    response = as_investor.post("/api/conversations", {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "recipientId" in response.json()["error"]["details"]
    assert Conversation.objects.count() == 0


def test_starting_with_an_unknown_recipient_is_404(as_investor):
    response = as_investor.post("/api/conversations", {"recipientId": 999999}, format="json")
    assert response.status_code == 404
    assert Conversation.objects.count() == 0


def test_sending_stores_sanitised_text_and_counts_unread_for_the_other(
    as_investor, creator, conversation, api
):
    response = as_investor.post(
        f"/api/conversations/{conversation.pk}/messages",
        {"content": "  <b>Hello</b> <script>x()</script>there \x07 "},
        format="json",
    )
    assert response.status_code == 201
    message = response.json()["data"]["message"]
    assert message["content"] == "Hello there"
    api.force_authenticate(creator)
    listed = api.get("/api/conversations").json()["data"]
    assert listed["conversations"][0]["unreadCount"] == 1
    assert listed["conversations"][0]["lastMessage"]["content"] == "Hello there"


def test_a_message_too_long_is_refused_and_nothing_is_written(as_investor, conversation):
    response = as_investor.post(
        f"/api/conversations/{conversation.pk}/messages", {"content": "x" * 5001}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "content" in response.json()["error"]["details"]
    assert Message.objects.count() == 0


def test_an_outsider_cannot_read_or_write_a_conversation(api, watcher, conversation):
    api.force_authenticate(watcher)
    assert api.get(f"/api/conversations/{conversation.pk}").status_code == 404
    sent = api.post(
        f"/api/conversations/{conversation.pk}/messages", {"content": "hi"}, format="json"
    )
    assert sent.status_code == 404
    assert Message.objects.count() == 0


@pytest.mark.parametrize("blocker_is_sender", [True, False])
def test_a_blocked_user_cannot_be_messaged(
    as_investor, investor, creator, conversation, blocker_is_sender
):
    blocker, target = (investor, creator) if blocker_is_sender else (creator, investor)
    block_user(blocker=blocker, target=target)
    response = as_investor.post(
        f"/api/conversations/{conversation.pk}/messages", {"content": "hi"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "USER_BLOCKED"
    assert Message.objects.count() == 0


def test_a_blocked_user_cannot_start_a_conversation(as_investor, investor, creator):
    block_user(blocker=creator, target=investor)
    response = as_investor.post("/api/conversations", {"recipientId": creator.pk}, format="json")
    assert response.status_code == 403
    assert Conversation.objects.count() == 0


def test_unblocking_lets_messages_through_again(as_investor, investor, creator, conversation):
    block_user(blocker=creator, target=investor)
    unblock_user(blocker=creator, target=investor)
    response = as_investor.post(
        f"/api/conversations/{conversation.pk}/messages", {"content": "hi"}, format="json"
    )
    assert response.status_code == 201


def test_the_message_rate_limit_answers_429(as_investor, conversation, settings):
    settings.MESSAGE_RATE_LIMIT = "3/minute"
    url = f"/api/conversations/{conversation.pk}/messages"
    codes = [
        as_investor.post(url, {"content": f"m{i}"}, format="json").status_code for i in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    assert Message.objects.count() == 3


def test_messages_page_with_a_cursor(as_investor, investor, conversation):
    for i in range(5):
        Message.objects.create(conversation=conversation, sender=investor, content=f"m{i}")
    first = as_investor.get(f"/api/conversations/{conversation.pk}?limit=2").json()["data"]
    assert [m["content"] for m in first["messages"]] == ["m3", "m4"]
    assert first["hasMore"] is True
    second = as_investor.get(
        f"/api/conversations/{conversation.pk}?limit=2&before={first['nextCursor']}"
    ).json()["data"]
    assert [m["content"] for m in second["messages"]] == ["m1", "m2"]
    last = as_investor.get(
        f"/api/conversations/{conversation.pk}?limit=2&before={second['nextCursor']}"
    ).json()["data"]
    assert [m["content"] for m in last["messages"]] == ["m0"]
    assert last["hasMore"] is False


def test_a_bad_cursor_is_a_field_error(as_investor, conversation):
    response = as_investor.get(f"/api/conversations/{conversation.pk}?before=abc")
    assert response.status_code == 400
    assert "before" in response.json()["error"]["details"]


def test_mark_read_writes_receipts_and_clears_the_unread_count(
    as_creator, investor, creator, conversation
):
    services.send_message(sender=investor, conversation=conversation, content="one")
    services.send_message(sender=investor, conversation=conversation, content="two")
    response = as_creator.post(f"/api/conversations/{conversation.pk}/read", {}, format="json")
    assert response.json()["data"]["markedRead"] == 2
    assert MessageReadReceipt.objects.filter(user=creator).count() == 2
    assert (
        as_creator.get("/api/conversations").json()["data"]["conversations"][0]["unreadCount"] == 0
    )
    assert not Notification.objects.filter(
        user=creator, kind="message", read_at__isnull=True
    ).exists()


def test_a_new_message_notifies_the_other_participant_once_per_conversation(
    investor, creator, conversation
):
    services.send_message(sender=investor, conversation=conversation, content="one")
    services.send_message(sender=investor, conversation=conversation, content="two")
    notes = Notification.objects.filter(user=creator, kind="message")
    assert notes.count() == 1
    assert notes.get().link == f"/messages/{conversation.pk}/"


def test_only_the_sender_deletes_a_message(as_creator, api, investor, conversation):
    message = services.send_message(sender=investor, conversation=conversation, content="mine")
    refused = as_creator.delete(f"/api/messages/{message.pk}")
    assert refused.status_code == 403
    api.force_authenticate(investor)
    deleted = api.delete(f"/api/messages/{message.pk}")
    assert deleted.status_code == 200
    assert deleted.json()["success"] is True
    message.refresh_from_db()
    assert message.is_deleted
    assert message.content == ""


def test_a_message_of_someone_elses_conversation_is_404(api, watcher, investor, conversation):
    message = services.send_message(sender=investor, conversation=conversation, content="secret")
    api.force_authenticate(watcher)
    assert api.get(f"/api/messages/{message.pk}").status_code == 404
    assert api.delete(f"/api/messages/{message.pk}").status_code == 404
    assert (
        api.put(f"/api/messages/{message.pk}", {"content": "x"}, format="json").status_code == 404
    )
    message.refresh_from_db()
    assert message.content == "secret"


def test_the_sender_edits_a_message(as_investor, investor, conversation):
    message = services.send_message(sender=investor, conversation=conversation, content="draft")
    response = as_investor.put(f"/api/messages/{message.pk}", {"content": "final"}, format="json")
    assert response.json()["data"]["message"]["content"] == "final"
    assert response.json()["data"]["message"]["editedAt"]


def test_send_endpoint_starts_a_conversation_with_a_recipient(as_investor, creator):
    response = as_investor.post(
        "/api/messages/send", {"recipientId": creator.pk, "content": "Hi"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["data"]["conversationId"]
    assert response.json()["data"]["message"]["content"] == "Hi"


def test_send_endpoint_needs_a_recipient_or_conversation(as_investor):
    response = as_investor.post("/api/messages/send", {"content": "Hi"}, format="json")
    assert response.status_code == 400
    assert "recipientId" in response.json()["error"]["details"]


def test_contacts_are_conversation_partners(as_investor, creator, conversation):
    contacts = as_investor.get("/api/messages/contacts").json()["data"]["contacts"]
    assert [c["id"] for c in contacts] == [creator.pk]


def test_an_attachment_upload_is_checked_by_its_bytes_and_attached(as_investor, conversation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = as_investor.post("/api/messages/attachments", {"file": fake}, format="multipart")
    assert refused.status_code == 400
    pdf = SimpleUploadedFile("deck.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    uploaded = as_investor.post("/api/messages/attachments", {"file": pdf}, format="multipart")
    assert uploaded.status_code == 201
    token = uploaded.json()["data"]["attachment"]["token"]
    sent = as_investor.post(
        f"/api/conversations/{conversation.pk}/messages",
        {"content": "see deck", "attachments": [token]},
        format="json",
    )
    attachment = sent.json()["data"]["message"]["attachments"][0]
    assert attachment["name"] == "deck.pdf"
    assert "/files/" in attachment["url"]


def test_someone_elses_attachment_token_is_refused(as_investor, api, creator, conversation):
    token = services.attachment_token(
        user=creator, key="messages/x.pdf", name="x.pdf", size=1, content_type="application/pdf"
    )
    response = as_investor.post(
        f"/api/conversations/{conversation.pk}/messages",
        {"content": "hi", "attachments": [token]},
        format="json",
    )
    assert response.status_code == 400
    assert Message.objects.count() == 0


@pytest.mark.parametrize("size", [1, 5, 12])
def test_the_conversation_list_query_count_does_not_grow(
    api, investor, django_assert_num_queries, size
):
    for _ in range(size):
        other = UserFactory()
        thread = services.start_conversation(creator=investor, recipient_ids=[other.pk])
        services.send_message(sender=other, conversation=thread, content="hello")
    api.force_authenticate(investor)
    with django_assert_num_queries(3):
        response = api.get("/api/conversations?limit=20")
    assert len(response.json()["data"]["conversations"]) == size


@pytest.mark.parametrize("size", [1, 10, 40])
def test_the_message_page_query_count_does_not_grow(
    as_investor, investor, conversation, django_assert_num_queries, size
):
    for i in range(size):
        Message.objects.create(conversation=conversation, sender=investor, content=f"m{i}")
    with django_assert_num_queries(3):
        response = as_investor.get(f"/api/conversations/{conversation.pk}?limit=50")
    assert len(response.json()["data"]["messages"]) == size
