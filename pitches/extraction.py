"""Pitch autofill from a document, by rules (no AI model, no outside service).

The file is checked like any upload (`pitchey.uploads`: size limit, type from the bytes, malware
scan) and never stored. Its text comes from a PDF (pypdf), a DOCX (the standard library's
zipfile and XML parser) or plain text / Markdown; fields come from labelled lines
("Logline: ...") and headings ("## Synopsis" followed by paragraphs), and genre, format and
budget are normalised to the platform's lists as the pitch form does. Whatever no rule finds
stays empty: the creator fills it in.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree

from pypdf import PdfReader

from pitches import config
from pitchey.errors import DomainError
from pitchey.storage import detect_content_type
from pitchey.uploads import KINDS, MB, OFFICE_EXTENSIONS, SCANNERS, check_upload

MAX_BYTES = KINDS["other"].max_bytes  # the limit of a document sent to /api/upload
MAX_PAGES = 60
MAX_CHARS = 200_000
# A DOCX is a zip: refuse archives that would expand far beyond what a pitch document needs.
DOCX_MAX_MEMBERS = 2_000
DOCX_MAX_XML_BYTES = 10 * MB
DOCX_MAX_RATIO = 100
TEXT_EXTENSIONS = frozenset({"txt", "md", "markdown"})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Field -> the labels or headings that introduce it (compared case-insensitively).
LABELS: dict[str, tuple[str, ...]] = {
    "title": ("title", "project title", "working title", "project"),
    "logline": ("logline", "log line", "log-line", "tagline", "one-liner", "one liner"),
    "genre": ("genre", "genres"),
    "format": ("format", "medium", "type"),
    "short_synopsis": ("synopsis", "short synopsis", "summary", "overview", "the story"),
    "themes": ("themes", "theme", "key themes"),
    "target_audience": ("target audience", "audience", "target demographic"),
    "budget": ("budget", "budget range", "estimated budget", "budget bracket"),
    "tone_and_style": ("tone", "tone and style", "tone & style", "style"),
    "comparable_films": ("comps", "comparables", "comparable films", "comparable titles"),
    "world_description": ("world", "setting", "the world"),
    "characters": ("characters", "main characters", "cast of characters"),
}
_BY_LABEL = {label: field for field, labels in LABELS.items() for label in labels}
_LABEL_LINE = re.compile(
    r"^\s*(?:#{1,6}\s*)?[*_]{0,2}\s*(?P<label>[a-z][a-z &'-]{1,30}?)\s*[*_]{0,2}\s*"
    r"(?:(?::|\s+[-\u2013\u2014])\s*[*_]{0,2}\s*(?P<rest>.*)|$)",
    re.IGNORECASE,
)
_CHARACTER_SPLIT = re.compile(r"\s*:\s*|\s+[-\u2013\u2014]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_AMOUNT = re.compile(
    r"\$?\s*(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>k|m|mm|mn|million|thousand|b|bn|billion)?\b",
    re.IGNORECASE,
)
_UNITS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6}
_UNITS.update({"b": 1e9, "bn": 1e9, "billion": 1e9})
SHORT_SYNOPSIS_CHARS = 1000


def _refuse(message: str, detail: str, code: str = "INVALID_FILE_TYPE") -> DomainError:
    return DomainError(message, code=code, details={"file": [detail]})


# --- reading the text -------------------------------------------------------------------------


def read_text(*, fileobj: IO[bytes], name: str, size: int) -> str:
    """The document's text; raises DomainError (a 4xx) for a refused, hostile or unreadable
    file."""
    if size > MAX_BYTES:
        raise _refuse(
            f"The file is larger than {MAX_BYTES // MB} MB.",
            f"At most {MAX_BYTES // MB} MB.",
            "FILE_TOO_LARGE",
        )
    fileobj.seek(0)
    detected = detect_content_type(fileobj.read(64))
    fileobj.seek(0)
    if detected in ("application/pdf", "application/zip"):
        content_type = check_upload(fileobj=fileobj, name=name, size=size, kind="other")
        if content_type == "application/pdf":
            return _pdf_text(fileobj)
        if content_type == OFFICE_EXTENSIONS["docx"]:
            return _docx_text(fileobj)
        raise _refuse("This file type is not accepted.", "Send a PDF, DOCX, text or Markdown file.")
    return _plain_text(fileobj, name=name, size=size)


def _pdf_text(fileobj: IO[bytes]) -> str:
    unreadable = _refuse("The PDF cannot be read.", "The PDF is damaged or not a real PDF.")
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            raise _refuse("The PDF is encrypted.", "Send a PDF without a password.")
        parts, total = [], 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text)
            if total >= MAX_CHARS:
                break
    except DomainError:
        raise
    except Exception:  # pypdf raises many kinds of errors on hostile bytes; each is a refusal
        raise unreadable from None
    return "\n".join(parts)[:MAX_CHARS]


def _docx_text(fileobj: IO[bytes]) -> str:
    bomb = _refuse("The document cannot be read.", "The DOCX is damaged or too large inside.")
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            body = next((m for m in members if m.filename == "word/document.xml"), None)
            if body is None or len(members) > DOCX_MAX_MEMBERS:
                raise bomb
            ratio = body.file_size / max(body.compress_size, 1)
            if body.file_size > DOCX_MAX_XML_BYTES or ratio > DOCX_MAX_RATIO:
                raise bomb
            with archive.open(body) as handle:
                xml = handle.read(DOCX_MAX_XML_BYTES + 1)
    except DomainError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise bomb from None
    if len(xml) > DOCX_MAX_XML_BYTES or b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise bomb
    try:
        # Safe here: a DTD (the only door to entity expansion and external entities) is refused
        # above, and the size is capped.
        root = ElementTree.fromstring(xml)  # noqa: S314
    except ElementTree.ParseError:
        raise bomb from None
    return "\n".join(_docx_lines(root))[:MAX_CHARS]


def _docx_lines(root: ElementTree.Element) -> list[str]:
    """One line per paragraph; a paragraph styled as a heading or title becomes a Markdown
    heading, so the same rules read every format."""
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{_W}t")).strip()
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        value = (style.get(f"{_W}val") or "") if style is not None else ""
        if text and value.lower().startswith(("heading", "title")):
            text = f"# {text}"
        lines.append(text)
    return lines


def _plain_text(fileobj: IO[bytes], *, name: str, size: int) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TEXT_EXTENSIONS:
        raise _refuse(
            "This file type is not accepted.", "Send a PDF, DOCX, text (.txt) or Markdown (.md)."
        )
    if size <= 0:
        raise _refuse("The file is empty.", "The file is empty.", "VALIDATION_ERROR")
    fileobj.seek(0)
    raw = fileobj.read(MAX_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("The text cannot be read.", "Send UTF-8 text.") from None
    if "\x00" in text:
        raise _refuse("The text cannot be read.", "Send UTF-8 text.")
    for scanner in SCANNERS:
        reason = scanner(io.BytesIO(raw))
        if reason:
            rejected = "The file was rejected by the malware scan."
            raise _refuse(rejected, f"Rejected: {reason}.", "FILE_REJECTED")
    return text[:MAX_CHARS]


# --- finding the fields -----------------------------------------------------------------------


@dataclass
class _Section:
    field: str
    lines: list[str]


def _label_of(line: str) -> tuple[str, str] | None:
    """(field, inline value) when the line is a known label or heading."""
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    field = _BY_LABEL.get(" ".join(match.group("label").lower().split()))
    if field is None:
        return None
    rest = (match.group("rest") or "").strip().strip("*_").strip()
    return field, rest


def _sections(text: str) -> tuple[list[_Section], str]:
    """The labelled sections in document order, and the first heading or line (a title guess)."""
    sections: list[_Section] = []
    first = ""
    current: _Section | None = None
    inline = False
    for raw in text.splitlines():
        line = raw.strip()
        found = _label_of(line) if line else None
        if found is not None:
            field, rest = found
            current = _Section(field, [rest] if rest else [])
            inline = bool(rest)
            sections.append(current)
            continue
        if not line and inline:
            current = None  # "Genre: Drama" ends at the blank line; a heading's section does not
        heading = _HEADING.match(line)
        if heading is not None:
            first = first or heading.group("text")
            current = None  # an unknown heading ends the section before it
            continue
        first = first or line
        if current is not None:
            current.lines.append(line)
    return sections, first


def _paragraphs(lines: list[str]) -> str:
    """The section's text: lines joined, blank lines kept as paragraph breaks."""
    text = "\n".join(lines).strip()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(paragraphs)


def _items(value: str) -> list[str]:
    parts = re.split(r"[,;\n]|\s+and\s+|^\s*[-*\u2022]\s*", value, flags=re.MULTILINE)
    items = [p.strip(" -*\u2022.\t") for p in parts]
    return [item for item in items if item][:20]


def genre_of(value: str) -> str:
    """A genre of the list named in `value` ('sci-fi thriller' -> 'Science Fiction'), or ''."""
    whole = config.normalise_genre(value)
    if whole:
        return whole
    for part in re.split(r"[,/&|;]|\s+and\s+|\s+", value):
        found = config.normalise_genre(part) if part.strip() else None
        if found:
            return found
    return ""


def format_of(value: str) -> dict[str, str]:
    """The format category and subtype named in `value`, as the pitch form stores them."""
    category = config.normalise_format_category(value) or ""
    subtype = config.normalise_format(value) if not category else ""
    if subtype and subtype not in config.SUBTYPES and subtype != "TV Series":
        subtype = ""
    if subtype and not category:
        category = next((c for c, subs in config.FORMAT_CATEGORIES.items() if subtype in subs), "")
    return {"format": subtype or category, "format_category": category, "format_subtype": subtype}


def budget_of(value: str) -> str:
    """A budget bracket key from a bracket name, a label or amounts ('$2-3M' -> 'medium')."""
    squashed = value.strip().lower()
    for key, label, *_ in config.BUDGET_RANGES:
        if squashed in (key, label.lower()):
            return key
    amounts = []
    matches = list(_AMOUNT.finditer(value))
    last_unit = next((m.group("unit") for m in reversed(matches) if m.group("unit")), None)
    for match in matches:
        number = float(match.group("num").replace(",", ""))
        unit = (match.group("unit") or last_unit or "").lower()
        amounts.append(number * _UNITS.get(unit, 1))
    if not amounts:
        return ""
    return config.bracket_for(sum(amounts) / len(amounts))


def _characters(lines: list[str]) -> list[dict[str, str]]:
    """One character per line: "Name: description" or "- Name - description"."""
    found = []
    for line in lines:
        parts = _CHARACTER_SPLIT.split(line.strip().lstrip("-*\u2022 ").strip(), maxsplit=1)
        name, description = parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
        if name and len(name) <= 50:
            found.append({"name": name, "description": description[:1000], "age": "", "gender": ""})
    return found[:20]


def extract_fields(text: str) -> dict[str, Any]:
    """The pitch fields found in `text` by the labelled-section rules (empty when not found)."""
    sections, first = _sections(text)
    values: dict[str, list[str]] = {}
    for section in sections:
        values.setdefault(section.field, section.lines)
    raw = {field: _paragraphs(lines) for field, lines in values.items()}
    title = raw.get("title") or (first if 0 < len(first) <= 120 else "")
    formats = format_of(raw.get("format", ""))
    return {
        "title": title[:200],
        "logline": raw.get("logline", "")[:500],
        "genre": genre_of(raw.get("genre", "")),
        **formats,
        "short_synopsis": raw.get("short_synopsis", "")[:SHORT_SYNOPSIS_CHARS],
        "themes": _items("\n".join(values.get("themes", []))),
        "target_audience": raw.get("target_audience", "")[:2000],
        "budget_bracket": budget_of(raw.get("budget", "")),
        "tone_and_style": raw.get("tone_and_style", "")[:2000],
        "comparable_films": raw.get("comparable_films", "")[:2000],
        "world_description": raw.get("world_description", "")[:2000],
        "characters": _characters(values.get("characters", [])),
    }
