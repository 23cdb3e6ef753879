from __future__ import annotations

import factory
from django.utils import timezone

from pitches.models import Character, Pitch, PitchDocument
from tests.factories import UserFactory


class PitchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pitch

    owner = factory.SubFactory(UserFactory, user_type="creator")
    title = factory.Sequence(lambda n: f"Pitch number {n}")
    slug = factory.Sequence(lambda n: f"pitch-number-{n}")
    logline = "A lighthouse keeper discovers the sea is keeping her."
    genre = "Drama"
    format_category = "Film"
    format = "Feature Film"
    format_subtype = "Feature Film"
    short_synopsis = "A public synopsis about a lighthouse, the storm, and the keeper who stays. " * 2
    long_synopsis = "The long synopsis."
    development_stage = "script"
    budget_bracket = "low"
    estimated_budget_usd = 500000
    status = Pitch.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CharacterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Character

    pitch = factory.SubFactory(PitchFactory)
    name = factory.Sequence(lambda n: f"Character {n}")
    role = "Lead"
    position = factory.Sequence(lambda n: n)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PitchDocument

    pitch = factory.SubFactory(PitchFactory)
    document_type = PitchDocument.Type.TREATMENT
    title = "Treatment"
    original_name = "treatment.pdf"
    storage_key = factory.Sequence(lambda n: f"pitches/test/doc-{n}.pdf")
    size = 100
    content_type = "application/pdf"
    sha256 = "0" * 64
