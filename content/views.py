from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from content import selectors


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.page_by_slug(slug)
    if found is None:
        raise Http404("No such page.")
    return render(request, "content/page.html", {"page": found})
