from __future__ import annotations

from django import template

from content import selectors

register = template.Library()


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    return selectors.footer_links()
