from __future__ import annotations

from typing import Self

import nh3
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "br", "blockquote"}


class PageQuerySet(models.QuerySet["Page"]):
    def published(self) -> Self:
        return self.filter(is_published=True)

    def in_footer(self) -> Self:
        return self.published().filter(footer_position__isnull=False).order_by("footer_position")


class Page(models.Model):
    """A public page of the site whose words staff keep current without a deploy."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence under the title."
    )
    body = models.TextField(
        help_text="HTML: paragraphs, h2/h3 headings, lists, links, bold and italics."
    )
    footer_label = models.CharField(max_length=40, blank=True, help_text="Short footer link text.")
    footer_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Order in the footer; empty keeps the page out of it."
    )
    is_published = models.BooleanField(default=True)
    data = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "Structured parts the single-page app reads, as a JSON object (hero, steps, "
            "features, team members...). Keys are returned as written."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PageQuerySet.as_manager()

    class Meta:
        db_table = "content_pages"
        ordering = ["footer_position", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"

    @property
    def safe_body(self) -> SafeString:
        """The body with everything but the allowed tags removed (staff input is still input)."""
        cleaned = nh3.clean(self.body, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}})
        return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 above


class ContactMessage(models.Model):
    """A message sent through the public contact form; staff read it in the admin."""

    class Kind(models.TextChoices):
        GENERAL = "general-enquiry", "General enquiry"
        WEB_ISSUE = "web-issue", "Web issue"
        PITCH_COMPLAINT = "pitch-complaint", "Complaint about a pitch"
        INVESTOR_COMPLAINT = "investor-complaint", "Complaint about an investor"
        PRAISE = "praise", "Praise"
        FEATURE_REQUEST = "feature-request", "Feature request"
        PARTNERSHIP = "partnership", "Partnership"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.GENERAL)
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    message = models.TextField()
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "content_contact_messages"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.email})"


class ClientError(models.Model):
    """An error a browser reported (the SPA's error boundary or its console hook), size-capped."""

    class Source(models.TextChoices):
        ERROR_LOG = "error_log", "Error boundary"
        CONSOLE = "console", "Console error"

    source = models.CharField(max_length=20, choices=Source.choices)
    level = models.CharField(max_length=20, blank=True)
    message = models.TextField()
    stack = models.TextField(blank=True)
    url = models.CharField(max_length=1000, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    context = models.JSONField(default=dict, blank=True)
    reported_at = models.CharField(
        max_length=64, blank=True, help_text="The browser's own timestamp, as sent."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "content_client_errors"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:80]
