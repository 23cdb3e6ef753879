"""Forms of the production pages (the services check every rule; these parse input)."""

from __future__ import annotations

from django import forms

from production.models import CalendarEvent, Meeting, PitchReview, Submission, TeamMember

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReviewForm(forms.Form):
    status = forms.ChoiceField(choices=PitchReview.Status.choices, label="Verdict")
    rating = forms.IntegerField(min_value=1, max_value=10, label="Rating (1-10)")
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False
    )


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=Submission.Status.choices)
    notes = forms.CharField(max_length=5000, required=False)


class CallForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    genres = forms.CharField(max_length=500, required=False, help_text="Separated by commas.")
    formats = forms.CharField(max_length=500, required=False, help_text="Separated by commas.")
    budget_bracket = forms.CharField(max_length=30, required=False)
    deadline = forms.DateTimeField(widget=DATETIME)
    quota = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def fields_for_service(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        for name in ("genres", "formats"):
            data[name] = [t.strip() for t in str(data.get(name) or "").split(",") if t.strip()]
        return data


class SubmitToCallForm(forms.Form):
    pitch = forms.TypedChoiceField(coerce=int, label="Your pitch")
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args: object, pitches: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["pitch"].choices = pitches  # type: ignore[attr-defined]


class VerificationForm(forms.Form):
    company_name = forms.CharField(max_length=255)
    region = forms.ChoiceField(
        choices=[
            ("UK", "United Kingdom"),
            ("US", "United States"),
            ("IE", "Ireland"),
            ("CA", "Canada"),
            ("AU", "Australia"),
            ("FR", "France"),
            ("DE", "Germany"),
            ("OTHER", "Elsewhere"),
        ]
    )
    registration_number = forms.CharField(max_length=40, required=False)
    website = forms.CharField(max_length=500, required=False)


class DocumentForm(forms.Form):
    document = forms.FileField(label="Insurance certificate or registration (PDF or image)")


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(max_length=2000, required=False)


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=255)
    role = forms.ChoiceField(
        choices=[c for c in TeamMember.Role.choices if c[0] != TeamMember.Role.OWNER],
        initial=TeamMember.Role.MEMBER,
    )


class JoinForm(forms.Form):
    code = forms.CharField(max_length=20, label="Join code")


class EventForm(forms.Form):
    title = forms.CharField(max_length=200)
    start = forms.DateTimeField(widget=DATETIME)
    end = forms.DateTimeField(widget=DATETIME, required=False)
    event_type = forms.ChoiceField(choices=CalendarEvent.Type.choices, label="Type")
    location = forms.CharField(max_length=255, required=False)


class MeetingForm(forms.Form):
    creator = forms.CharField(max_length=100, label="Creator (username)")
    pitch = forms.IntegerField(required=False, label="Pitch id (optional)")
    first_time = forms.DateTimeField(widget=DATETIME, label="Proposed time")
    second_time = forms.DateTimeField(widget=DATETIME, required=False, label="Or")
    meeting_type = forms.ChoiceField(choices=Meeting.Kind.choices)
    duration = forms.IntegerField(min_value=15, max_value=480, initial=30, label="Minutes")
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class ProposeForm(forms.Form):
    time = forms.DateTimeField(
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "aria-label": "Another time"},
            format="%Y-%m-%dT%H:%M",
        ),
        label="Another time",
    )
