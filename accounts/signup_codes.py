"""Codes a new account may bring to registration (an invite code), redeemed by the app that
owns them.

accounts imports no later app, so production adds its handler from `AppConfig.ready()`:
`SIGNUP_CODE_HANDLERS.append(production.services.redeem_at_signup)`. A handler redeems the code
for the new user inside the registration's transaction, or raises a `DomainError` naming the
field (the account is then not created).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from accounts.models import User


class SignupCodeHandler(Protocol):
    def __call__(self, *, user: User, code: str) -> None: ...


SIGNUP_CODE_HANDLERS: list[SignupCodeHandler] = []


def redeem(*, user: User, code: str) -> None:
    """Run every registered handler for the new account's code."""
    for handler in SIGNUP_CODE_HANDLERS:
        handler(user=user, code=code)
