"""Site pages for the demo: the defaults the migration created, restored if someone removed one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.defaults import PAGES
from content.models import Page

if TYPE_CHECKING:
    from pitchey.seeding import DemoData


def seed(demo: DemoData) -> None:
    for page in PAGES:
        Page.objects.get_or_create(slug=str(page["slug"]), defaults=page)
