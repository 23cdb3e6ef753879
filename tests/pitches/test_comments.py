"""The comment thread: replies, anonymity, edits and removals, sanitised HTML, rate limits,
notifications after commit, live pushes to readers, and a query count fixed by page size."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.test import override_settings

from messaging.models import Notification
from messaging.services import RateLimited
from pitches.engagement import services as engagement
from pitches.engagement.models import PitchComment
from pitchey.errors import DomainError, NotAllowed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COMMENT_KEYS = {
    "id",
    "pitchId",
    "parentId",
    "content",
    "contentHtml",
    "displayName",
    "userType",
    "isAnonymous",
    "author",
    "createdAt",
    "editedAt",
    "isEdited",
    "isRemoved",
    "removal",
    "isMine",
    "canEdit",
    "canRemove",
}


def post(pitch, author, body="A fine idea", **kwargs):
    return engagement.post_comment(pitch=pitch, author=author, body=body, **kwargs)


# --- sanitising -----------------------------------------------------------------------------------


def test_comment_html_is_sanitised(published_pitch, investor):
    comment = post(
        published_pitch,
        investor,
        '<p onclick="x()">Nice <b>hook</b> <script>alert(1)</script>'
        '<a href="javascript:alert(2)">bad</a> <a href="https://example.com">good</a>'
        '<img src=x onerror=alert(3)><iframe src="https://evil"></iframe>\nnext line</p>',
    )
    html = comment.body_html
    for banned in ("<script", "onclick", "javascript:", "<img", "onerror", "<iframe"):
        assert banned not in html
    assert "<b>hook</b>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html
    assert "<br>" in html
    assert comment.body.startswith("Nice hook")
    assert "<" not in comment.body


def test_empty_or_markup_only_comments_are_refused(published_pitch, investor):
    for body in ("   ", "<script>alert(1)</script>", "<p></p>", "\x00\x01"):
        with pytest.raises(DomainError, match="empty"):
            post(published_pitch, investor, body)
    with pytest.raises(DomainError, match="at most"):
        post(published_pitch, investor, "x" * 2001)
    assert not PitchComment.objects.exists()


# --- rules ----------------------------------------------------------------------------------------


def test_replies_attach_to_the_top_comment(published_pitch, investor, production):
    top = post(published_pitch, investor)
    reply = post(published_pitch, production, parent=top)
    reply_to_reply = post(published_pitch, investor, parent=reply)
    assert reply.parent == top
    assert reply_to_reply.parent == top


def test_a_reply_must_be_on_the_same_pitch(published_pitch, investor, creator):
    from tests.pitches.factories import PitchFactory

    elsewhere = post(PitchFactory(owner=creator), investor)
    with pytest.raises(DomainError, match="another pitch"):
        post(published_pitch, investor, parent=elsewhere)


def test_drafts_take_no_comments(draft_pitch, investor):
    with pytest.raises(DomainError, match="published"):
        post(draft_pitch, investor)


def test_only_the_author_edits(published_pitch, investor, production):
    comment = post(published_pitch, investor)
    with pytest.raises(NotAllowed):
        engagement.edit_comment(comment=comment, actor=production, body="Hijacked")
    engagement.edit_comment(comment=comment, actor=investor, body="Better <em>words</em>")
    comment.refresh_from_db()
    assert (comment.body, comment.body_html) == ("Better words", "Better <em>words</em>")
    assert comment.edited_at is not None


def test_removal_by_author_creator_or_moderator_only(published_pitch, investor, watcher, staff):
    first, second, third = (post(published_pitch, investor) for _ in range(3))
    with pytest.raises(NotAllowed):
        engagement.remove_comment(comment=first, actor=watcher)
    assert engagement.remove_comment(comment=first, actor=investor).removal == "author"
    owner = published_pitch.owner
    assert engagement.remove_comment(comment=second, actor=owner).removal == "creator"
    assert engagement.remove_comment(comment=third, actor=staff).removal == "moderator"
    with pytest.raises(DomainError, match="removed"):
        engagement.edit_comment(comment=first, actor=investor, body="Back again")


@override_settings(COMMENT_RATE_LIMIT="3/minute")
def test_commenting_is_rate_limited(published_pitch, investor):
    for _ in range(3):
        post(published_pitch, investor)
    with pytest.raises(RateLimited):
        post(published_pitch, investor)
    assert PitchComment.objects.count() == 3


def test_the_creator_and_the_person_replied_to_hear_of_it_after_commit(
    published_pitch, investor, production, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        top = post(published_pitch, investor)
    assert Notification.objects.filter(user=published_pitch.owner).count() == 1
    assert callbacks  # pushes wait for the commit
    with django_capture_on_commit_callbacks(execute=True):
        post(published_pitch, production, "Agreed", parent=top, is_anonymous=True)
    reply_note = Notification.objects.get(user=investor)
    assert reply_note.kind == "pitch_comment_reply"
    assert production.display_name not in f"{reply_note.title} {reply_note.body}"
    assert "Someone: Agreed" in reply_note.body
    # the creator's own comment notifies nobody but the person replied to
    Notification.objects.all().delete()
    post(published_pitch, published_pitch.owner, "Thanks", parent=top)
    assert list(Notification.objects.values_list("user_id", flat=True)) == [investor.pk]


# --- API ------------------------------------------------------------------------------------------


def test_thread_answers_the_spa_keys_with_replies(api, published_pitch, investor, production):
    top = post(published_pitch, investor, "First!")
    post(published_pitch, production, "A reply", parent=top)
    body = api.get(f"/api/pitches/{published_pitch.pk}/comments").json()
    assert body["success"] is True
    # feedback.service reads `res.data.data` as the list
    thread = body["data"]["data"]
    assert thread == body["data"]["comments"]
    assert set(thread[0]) == COMMENT_KEYS | {"replies"}
    assert (thread[0]["content"], thread[0]["displayName"], thread[0]["userType"]) == (
        "First!",
        investor.display_name,
        "investor",
    )
    assert [r["content"] for r in thread[0]["replies"]] == ["A reply"]
    assert body["data"]["total"] == 1
    assert body["meta"]["pagination"]["total"] == 1


@pytest.mark.parametrize("viewer", ["anonymous", "creator", "watcher", "investor"])
def test_an_anonymous_comment_never_exposes_its_author(
    api, published_pitch, production, viewer, request
):
    production.first_name, production.last_name = "Zelda", "Quartermaine"
    production.save()
    top = post(published_pitch, production, "Secretly keen", is_anonymous=True)
    post(published_pitch, production, "Me again", is_anonymous=True, parent=top)
    if viewer != "anonymous":
        api.force_authenticate(request.getfixturevalue(viewer))
    response = api.get(f"/api/pitches/{published_pitch.pk}/comments")
    text = response.content.decode()
    for secret in ("Quartermaine", production.username, production.email, production.company_name):
        assert secret not in text
    entry = response.json()["data"]["comments"][0]
    assert (entry["displayName"], entry["author"]) == ("Anonymous", None)


def test_the_anonymous_author_sees_their_own_and_staff_see_who(
    api, published_pitch, production, staff
):
    post(published_pitch, production, "Secretly keen", is_anonymous=True)
    api.force_authenticate(production)
    mine = api.get(f"/api/pitches/{published_pitch.pk}/comments").json()["data"]["comments"][0]
    assert (mine["isMine"], mine["canEdit"], mine["author"]) == (True, True, None)
    api.force_authenticate(staff)
    seen = api.get(f"/api/pitches/{published_pitch.pk}/comments").json()["data"]["comments"][0]
    assert seen["author"]["id"] == production.pk


def test_post_edit_and_remove_through_the_api(api, published_pitch, investor, creator):
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}/comments"
    created = api.post(url, {"content": "Great concept - probe comment.", "isAnonymous": False})
    assert created.status_code == 201
    comment_id = created.json()["data"]["id"]
    edited = api.put(f"{url}/{comment_id}", {"content": "Great <b>concept</b>"}, format="json")
    assert edited.json()["data"]["contentHtml"] == "Great <b>concept</b>"
    reply = api.post(url, {"content": "Replying", "parentId": comment_id}, format="json")
    assert reply.json()["data"]["parentId"] == comment_id
    api.force_authenticate(creator)
    assert api.put(f"{url}/{comment_id}", {"content": "Mine now"}).status_code == 403
    removed = api.delete(f"{url}/{comment_id}").json()["data"]
    assert (removed["isRemoved"], removed["removal"], removed["content"]) == (True, "creator", "")
    listed = api.get(url).json()["data"]["comments"][0]
    assert (listed["isRemoved"], listed["content"], listed["displayName"]) == (True, "", "Removed")
    assert [r["content"] for r in listed["replies"]] == ["Replying"]


def test_comment_api_refuses_bad_input_and_strangers(api, published_pitch, draft_pitch, investor):
    url = f"/api/pitches/{published_pitch.pk}/comments"
    assert api.post(url, {"content": "Hi"}).status_code == 401
    api.force_authenticate(investor)
    for body in (
        {},
        {"content": ""},
        {"content": "x\x00y"},
        {"content": ["a"]},
        {"content": "ok", "parentId": 10**20},
        {"content": "ok", "isAnonymous": "maybe"},
    ):
        response = api.post(url, body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert api.post(url, {"content": "ok", "parentId": 999999}, format="json").status_code == 404
    assert api.post(f"/api/pitches/{draft_pitch.pk}/comments", {"content": "x"}).status_code == 404
    assert api.get(f"/api/pitches/{draft_pitch.pk}/comments").status_code == 404
    assert not PitchComment.objects.exists()


def test_someone_elses_comment_on_another_pitch_is_404(api, published_pitch, investor, creator):
    from tests.pitches.factories import PitchFactory

    other = post(PitchFactory(owner=creator), investor)
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}/comments/{other.pk}"
    assert api.put(url, {"content": "moved"}).status_code == 404
    assert api.delete(url).status_code == 404
    other.refresh_from_db()
    assert (other.body, other.removed_at) == ("A fine idea", None)


def test_thread_query_count_is_fixed_whatever_its_size(
    api, published_pitch, django_assert_num_queries
):
    people = UserFactory.create_batch(3, user_type="investor")

    def add(n: int) -> None:
        for i in range(n):
            top = post(published_pitch, people[i % 3], f"Top {i}")
            post(published_pitch, people[(i + 1) % 3], f"Reply {i}", parent=top)

    url = f"/api/pitches/{published_pitch.pk}/comments?limit=50"
    add(2)
    with django_assert_num_queries(4):  # pitch, count, page, replies
        api.get(url)
    with override_settings(COMMENT_RATE_LIMIT="1000/minute"):
        add(20)
    with django_assert_num_queries(4):
        assert len(api.get(url).json()["data"]["comments"]) == 22


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
async def test_readers_of_the_thread_get_comments_live_and_the_owner_the_engagement():
    from tests.messaging.test_consumer import nothing_of_type, open_socket, receive_type
    from tests.pitches.factories import PitchFactory

    pitch = await sync_to_async(PitchFactory)()
    hidden = await sync_to_async(PitchFactory)(status="draft", published_at=None)
    author, reader = [await sync_to_async(UserFactory)(user_type="investor") for _ in range(2)]
    reader_socket, owner_socket = await open_socket(reader), await open_socket(pitch.owner)
    await reader_socket.send_json_to(
        {
            "type": "subscribe",
            "data": {
                "channels": [f"comments.{pitch.pk}", f"comments.{hidden.pk}", f"pitch.{pitch.pk}"]
            },
        }
    )
    subscribed = await receive_type(reader_socket, "subscribed")
    assert subscribed["data"] == {
        "channels": [f"comments.{pitch.pk}"],
        "denied": [f"comments.{hidden.pk}", f"pitch.{pitch.pk}"],
    }
    await owner_socket.send_json_to({"type": "subscribe", "data": {"channel": f"pitch.{pitch.pk}"}})
    await receive_type(owner_socket, "subscribed")

    comment = await sync_to_async(post)(pitch, author, "Live!", is_anonymous=True)
    live = await receive_type(reader_socket, "pitch_comment")
    assert live["data"] == {
        "pitchId": pitch.pk,
        "commentId": comment.pk,
        "parentId": None,
        "action": "created",
    }
    assert (await receive_type(owner_socket, "pitch_engagement"))["data"]["kind"] == "comment"
    await sync_to_async(engagement.rate_pitch)(pitch=pitch, rater=author, score=9)
    rated = await receive_type(owner_socket, "pitch_engagement")
    assert (rated["data"]["kind"], rated["data"]["ratingCount"]) == ("rating", 1)
    assert await nothing_of_type(reader_socket, "pitch_engagement")
    await reader_socket.disconnect()
    await owner_socket.disconnect()


def test_activity_events_name_nobody_for_anonymous_comments(
    published_pitch, investor, production, django_capture_on_commit_callbacks
):
    from analytics.models import Event

    with django_capture_on_commit_callbacks(execute=True):
        post(published_pitch, investor, "Signed")
        post(published_pitch, production, "Unsigned", is_anonymous=True)
    rows = Event.objects.filter(event_type="pitch_comment").order_by("id")
    assert list(rows.values_list("user_id", "creator_id")) == [
        (investor.pk, published_pitch.owner_id),
        (None, published_pitch.owner_id),
    ]
