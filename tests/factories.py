"""Factories shared by every app's tests (each app may add its own beside its tests)."""

from __future__ import annotations

import factory
from django.conf import settings

from accounts.models import User
from billing.models import CreditEntry

# Tests that are not about billing can pay for NDA requests, messages and uploads; billing tests
# pass `credits=0` (or the amount they need) and grant through the services.
STARTING_CREDITS = 1000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    user_type = User.Type.VIEWER
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()

    @factory.post_generation
    def credits(obj: User, create: bool, extracted: int | None, **kwargs: object) -> None:
        amount = STARTING_CREDITS if extracted is None else extracted
        if create and amount:
            CreditEntry.objects.create(
                user=obj,
                kind=CreditEntry.Kind.GRANT,
                amount=amount,
                balance_after=amount,
                description="Test starting credits",
            )
