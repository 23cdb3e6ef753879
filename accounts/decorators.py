"""Page guards by portal: creator pages are for creators (and staff), not for backers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def creator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in creators and staff pass; other portals get the 403 page, not an empty inbox."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if getattr(user, "user_type", "") == "creator" or user.is_staff:
            return view(request, *args, **kwargs)
        return render(request, "403.html", status=403)

    return wrapper


def portal_required(
    *portals: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Logged-in users of these portals (and staff) pass; others get the 403 page."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if user.is_staff or getattr(user, "portal", "") in portals:
                return view(request, *args, **kwargs)
            return render(request, "403.html", status=403)

        return wrapper

    return decorate


# Creators and production companies (their own projects, PR15) write and manage pitches.
pitch_author_required = portal_required("creator", "production")
