"""Forms of the investment pages: record an investment, revalue or withdraw it, answer and move
a deal, write in its thread, sign it, and the thesis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from investments.models import CURRENCIES, MAX_AMOUNT, Deal
from pitches import config


def money(label: str, *, minimum: Decimal, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=minimum,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        required=required,
    )


class InvestForm(forms.Form):
    pitch = forms.TypedChoiceField(label="Pitch", coerce=int, choices=())
    amount = money("Amount", minimum=Decimal("0.01"))
    currency = forms.ChoiceField(label="Currency", choices=[(c, c) for c in CURRENCIES])
    terms = forms.CharField(
        label="Terms (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, pitches: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pitch"].choices = [(p.pk, p.title) for p in pitches]  # type: ignore[attr-defined]


class RevalueForm(forms.Form):
    current_value = money("Current value", minimum=Decimal(0))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Reason (optional)", required=False, max_length=2000)


class CounterForm(forms.Form):
    amount = money("Amount", minimum=Decimal("0.01"), required=False)
    backend_percent = forms.DecimalField(
        label="Backend %",
        min_value=Decimal(0),
        max_value=Decimal(100),
        required=False,
        max_digits=5,
        decimal_places=2,
    )
    territory = forms.CharField(label="Territory", required=False, max_length=200)
    term_months = forms.IntegerField(
        label="Term (months)", min_value=1, max_value=600, required=False
    )
    note = forms.CharField(label="Note", required=False, max_length=2000)

    def terms(self) -> dict[str, Any]:
        data = self.cleaned_data
        given = {k: data[k] for k in ("amount", "backend_percent", "term_months") if data.get(k)}
        if data.get("territory"):
            given["territory"] = data["territory"]
        return given


class NoteForm(forms.Form):
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=Deal.Outcome.choices)
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000)


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SignDealForm(forms.Form):
    full_name = forms.CharField(label="Your full legal name", max_length=200, min_length=2)
    agreed = forms.BooleanField(label="I agree to these terms and sign with my typed name.")


def _choices(values: list[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class ThesisForm(forms.Form):
    summary = forms.CharField(
        label="What you look for",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    genres = forms.MultipleChoiceField(
        label="Genres",
        required=False,
        choices=_choices(config.GENRES),
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.MultipleChoiceField(
        label="Formats",
        required=False,
        choices=_choices(list(config.FORMAT_CATEGORIES)),
        widget=forms.CheckboxSelectMultiple,
    )
    budget_brackets = forms.MultipleChoiceField(
        label="Budget brackets",
        required=False,
        choices=[(key, label) for key, label, *_ in config.BUDGET_RANGES],
        widget=forms.CheckboxSelectMultiple,
    )
    stages = forms.MultipleChoiceField(
        label="Stages",
        required=False,
        choices=config.DEVELOPMENT_STAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    ticket_min = money("Smallest ticket", minimum=Decimal(0), required=False)
    ticket_max = money("Largest ticket", minimum=Decimal(0), required=False)
    is_public = forms.BooleanField(
        label="Show my thesis to creators (never the ticket sizes)", required=False
    )
