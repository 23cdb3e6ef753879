from __future__ import annotations

from typing import Self

import nh3
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
