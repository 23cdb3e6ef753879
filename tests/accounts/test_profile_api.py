import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from accounts.models import Follow, UserSession
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _png(size=(1200, 800)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    out.name = "me.png"
    out.seek(0)
    return out


@pytest.mark.parametrize("path", ["/api/user/profile", "/api/users/profile", "/api/profile"])
def test_own_profile_reads(creator_web, creator, path):
    body = creator_web.get(path).json()
    assert body["user"]["email"] == creator.email
    assert body["data"]["user"]["username"] == creator.username


def test_profile_update(creator_web, creator):
    response = creator_web.put(
        "/api/user/profile",
        {"name": "Ada Lovelace", "bio": "Engines", "website": "https://ada.example"},
    )
    assert response.status_code == 200
    creator.refresh_from_db()
    assert (creator.first_name, creator.last_name, creator.bio) == ("Ada", "Lovelace", "Engines")


def test_profile_bad_input(creator_web, creator):
    response = creator_web.put(
        "/api/user/profile", {"website": "not a url", "username": "x", "phone": "call me"}
    )
    assert response.status_code == 400
    assert {"website", "username", "phone"} <= set(response.json()["error"]["details"])


def test_profile_username_taken_is_409(creator_web, other_creator):
    response = creator_web.put("/api/user/profile", {"username": other_creator.username.upper()})
    assert response.status_code == 409
    assert list(response.json()["error"]["details"]) == ["username"]


def test_profile_needs_login(web):
    assert web.get("/api/user/profile").status_code == 401


def test_settings_read_and_update(creator_web, creator):
    body = creator_web.get("/api/user/settings").json()
    assert {"notifications", "privacy", "security"} <= set(body["settings"])
    assert body["notifications"]["emailNotifications"] is True
    response = creator_web.put(
        "/api/user/settings",
        {
            "notifications": {"messages": False},
            "privacy": {"profileVisibility": "private"},
            "sessionTimeout": 60,
            "loginAlerts": False,
            "emailNotifications": False,
        },
    )
    assert response.status_code == 200
    creator.refresh_from_db()
    assert creator.notification_preferences["messages"] is False
    assert creator.privacy_settings["profile_visibility"] == "private"
    assert creator.security_settings == {"session_timeout": 60, "login_alerts": False}
    assert creator.email_notifications is False


def test_settings_bad_input(creator_web):
    response = creator_web.put(
        "/api/users/settings", {"privacy": {"profileVisibility": "secret"}, "sessionTimeout": 1}
    )
    assert response.status_code == 400
    assert "sessionTimeout" in response.json()["error"]["details"]
    response = creator_web.put("/api/users/settings", {"privacy": {"profileVisibility": "secret"}})
    assert response.status_code == 400
    assert "profileVisibility" in response.json()["error"]["details"]


def test_notification_preferences(creator_web, creator):
    assert (
        creator_web.get("/api/notifications/preferences").json()["preferences"]["ndaRequests"]
        is True
    )
    response = creator_web.put(
        "/api/notifications/preferences", {"ndaRequests": False, "frequency": "daily"}
    )
    assert response.status_code == 200
    assert response.json()["preferences"]["frequency"] == "daily"
    assert (
        creator_web.put("/api/notifications/preferences", {"frequency": "hourly"}).status_code
        == 400
    )


def test_avatar_is_checked_resized_and_stored(creator_web, creator, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    response = creator_web.post("/api/user/avatar", {"file": _png()}, format="multipart")
    assert response.status_code == 200, response.json()
    creator.refresh_from_db()
    assert creator.avatar_file.startswith("avatars/")
    with default_storage.open(creator.avatar_file) as stored, Image.open(stored) as image:
        assert max(image.size) == 512
        assert image.format == "JPEG"
    assert "/files/" in response.json()["profileImage"]


def test_avatar_rejects_non_images_and_big_files(creator_web, settings):
    fake = io.BytesIO(b"GIF89a-but-not-really" + b"\0" * 100)
    fake.name = "x.png"
    response = creator_web.post("/api/user/avatar", {"file": fake}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_FILE_TYPE"
    text = io.BytesIO(b"hello")
    text.name = "x.png"
    assert (
        creator_web.post("/api/user/avatar", {"file": text}, format="multipart").json()["error"][
            "code"
        ]
        == "INVALID_FILE_TYPE"
    )
    settings.AVATAR_MAX_BYTES = 100
    assert (
        creator_web.post("/api/user/avatar", {"file": _png()}, format="multipart").json()["error"][
            "code"
        ]
        == "FILE_TOO_LARGE"
    )
    assert creator_web.post("/api/user/avatar", {}, format="multipart").status_code == 400


def test_account_deletion_anonymises_and_ends_sessions(creator_web, creator, investor):
    Follow.objects.create(follower=investor, following=creator)
    other = browser_client()
    log_in(other, creator, "creator")
    assert creator_web.delete("/api/user/account", {}).status_code == 400
    assert creator_web.delete("/api/user/account", {"password": "wrong"}).status_code == 400
    response = creator_web.delete("/api/user/account", {"confirmation": "DELETE"})
    assert response.status_code == 200
    creator.refresh_from_db()
    assert not creator.is_active
    assert creator.email.endswith("@deleted.invalid")
    assert creator.first_name == "Deleted"
    assert not creator.has_usable_password()
    assert not Follow.objects.exists()
    assert not UserSession.objects.filter(user=creator, revoked_at__isnull=True).exists()
    assert other.get("/api/auth/session").status_code == 401
    assert browser_client().get(f"/api/users/{creator.pk}").status_code == 404


def test_export_contains_only_the_callers_data(creator_web, creator, investor):
    Follow.objects.create(follower=creator, following=investor)
    body = creator_web.get("/api/user/export").json()["data"]
    assert body["profile"]["email"] == creator.email
    assert body["following"][0]["username"] == investor.username
    assert "password" not in str(body).lower().replace("lastpasswordchangeat", "")


def test_public_profile_by_id_and_username(web, investor, creator):
    Follow.objects.create(follower=creator, following=investor)
    by_id = web.get(f"/api/users/{investor.pk}").json()["user"]
    by_name = web.get(f"/api/users/username/{investor.username}").json()["user"]
    assert by_id == by_name
    assert by_id["companyName"] == "Ivan Capital"
    assert by_id["followersCount"] == 1
    assert "email" not in by_id
    assert "phone" not in by_id
    assert "companyName" not in web.get(f"/api/users/{creator.pk}").json()["user"]


def test_private_profiles_show_little(web, creator):
    creator.privacy_settings = {"profile_visibility": "private"}
    creator.bio = "secret bio"
    creator.save()
    body = web.get(f"/api/users/{creator.pk}").json()["user"]
    assert body["isPrivate"] is True
    assert "bio" not in body


def test_missing_or_inactive_profiles_are_404(web):
    gone = UserFactory(is_active=False)
    assert web.get(f"/api/users/{gone.pk}").status_code == 404
    assert web.get("/api/users/999999").status_code == 404
    assert web.get("/api/users/username/nobody-here").status_code == 404


def test_avatar_refuses_decompression_bombs(creator_web):
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")
    out.name = "bomb.png"
    out.seek(0)
    response = creator_web.post("/api/user/avatar", {"file": out}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "FILE_TOO_LARGE"
