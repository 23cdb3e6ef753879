"""Footer pages come from the database, staff edit them in the admin, and their HTML is cleaned."""

from __future__ import annotations

import pytest

from analytics.models import AuditLog
from content.models import Page
from pitchey.storage import signed_url

pytestmark = pytest.mark.django_db

FOOTER = ["About", "How it works", "Terms", "Privacy", "Contact", "Help"]


def test_every_page_carries_the_footer_of_site_pages_and_no_developer_links(client):
    page = client.get("/").content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    positions = [footer.index(f">{label}</a>") for label in FOOTER]
    assert positions == sorted(positions)
    assert "/api/docs/" not in footer
    assert "/health" not in footer


@pytest.mark.parametrize("slug", ["about", "how-it-works", "terms", "privacy", "contact", "help"])
def test_each_footer_page_renders_its_stored_content(client, slug):
    stored = Page.objects.get(slug=slug)
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    assert stored.title in response.content.decode()


def test_staff_edit_a_page_in_the_admin_and_the_footer_follows(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = Page.objects.get(slug="help")
    client.get("/")  # caches the footer
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/content/page/{page.pk}/change/",
            {
                "slug": "help",
                "title": "Help centre",
                "summary": "",
                "body": "<p>Ask us.</p><script>alert(1)</script>",
                "footer_label": "Support",
                "footer_position": "6",
                "is_published": "on",
            },
        )
    assert response.status_code == 302
    shown = client.get("/help/").content.decode()
    assert "Help centre" in shown
    assert "<p>Ask us.</p>" in shown
    assert "alert(1)" not in shown
    assert ">Support</a>" in client.get("/").content.decode()
    assert AuditLog.objects.filter(action="content.page.saved").exists()


def test_an_unpublished_page_is_a_404(client):
    Page.objects.filter(slug="privacy").update(is_published=False)
    assert client.get("/privacy/").status_code == 404


def test_file_links_on_pages_follow_the_host_being_served(client, creator, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["*"]
    creator.avatar_file = "avatars/face.jpg"
    creator.save()
    page = client.get(f"/users/{creator.username}/", HTTP_HOST="127.0.0.1:8123").content.decode()
    assert "http://127.0.0.1:8123/files/" in page
    assert "http://127.0.0.1:8000/files/" not in page
    assert signed_url("avatars/face.jpg").startswith("http://127.0.0.1:8000/files/")  # no request
