"""Staff personas: one per role, each with a second factor, logged in through the API."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import User
from staff import roles
from tests.factories import UserFactory


def make_staff(role: str | None, *, mfa: bool = True) -> User:
    """A staff member in `role` (None: staff without a role); `mfa` sets the account flag."""
    user = UserFactory(user_type=User.Type.ADMIN, is_staff=True, two_factor_enabled=mfa)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # a fresh instance: no cached permissions


def enable_real_mfa(user: User) -> list[str]:
    """Turn on TOTP for `user` through the services; returns the backup codes."""
    secret, _ = account_services.start_mfa_setup(user=user)
    return account_services.enable_mfa(user=user, code=pyotp.TOTP(secret).now())


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def moderator(db) -> User:
    return make_staff(roles.MODERATOR)


@pytest.fixture
def support(db) -> User:
    return make_staff(roles.SUPPORT)


@pytest.fixture
def staff_admin(db) -> User:
    return make_staff(roles.ADMIN)


@pytest.fixture
def mod_api(moderator) -> APIClient:
    return client_for(moderator)
