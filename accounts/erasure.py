"""Who erases a person everywhere when they delete their own account.

accounts imports no later app, so it only anonymises its own rows; the staff console, which
may call every app, hands over the full erasure (the one a GDPR erasure request runs, see
docs/GDPR.md) from its `AppConfig.ready()`: `accounts.erasure.provide(gdpr.erase_own_account)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from accounts.models import User


class EraseEverywhere(Protocol):
    def __call__(self, *, user: User) -> None: ...


_ERASERS: list[EraseEverywhere] = []


def provide(eraser: EraseEverywhere) -> None:
    _ERASERS[:] = [eraser]


def erase_everywhere(*, user: User) -> None:
    """The full erasure when an app provided it, else the account's own anonymisation."""
    if _ERASERS:
        _ERASERS[0](user=user)
        return
    from accounts.services.profile import anonymise_account

    anonymise_account(user=user, actor=user)
