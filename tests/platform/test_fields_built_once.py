"""`pitchey.serializers.FieldsBuiltOnce`: a serializer whose fields are built once per class answers
exactly what DRF's own building answers, with fields of its own per instance."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from pitches.api.serializers import PitchDetailSerializer
from pitches.models import Pitch
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_the_same_fields_and_output_as_drf_builds_them(rf):
    pitch = Pitch.objects.for_detail().get(pk=PitchFactory(title="Kept").pk)
    request = rf.get("/")
    context = {"request": request, "confidential_ids": {pitch.pk}}
    once = PitchDetailSerializer(pitch, context=context)
    again = PitchDetailSerializer(pitch, context=context)
    assert list(once.fields) == list(again.fields)
    assert {name: type(field) for name, field in once.fields.items()} == {
        name: type(field) for name, field in PitchDetailSerializer(pitch).get_fields().items()
    }
    # Each instance its own field objects, bound to it (and nested serializers copied).
    for name in once.fields:
        assert once.fields[name] is not again.fields[name]
        assert once.fields[name].parent is once
    assert once.data == again.data
    assert once.data["title"] == "Kept"


class _BuiltByDrf(PitchDetailSerializer):
    """The same serializer with DRF building its fields every time."""

    def get_fields(self):
        return serializers.ModelSerializer.get_fields(self)


def test_every_field_renders_as_drf_renders_it(rf):
    pitch = Pitch.objects.for_detail().get(pk=PitchFactory(estimated_budget_usd=1234).pk)
    for confidential in (set(), {pitch.pk}):
        context = {"request": rf.get("/"), "confidential_ids": confidential}
        ours = PitchDetailSerializer(pitch, context=context)
        drfs = _BuiltByDrf(pitch, context=context)
        assert ours.data == drfs.data
        plain = [n for n, f in drfs.fields.items() if not isinstance(f, serializers.BaseSerializer)]
        assert [ours.fields[n]._kwargs for n in plain] == [drfs.fields[n]._kwargs for n in plain]
