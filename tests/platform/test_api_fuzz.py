"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis).

Every operation of `/api/schema/` is called in-process through the WSGI application, on a database
seeded with the demo data, once as an anonymous visitor and once as a logged-in user of each
portal (creator, investor, production, watcher, staff; one drawn per example), with positive
(schema-valid) and negative (schema-violating) inputs. Path parameters are half of the time a
real id, slug, username or token of the seeded data, so requests get past "not found".

Two properties hold for every request: no server error (5xx), and every 4xx answer is the JSON
envelope `{"success": false, "error": {...}}` the SPA reads.

The run is bounded and reproducible: a fixed number of examples per operation and mode
(`FUZZ_EXAMPLES`, default below), derandomized generation, no example database. It prints the
number of requests and operations and the duration.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, models
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
# An operation the schema says needs a login answers an anonymous caller 401 before reading
# anything: a few examples show it (and that the 401 is the envelope); the budget goes elsewhere.
ANONYMOUS_ON_PRIVATE = max(2, EXAMPLES // 5)
# Comma-separated substrings of operation labels, for a local rerun of some operations only.
ONLY = [part for part in os.environ.get("FUZZ_ONLY", "").split(",") if part]
SCHEMA_PATH = "/api/schema/?format=json"
_ID_PARAM = re.compile(r"^(?P<thing>[a-z_]+?)_?id$", re.IGNORECASE)


@dataclass
class Tally:
    requests: int = 0
    operations: set[str] = field(default_factory=set)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def check(
        self, label: str, mode: str, case: Any, response: Any, *, private: bool = False
    ) -> None:
        self.requests += 1
        self.operations.add(label)
        status = response.status_code
        self.statuses[mode, status] += 1
        problem = _problem(status, response)
        if not problem and private and mode == "anonymous" and 200 <= status < 300:
            problem = "anonymous success where the schema requires a login"
        if problem and len(self.failures) < 200:
            self.failures.append(
                f"{mode} {label} -> {status} ({problem}): path={case.formatted_path!r} "
                f"query={case.query!r} body={_short(case.body)!r} "
                f"answer={response.content[:300]!r}"
            )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:300] + "..."


def _problem(status: int, response: Any) -> str | None:
    if status == 503 and _maintenance_on():
        # The run (as staff) switched maintenance mode on: writes answer 503, as they should.
        return _not_envelope(response)
    if status >= 500:
        return "server error"
    if not 400 <= status < 500:
        return None
    return _not_envelope(response)


def _not_envelope(response: Any) -> str | None:
    content_type = (response.headers.get("content-type") or [""])[0]
    if not content_type.startswith("application/json"):
        return "4xx not JSON"
    try:
        body = json.loads(response.content)
    except ValueError:
        return "4xx body not JSON"
    if not isinstance(body, dict) or body.get("success") is not False or not body.get("error"):
        return "4xx not the error envelope"
    return None


def _maintenance_on() -> bool:
    from pitchey import runtime

    runtime.forget()
    return runtime.maintenance() is not None


def _reset_runtime_settings() -> None:
    """Each operation starts with the default runtime settings (an earlier staff call may have
    switched maintenance mode on or a feature off)."""
    from pitchey import runtime
    from pitchey.models import RuntimeSettings

    RuntimeSettings.objects.all().delete()
    runtime.forget()


# --- known values for path parameters -------------------------------------------------------


def _tables() -> list[type[models.Model]]:
    """Models with a table of their own (not unmanaged, not proxies)."""
    return [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]


def _model_ids() -> dict[str, list[int]]:
    """Primary keys of every concrete model with an integer key, by lower-case model name."""
    ids: dict[str, list[int]] = {}
    for model in _tables():
        if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
            continue
        values = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:50])
        if values:
            ids[model.__name__.lower()] = values
    return ids


def _string_values() -> dict[str, list[str]]:
    """Real values of the string path parameters: usernames, slugs, tokens, hashes."""
    found: dict[str, list[str]] = {"username": [], "key": [], "token": [], "sha256": []}
    for model in _tables():
        for fld in model._meta.concrete_fields:
            if not isinstance(fld, models.CharField | models.SlugField):
                continue
            name = fld.name.lower()
            target = (
                "username"
                if name == "username"
                else "key"
                if name in {"slug", "key", "public_key"}
                else "token"
                if name == "token"
                else "sha256"
                if "sha256" in name or name.endswith("hash")
                else None
            )
            if target:
                values = model._default_manager.exclude(**{fld.name: ""}).values_list(
                    fld.name, flat=True
                )[:20]
                found[target].extend(str(v) for v in values if v)
    return {name: values for name, values in found.items() if values}


def known_path_values() -> Callable[[str, str], list[Any]]:
    ids = _model_ids()
    strings = _string_values()
    every_id = sorted({pk for values in ids.values() for pk in values})[:200]

    def values_for(name: str, path: str) -> list[Any]:
        if name in strings:
            return strings[name]
        match = _ID_PARAM.match(name)
        if not match:
            return []
        thing = match.group("thing").replace("_", "").lower()
        if thing in ids:
            return ids[thing]
        # `saved_id` under /saved-pitches/, `link_id` under /share-links/: models containing
        # the word, else every id of the data.
        near = [pk for model, pks in ids.items() if thing in model for pk in pks]
        return near or every_id

    return values_for


# --- the run --------------------------------------------------------------------------------


def _strategy(operation: Any) -> Any:
    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    with contextlib.suppress(Exception):  # an operation may have nothing to negate
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    return st.one_of(strategies)


def needs_login(operation: Any) -> bool:
    """The schema lists no anonymous alternative (`{}`) among the operation's security."""
    security = operation.definition.raw.get("security")
    return security is not None and {} not in security


def _fuzz_operation(
    operation: Any,
    *,
    app: Any,
    mode: str,
    headers_for: Anonymous | Logins,
    values_for: Callable[[str, str], list[Any]],
    tally: Tally,
) -> None:
    label = operation.label
    path_params = [p.name for p in operation.path_parameters]
    strategy = _strategy(operation)
    private = needs_login(operation)
    examples = ANONYMOUS_ON_PRIVATE if private and mode == "anonymous" else EXAMPLES

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy, data=st.data())
    def run(case: Any, data: Any) -> None:
        for name in path_params:
            known = values_for(name, operation.path)
            if known and data.draw(st.booleans(), label=f"real {name}"):
                case.path_parameters = {
                    **(case.path_parameters or {}),
                    name: data.draw(st.sampled_from(known), label=name),
                }
        headers = headers_for(data)
        response = case.call(app=app, headers=headers)
        headers_for.answered(response.status_code)
        tally.check(label, mode, case, response, private=private)

    try:
        run()
    except Exception as exc:  # a generation error is reported, not a crash of the whole run
        tally.failures.append(f"{mode} {label}: could not run: {exc!r}"[:500])


@pytest.fixture
def fuzz_world(transactional_db, settings):
    """The demo data, a WSGI app, the schema as the API serves it, and a login per portal."""
    from pitchey.seeding import demo_logins, seed_all

    settings.RATE_LIMIT_ENABLED = False
    # The staff endpoints are fuzzed past their second-factor gate (its own tests cover it).
    settings.STAFF_REQUIRE_MFA = False
    # As Django's test client does: one connection for the whole run, not one per request; and
    # this connection's commits need not wait for the disk (test data, thrown away at the end).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    seed_all()
    app = get_wsgi_application()  # configures logging again: quieten it after
    # Thousands of expected 4xx would each log a warning; a 5xx still logs its traceback.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, app)
    emails = [email for _portal, email in demo_logins()]
    yield app, schema, emails
    request_log.setLevel(level)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")


class Logins:
    """A Bearer header for one of the demo users (drawn per example), kept until an answer says
    it no longer works (the fuzz logs out, changes passwords, deactivates, deletes accounts)."""

    def __init__(self, emails: list[str]) -> None:
        self.emails = emails
        self.headers: dict[str, dict[str, str]] = {}
        self.current = ""

    def __call__(self, data: Any) -> dict[str, str]:
        email = data.draw(st.sampled_from(self.emails), label="user")
        self.current = email
        if email not in self.headers:
            self.headers[email] = {"Authorization": f"Bearer {_fresh_access(email)}"}
        return self.headers[email]

    def answered(self, status: int) -> None:
        if status == 401:
            self.headers.pop(self.current, None)


def _fresh_access(email: str) -> str:
    from accounts.models import User
    from accounts.services import start_session

    user = User.objects.filter(email=email).first()
    if user is None or not user.is_active:
        user = _revive(email, user)
    return start_session(user=user, user_agent="fuzz").access


def _revive(email: str, user: Any) -> Any:
    from accounts.models import User
    from tests.factories import UserFactory

    if user is not None:
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.refresh_from_db()
        return user
    return UserFactory(email=email, username=email.split("@")[0].replace(".", "_"))


class Anonymous:
    def __call__(self, data: Any) -> dict[str, str]:
        return {}

    def answered(self, status: int) -> None:
        pass


def test_every_operation_answers_without_server_error_and_4xx_is_the_envelope(fuzz_world):
    app, schema, emails = fuzz_world
    values_for = known_path_values()
    tally = Tally()
    started = time.monotonic()
    # `ok()` raises on an operation the fuzzer cannot read: the schema itself is then wrong.
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 250, "the schema lost its operations"
    operations = [op for op in operations if not ONLY or any(o in op.label for o in ONLY)]

    modes: dict[str, Anonymous | Logins] = {"anonymous": Anonymous(), "logged-in": Logins(emails)}
    for operation in operations:
        for mode, headers_for in modes.items():
            _reset_runtime_settings()
            _fuzz_operation(
                operation,
                app=app,
                mode=mode,
                headers_for=headers_for,
                values_for=values_for,
                tally=tally,
            )
    elapsed = time.monotonic() - started
    print(
        f"\nAPI fuzz: {tally.requests} requests over {len(tally.operations)} of "
        f"{len(operations)} operations in {elapsed:.0f} s; "
        f"answers by mode and status {dict(sorted(tally.statuses.items()))}"
    )
    assert len(tally.operations) == len(operations)
    assert not tally.failures, "\n".join(tally.failures)
