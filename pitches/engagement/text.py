"""Text people write on a pitch: comment HTML cleaned with nh3, plain text for everything else."""

from __future__ import annotations

import html
import re

import nh3

COMMENT_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
}
COMMENT_ATTRIBUTES = {"a": {"href", "title"}}
LINK_SCHEMES = {"http", "https", "mailto"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(raw: str) -> str:
    """`raw` without markup or control characters, trimmed."""
    return _CONTROL_RE.sub("", html.unescape(nh3.clean(raw, tags=set()))).strip()


def comment_html(raw: str) -> str:
    """The comment as safe HTML: a small set of inline and list tags, links that cannot run
    script and are marked nofollow; newlines become line breaks."""
    cleaned = nh3.clean(
        _CONTROL_RE.sub("", raw).strip(),
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )
    return cleaned.replace("\r\n", "\n").replace("\n", "<br>")


def clean_items(items: list[str], *, limit: int = 10, max_length: int = 500) -> list[str]:
    """Non-empty plain-text items, at most `limit` of at most `max_length` characters each."""
    cleaned = [plain_text(item)[:max_length] for item in items]
    return [item for item in cleaned if item][:limit]
