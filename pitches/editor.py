"""The creator's pitch editor: five steps with Back and Next, field errors beside their fields in
plain words, characters and documents edited, reordered and removed in place, a cover image, and
a publish step that lists what is missing before anyone presses Publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import pitch_author_required
from pitches import services
from pitches.cards import poster_url
from pitches.forms import (
    REQUIRED_TO_PUBLISH,
    BasicsForm,
    CharacterForm,
    DocumentEditForm,
    DocumentForm,
    PosterForm,
    StoryForm,
)
from pitches.models import Character, Pitch, PitchDocument
from pitchey.errors import DomainError

STEPS = [
    ("basics", "Basics"),
    ("story", "Story & budget"),
    ("characters", "Characters"),
    ("documents", "Documents"),
    ("publish", "Review & publish"),
]
KEYS = [key for key, _ in STEPS]
# Where each publishing requirement is filled in, in words a creator uses.
REQUIREMENTS = [
    ("title", "Title (3 to 100 characters)", "basics"),
    ("genre", "Genre", "basics"),
    ("format_category", "Format", "basics"),
    ("logline", "Logline (10 to 500 characters)", "basics"),
    ("short_synopsis", "Short synopsis (50 to 1,000 characters)", "basics"),
    ("nda_type", "NDA (the platform's or your own)", "story"),
]
FIELD_WORDS = {name: words.split(" (")[0] for name, words, _ in REQUIREMENTS}


def _owned(request: HttpRequest, pitch_id: int) -> Pitch:
    pitch = Pitch.objects.owned_by(request.user).filter(pk=pitch_id).first()
    if pitch is None:
        raise Http404
    return pitch


def place_errors(form: Form | None, exc: DomainError, request: HttpRequest) -> None:
    """Each message of `exc` once: beside its field when the form has it, else as a flash."""
    details = exc.details or {}
    placed = False
    for field, errors in details.items():
        for error in errors:
            if form is not None and field in form.fields:
                form.add_error(field, error)
                placed = True
            else:
                messages.error(request, f"{FIELD_WORDS.get(field, 'This pitch')}: {error}")
                placed = True
    if not placed:
        messages.error(request, exc.message)


def _neighbours(step: str) -> tuple[str | None, str | None]:
    at = KEYS.index(step)
    return (KEYS[at - 1] if at else None, KEYS[at + 1] if at + 1 < len(KEYS) else None)


def _render(request: HttpRequest, pitch: Pitch | None, step: str, **extra: Any) -> HttpResponse:
    back, following = _neighbours(step)
    context: dict[str, Any] = {
        "pitch": pitch,
        "step": step,
        "steps": STEPS,
        "back": back,
        "next": following,
        # Only the pitch's own fields carry the mark; item forms have fields of the same names.
        "required": REQUIRED_TO_PUBLISH if step == "basics" else frozenset(),
        **extra,
    }
    if pitch is not None:
        context["done"] = _done_steps(pitch)
    return render(request, "pitches/editor.html", context)


def _done_steps(pitch: Pitch) -> set[str]:
    missing = services.publish_errors(pitch)
    done = set()
    if not any(field in missing for field, _, where in REQUIREMENTS if where == "basics"):
        done.add("basics")
    if pitch.long_synopsis or pitch.development_stage:
        done.add("story")
    return done


@pitch_author_required
@require_http_methods(["GET", "POST"])
def pitch_new(request: HttpRequest) -> HttpResponse:
    form = BasicsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pitch = services.create_pitch(owner=request.user, fields=form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            place_errors(form, exc, request)
        else:
            messages.success(request, "Draft saved. Nothing is public until you publish.")
            return redirect("pitches:edit", pitch_id=pitch.pk, step="story")
    return _render(request, None, "basics", form=form)


@pitch_author_required
@require_http_methods(["GET", "POST"])
def pitch_edit(request: HttpRequest, pitch_id: int, step: str = "basics") -> HttpResponse:
    pitch = _owned(request, pitch_id)
    if step not in KEYS:
        raise Http404
    if request.method == "POST" and request.POST.get("item"):
        return _item_action(request, pitch, step)
    form = _step_form(step, pitch, request)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            _save_step(step, pitch, form, request)
        except DomainError as exc:
            place_errors(form, exc, request)
        else:
            messages.success(request, _saved_message(step, form))
            stay = step in ("characters", "documents") and "continue" not in request.POST
            target = step if stay else (_neighbours(step)[1] or step)
            return redirect("pitches:edit", pitch_id=pitch.pk, step=target)
    return _render(request, pitch, step, form=form, **_step_context(step, pitch))


def _saved_message(step: str, form: Form) -> str:
    if step == "characters":
        return f"{form.cleaned_data['name']} is added."
    if step == "documents":
        return "The document is uploaded."
    return "Saved."


def _step_context(step: str, pitch: Pitch) -> dict[str, Any]:
    if step == "characters":
        return {"characters": [(c, _character_form(c)) for c in pitch.characters.all()]}
    if step == "documents":
        return {
            "documents": [(d, _document_form(d)) for d in pitch.documents.all()],
            "poster_form": PosterForm(),
            "poster_url": poster_url(pitch),
        }
    if step == "publish":
        missing = services.publish_errors(pitch)
        checklist = [
            (words, where, field not in missing)
            for field, words, where in REQUIREMENTS
            if field != "nda_type" or pitch.require_nda
        ]
        return {"checklist": checklist, "ready": not missing}
    return {}


def _character_form(character: Character) -> CharacterForm:
    fields = ("name", "role", "description")
    initial = {name: getattr(character, name) for name in fields}
    return CharacterForm(initial=initial, auto_id=f"id_c{character.pk}_%s")


def _document_form(document: PitchDocument) -> DocumentEditForm:
    initial = {"title": document.title, "requires_nda": document.requires_nda}
    return DocumentEditForm(initial=initial, auto_id=f"id_d{document.pk}_%s")


def _step_form(step: str, pitch: Pitch, request: HttpRequest) -> Any:
    data = request.POST if request.method == "POST" else None
    if step == "basics":
        return BasicsForm(data, initial={f: getattr(pitch, f) for f in BasicsForm.base_fields})
    if step == "story":
        initial: dict[str, Any] = {f: getattr(pitch, f, None) for f in StoryForm.base_fields}
        initial.update(
            show_characters=pitch.shows("show_characters"), show_budget=pitch.shows("show_budget")
        )
        return StoryForm(data, initial=initial)
    if step == "characters":
        return CharacterForm(data)
    if step == "documents":
        return DocumentForm(data, request.FILES if data is not None else None)
    return None


def _save_step(step: str, pitch: Pitch, form: Any, request: HttpRequest) -> None:
    user: Any = request.user
    if step == "basics":
        services.update_pitch(pitch=pitch, actor=user, fields=form.cleaned_data)
    elif step == "story":
        services.update_pitch(pitch=pitch, actor=user, fields=form.service_fields(pitch))
    elif step == "characters":
        services.add_character(pitch=pitch, actor=user, fields=form.cleaned_data)
    elif step == "documents":
        upload = form.cleaned_data["file"]
        services.upload_document(
            pitch=pitch,
            actor=user,
            fileobj=upload,
            name=upload.name,
            size=upload.size,
            document_type=form.cleaned_data["document_type"],
            requires_nda=form.cleaned_data["requires_nda"] and pitch.require_nda,
            title=form.cleaned_data["title"],
        )


def _moved(ids: list[int], pk: int, direction: str) -> list[int]:
    """`ids` with `pk` one place up or down (unchanged at either end)."""
    at = ids.index(pk)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    return ids


def _item_action(request: HttpRequest, pitch: Pitch, step: str) -> HttpResponse:
    """Edit, move or remove one character or document, or set or remove the cover image."""
    item, op = request.POST.get("item", ""), request.POST.get("op", "")
    back = redirect("pitches:edit", pitch_id=pitch.pk, step=step)
    try:
        if item == "poster":
            _poster_action(request, pitch, op)
        elif item == "character":
            _character_action(request, pitch, op)
        elif item == "document":
            _document_action(request, pitch, op)
        else:
            raise Http404
    except DomainError as exc:
        place_errors(None, exc, request)
    return back


def _poster_action(request: HttpRequest, pitch: Pitch, op: str) -> None:
    user: Any = request.user
    if op == "remove":
        services.remove_poster(pitch=pitch, actor=user)
        messages.success(request, "The cover image is removed.")
        return
    form = PosterForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Cover image: choose an image file first.")
        return
    upload = form.cleaned_data["poster"]
    services.set_poster(pitch=pitch, actor=user, upload=upload, name=upload.name, size=upload.size)
    messages.success(request, "The cover image is updated.")


def _character_action(request: HttpRequest, pitch: Pitch, op: str) -> None:
    user: Any = request.user
    characters = list(pitch.characters.all())
    chosen = next((c for c in characters if str(c.pk) == request.POST.get("id")), None)
    if chosen is None:
        raise Http404
    if op == "delete":
        services.delete_character(character=chosen, actor=user)
        messages.success(request, f"{chosen.name} is removed.")
    elif op in ("up", "down"):
        order = _moved([c.pk for c in characters], chosen.pk, op)
        services.reorder_characters(pitch=pitch, actor=user, ordered_ids=order)
    elif op == "update":
        form = CharacterForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, f"{chosen.name}: a character needs a name (50 characters at most)."
            )
            return
        services.update_character(character=chosen, actor=user, fields=form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['name']} is saved.")
    else:
        raise Http404


def _document_action(request: HttpRequest, pitch: Pitch, op: str) -> None:
    user: Any = request.user
    documents = list(pitch.documents.all())
    chosen = next((d for d in documents if str(d.pk) == request.POST.get("id")), None)
    if chosen is None:
        raise Http404
    if op == "delete":
        services.delete_document(document=chosen, actor=user)
        messages.success(request, f"“{chosen}” is removed.")
    elif op in ("up", "down"):
        order = _moved([d.pk for d in documents], chosen.pk, op)
        services.reorder_documents(pitch=pitch, actor=user, ordered_ids=order)
    elif op == "update":
        form = DocumentEditForm(request.POST)
        if not form.is_valid():
            messages.error(request, f"“{chosen}”: the title cannot be empty.")
            return
        services.update_document(
            document=chosen,
            actor=user,
            title=form.cleaned_data["title"],
            requires_nda=form.cleaned_data["requires_nda"] and pitch.require_nda,
        )
        messages.success(request, f"“{form.cleaned_data['title']}” is saved.")
    else:
        raise Http404


DONE = {"archive": "is archived", "unarchive": "is back", "delete": "is deleted"}


@pitch_author_required
@require_POST
def pitch_action(request: HttpRequest, pitch_id: int, action: str) -> HttpResponse:
    pitch = _owned(request, pitch_id)
    user: Any = request.user
    try:
        if action == "publish":
            services.publish_pitch(pitch=pitch, actor=user)
            messages.success(request, "Your pitch is live.")
            return redirect(pitch.get_absolute_url())
        if action == "archive":
            services.archive_pitch(pitch=pitch, actor=user)
        elif action == "unarchive":
            services.unarchive_pitch(pitch=pitch, actor=user)
        elif action == "delete":
            services.delete_pitch(pitch=pitch, actor=user)
        else:
            raise Http404
    except DomainError as exc:
        place_errors(None, exc, request)
        return redirect("pitches:edit", pitch_id=pitch.pk, step="publish")
    messages.success(request, f"“{pitch.title}” {DONE[action]}.")
    return redirect("pitches:manage")
