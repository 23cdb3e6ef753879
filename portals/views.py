"""Each portal's home: the first page after login, made of direct counts and short lists."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import selectors as account_selectors
from accounts.models import User
from pitches import selectors as pitch_selectors
from pitches.cards import pitch_cards
from portals import selectors


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    if user.portal == "admin":
        return redirect("admin:index")
    data = selectors.home_for(user)
    cards = {name: pitch_cards(request, rows) for name, rows in data.cards.items()}
    return render(
        request, f"portals/home_{_template(user.portal)}.html", {"home": data, "cards": cards}
    )


def _template(portal: str) -> str:
    return "backer" if portal in ("investor", "production") else portal


FOLLOWING_LIMIT = 60


@login_required
@require_GET
def following(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    people = list(account_selectors.following_of(user)[:FOLLOWING_LIMIT])
    context = {
        "people": people,
        "pitches": pitch_cards(request, pitch_selectors.followed_by(user, limit=FOLLOWING_LIMIT)),
        "liked": pitch_cards(request, pitch_selectors.liked_by(user, limit=FOLLOWING_LIMIT)),
    }
    return render(request, "portals/following.html", context)
