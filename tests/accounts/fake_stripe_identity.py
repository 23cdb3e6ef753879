"""Billing's local fake of Stripe, taught the two Stripe Identity endpoints identity verification
calls (`POST /v1/identity/verification_sessions`, `GET .../:id`). No test reaches the network."""

from __future__ import annotations

import re
import secrets
from typing import Any

from tests.billing.fake_stripe import FakeStripe, _error


class FakeStripeIdentity(FakeStripe):
    def __init__(self) -> None:
        super().__init__()
        self.verification_sessions: dict[str, dict[str, Any]] = {}
        self.down = False  # answer 500s, as an outage would

    def route(self, method: str, path: str, form: dict[str, str], query: dict[str, str]) -> Any:
        if self.down:
            return 500, {"error": {"type": "api_error", "message": "Stripe is down."}}
        if path == "/v1/identity/verification_sessions" and method == "POST":
            return self.create_verification(form)
        match = re.fullmatch(r"/v1/identity/verification_sessions/([^/]+)", path)
        if match and method == "GET":
            session = self.verification_sessions.get(match.group(1))
            if session is None:
                return 404, _error(f"No such verification session: '{match.group(1)}'")
            return 200, session
        return super().route(method, path, form, query)

    def create_verification(self, form: dict[str, str]) -> Any:
        vid = f"vs_fake{secrets.token_hex(8)}"
        session = {
            "id": vid,
            "object": "identity.verification_session",
            "type": form.get("type"),
            "status": "requires_input",
            "url": f"https://verify.stripe.test/start/{vid}",
            "return_url": form.get("return_url"),
            "client_reference_id": form.get("client_reference_id"),
            "metadata": {"user_id": form.get("metadata[user_id]")},
            "last_error": None,
        }
        self.verification_sessions[vid] = session
        return 200, session

    def settle(self, vid: str, status: str, error_code: str | None = None) -> None:
        """What the person and Stripe's checks did meanwhile."""
        session = self.verification_sessions[vid]
        session["status"] = status
        session["url"] = None if status != "requires_input" else session["url"]
        session["last_error"] = {"code": error_code, "reason": "test"} if error_code else None
