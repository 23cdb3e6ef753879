"""POST /api/pitches/ai-extract: the create form's autofill, by rules (no AI model, nothing
called outside): text from PDF, DOCX, text and Markdown; fields from labelled sections and
headings, normalised to the platform's lists; hostile files a 4xx envelope; nothing stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from reportlab.pdfgen import canvas

from accounts.models import UserFile
from pitches.extraction import budget_of, extract_fields, format_of, genre_of
from pitches.models import PitchDocument

pytestmark = pytest.mark.django_db

URL = "/api/pitches/ai-extract"

MARKDOWN = """# The Harbour of Whispers

**Logline:** A lighthouse keeper discovers the sea is keeping her.
Genre: SCI-FI thriller
Format: feature
Budget: $2-3M

## Synopsis
On a remote island, Mara tends the light.

When a storm comes, the sea starts talking back.

## Themes
- grief
- memory; isolation

Target Audience: Adults who love slow-burn mysteries

## Characters
- Mara - the keeper
- Tom: her brother

## Notes
Nothing here is a field.
"""


def _pdf(lines: list[str]) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 16 * n, line)
    page.showPage()
    page.save()
    return out.getvalue()


def _docx(paragraphs: list[tuple[str, str]], *, document_xml: bytes | None = None) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
        if style
        else f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        for style, text in paragraphs
    )
    xml = (
        document_xml
        or (
            f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
        ).encode()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def _post(api, user, name: str, content: bytes):
    api.force_authenticate(user)
    return api.post(URL, {"file": SimpleUploadedFile(name, content)}, format="multipart")


def test_markdown_fills_the_fields_the_spa_reads(api, creator):
    response = _post(api, creator, "pitch.md", MARKDOWN.encode())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert body["data"]["creditsUsed"] == 0
    extracted = body["data"]["extracted"]
    assert extracted["title"] == "The Harbour of Whispers"
    assert extracted["logline"] == "A lighthouse keeper discovers the sea is keeping her."
    assert extracted["genre"] == "Science Fiction"
    assert (extracted["formatCategory"], extracted["formatSubtype"]) == ("Film", "Feature Film")
    assert extracted["shortSynopsis"].startswith("On a remote island")
    assert "sea starts talking back" in extracted["shortSynopsis"]
    assert extracted["themes"] == ["grief", "memory", "isolation"]
    assert extracted["targetAudience"] == "Adults who love slow-burn mysteries"
    assert extracted["budgetBracket"] == "medium"
    assert [c["name"] for c in extracted["characters"]] == ["Mara", "Tom"]
    assert "Nothing here" not in str(extracted)
    # Nothing is stored.
    assert not UserFile.objects.exists()
    assert not PitchDocument.objects.exists()


def test_a_pdf_is_read(api, creator):
    pdf = _pdf(["Title: Night Ferry", "Logline: Two strangers cross a frozen sea.", "Genre: drama"])
    extracted = _post(api, creator, "night.pdf", pdf).json()["data"]["extracted"]
    assert extracted["title"] == "Night Ferry"
    assert extracted["logline"] == "Two strangers cross a frozen sea."
    assert extracted["genre"] == "Drama"


def test_a_docx_is_read_with_its_headings(api, creator):
    docx = _docx(
        [
            ("Title", "Salt Lines"),
            ("", "Genre: Horror"),
            ("Heading1", "Synopsis"),
            ("", "A diver finds a door on the sea floor."),
            ("Heading2", "Themes"),
            ("", "Curiosity, fear"),
        ]
    )
    extracted = _post(api, creator, "salt.docx", docx).json()["data"]["extracted"]
    assert extracted["title"] == "Salt Lines"
    assert extracted["genre"] == "Horror"
    assert extracted["shortSynopsis"] == "A diver finds a door on the sea floor."
    assert extracted["themes"] == ["Curiosity", "fear"]


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bomb_docx() -> bytes:
    return _docx([], document_xml=b"<w:document>" + b" " * (11 * 1024 * 1024) + b"</w:document>")


def _entity_docx() -> bytes:
    xml = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;&a;</d>'
    return _docx([], document_xml=xml)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"MZ\x90\x00 an executable"),
        ("broken.pdf", b"%PDF-1.4\n this is not really a pdf \x00\xff"),
        ("locked.pdf", None),
        ("bomb.docx", None),
        ("entities.docx", None),
        ("not-a-zip.docx", b"PK\x03\x04 truncated"),
        ("slides.pptx", None),
        ("latin1.txt", "caf\xe9".encode("latin-1")),
        ("nul.md", b"Title: x\x00y"),
        ("empty.txt", b""),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("eicar.txt", b"X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE"),
    ],
)
def test_hostile_or_unreadable_files_are_a_4xx_envelope(api, creator, name, content):
    if content is None:
        content = {
            "locked.pdf": _encrypted_pdf,
            "bomb.docx": _bomb_docx,
            "entities.docx": _entity_docx,
            "slides.pptx": lambda: _docx([("", "x")]),
        }[name]()
    response = _post(api, creator, name, content)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    body = response.json()
    assert body["success"] is False
    assert body["error"]["message"]
    assert "file" in body["error"]["details"]


def test_a_file_over_the_upload_limit_is_refused(api, creator, settings):
    big = b"Title: x\n" + b"a" * (20 * 1024 * 1024)
    response = _post(api, creator, "big.txt", big)
    assert response.status_code in (400, 413)
    assert response.json()["error"]["code"] == "FILE_TOO_LARGE"


def test_without_a_file_is_a_400_on_the_field(api, creator):
    api.force_authenticate(creator)
    response = api.post(URL, {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["error"]["details"]


def test_needs_a_login(api):
    response = api.post(URL, {"file": SimpleUploadedFile("a.md", b"Title: x")}, format="multipart")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("value", "genre"),
    [("action", "Action"), ("Sci-Fi", "Science Fiction"), ("dark COMEDY", "Comedy"), ("?", "")],
)
def test_genre_is_normalised_case_insensitively(value, genre):
    assert genre_of(value) == genre


@pytest.mark.parametrize(
    ("value", "bracket"),
    [("low", "low"), ("$50K", "micro"), ("$2-3M", "medium"), ("USD 30 million", "tentpole")],
)
def test_budget_becomes_a_bracket(value, bracket):
    assert budget_of(value) == bracket


def test_format_names_a_category_or_a_subtype():
    assert format_of("TV series")["format"] == "TV Series"
    assert format_of("film")["format_category"] == "Film"
    assert format_of("limited series")["format_category"] == "Television - Scripted"
    assert format_of("something odd") == {"format": "", "format_category": "", "format_subtype": ""}


def test_a_document_without_labels_gives_only_a_title_guess():
    fields = extract_fields("A Story\n\nJust prose with no labels at all.")
    assert fields["title"] == "A Story"
    assert not fields["logline"]
    assert not fields["genre"]
    assert not fields["themes"]
