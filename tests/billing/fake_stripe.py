"""A local fake of the Stripe endpoints billing calls: a small HTTP server on 127.0.0.1 answering
with Stripe's JSON shapes. `stripe.api_base` points at it in tests, so no test reaches the network.

It records every request (method, path, form fields) for assertions and keeps the objects it
created, so a test can read back what billing asked Stripe to do.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from billing import stripe_shapes as shapes

PAGE_SIZE = 2  # small, so listing exercises Stripe's `has_more` pagination


class FakeStripe:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.customers: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.coupons: dict[str, dict[str, Any]] = {}
        self.payment_methods: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}  # by idempotency key, as Stripe replays
        self.fail_next: str | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FakeStripe:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def calls(self, method: str, path_prefix: str) -> list[dict[str, Any]]:
        return [
            r for r in self.requests if r["method"] == method and r["path"].startswith(path_prefix)
        ]

    # --- routes -------------------------------------------------------------------------------

    def route(self, method: str, path: str, form: dict[str, str], query: dict[str, str]) -> Any:
        if self.fail_next:
            message, self.fail_next = self.fail_next, None
            return 402, {"error": {"type": "card_error", "message": message}}
        for pattern, verb, handler in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and verb == method:
                return handler(self, form, query, *match.groups())
        return 404, _error(f"Unrecognized request URL ({method}: {path}).")

    def create_customer(self, form: dict[str, str], query: dict[str, str]) -> Any:
        customer = {
            "id": f"cus_fake{secrets.token_hex(6)}",
            "object": "customer",
            "email": form.get("email"),
            "name": form.get("name"),
            "metadata": _nested(form, "metadata"),
            "invoice_settings": {"default_payment_method": None},
        }
        self.customers[customer["id"]] = customer
        return 200, customer

    def get_customer(self, form: dict[str, str], query: dict[str, str], cid: str) -> Any:
        if cid not in self.customers:
            return 404, _error(f"No such customer: '{cid}'")
        return 200, self.customers[cid]

    def update_customer(self, form: dict[str, str], query: dict[str, str], cid: str) -> Any:
        if cid not in self.customers:
            return 404, _error(f"No such customer: '{cid}'")
        default = form.get("invoice_settings[default_payment_method]")
        if default is not None:
            self.customers[cid]["invoice_settings"]["default_payment_method"] = default
        return 200, self.customers[cid]

    def delete_customer(self, form: dict[str, str], query: dict[str, str], cid: str) -> Any:
        if cid not in self.customers:
            return 404, _error(f"No such customer: '{cid}'", code="resource_missing")
        del self.customers[cid]
        return 200, {"id": cid, "object": "customer", "deleted": True}

    def create_session(self, form: dict[str, str], query: dict[str, str]) -> Any:
        sid = f"cs_test_fake{secrets.token_hex(8)}"
        session = {
            "id": sid,
            "object": "checkout.session",
            "mode": form.get("mode"),
            "customer": form.get("customer"),
            "status": "open",
            "url": f"https://checkout.stripe.test/c/pay/{sid}",
            "metadata": _nested(form, "metadata"),
            "form": form,
        }
        self.sessions[sid] = session
        return 200, session

    def create_portal(self, form: dict[str, str], query: dict[str, str]) -> Any:
        return 200, {
            "id": f"bps_fake{secrets.token_hex(6)}",
            "object": "billing_portal.session",
            "customer": form.get("customer"),
            "return_url": form.get("return_url"),
            "url": f"https://billing.stripe.test/p/session/{secrets.token_hex(6)}",
        }

    def update_subscription(self, form: dict[str, str], query: dict[str, str], sid: str) -> Any:
        if sid not in self.subscriptions:
            return 404, _error(f"No such subscription: '{sid}'")
        sub = self.subscriptions[sid]
        if "cancel_at_period_end" in form:
            sub["cancel_at_period_end"] = form["cancel_at_period_end"] == "true"
        return 200, sub

    def list_subscriptions(self, form: dict[str, str], query: dict[str, str]) -> Any:
        ordered = list(self.subscriptions.values())
        start = 0
        if query.get("starting_after"):
            start = [s["id"] for s in ordered].index(query["starting_after"]) + 1
        page = ordered[start : start + PAGE_SIZE]
        body = {
            "object": "list",
            "url": "/v1/subscriptions",
            "data": page,
            "has_more": start + PAGE_SIZE < len(ordered),
        }
        return 200, body

    def create_coupon(self, form: dict[str, str], query: dict[str, str]) -> Any:
        coupon = {
            "id": f"coupon_fake{secrets.token_hex(4)}",
            "object": "coupon",
            "percent_off": float(form["percent_off"]),
            "duration": form.get("duration"),
            "name": form.get("name"),
        }
        self.coupons[coupon["id"]] = coupon
        return 200, coupon

    def create_refund(self, form: dict[str, str], query: dict[str, str]) -> Any:
        key = self.requests[-1]["idempotency_key"] or secrets.token_hex(6)
        if key not in self.refunds:
            self.refunds[key] = {
                "id": f"re_fake{secrets.token_hex(6)}",
                "object": "refund",
                "amount": int(form["amount"]),
                "payment_intent": form.get("payment_intent"),
                "charge": form.get("charge"),
                "reason": form.get("reason"),
                "metadata": _nested(form, "metadata"),
                "status": "succeeded",
            }
        return 200, self.refunds[key]

    def list_payment_methods(self, form: dict[str, str], query: dict[str, str]) -> Any:
        customer = query.get("customer")
        data = [pm for pm in self.payment_methods.values() if pm["customer"] == customer]
        return 200, {
            "object": "list",
            "url": "/v1/payment_methods",
            "data": data,
            "has_more": False,
        }

    def add_card(self, customer: str, name: str = "Card Holder") -> dict[str, Any]:
        pm = shapes.payment_method(
            pm_id=f"pm_fake{secrets.token_hex(6)}", customer=customer, name=name
        )
        self.payment_methods[pm["id"]] = pm
        return pm


ROUTES = [
    (r"/v1/customers", "POST", FakeStripe.create_customer),
    (r"/v1/customers/([^/]+)", "GET", FakeStripe.get_customer),
    (r"/v1/customers/([^/]+)", "POST", FakeStripe.update_customer),
    (r"/v1/customers/([^/]+)", "DELETE", FakeStripe.delete_customer),
    (r"/v1/checkout/sessions", "POST", FakeStripe.create_session),
    (r"/v1/billing_portal/sessions", "POST", FakeStripe.create_portal),
    (r"/v1/subscriptions/([^/]+)", "POST", FakeStripe.update_subscription),
    (r"/v1/subscriptions", "GET", FakeStripe.list_subscriptions),
    (r"/v1/coupons", "POST", FakeStripe.create_coupon),
    (r"/v1/payment_methods", "GET", FakeStripe.list_payment_methods),
    (r"/v1/refunds", "POST", FakeStripe.create_refund),
]


def _error(message: str, code: str | None = None) -> dict[str, Any]:
    error = {"type": "invalid_request_error", "message": message}
    return {"error": {**error, "code": code} if code else error}


def _nested(form: dict[str, str], prefix: str) -> dict[str, str]:
    """`metadata[user_id]=3` form fields back into `{"user_id": "3"}`."""
    found = {}
    for key, value in form.items():
        match = re.fullmatch(rf"{re.escape(prefix)}\[([^\]]+)\]", key)
        if match:
            found[match.group(1)] = value
    return found


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            form = dict(parse_qsl(body, keep_blank_values=True))
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            fake.requests.append(
                {
                    "method": method,
                    "path": parts.path,
                    "form": form,
                    "query": query,
                    "auth": self.headers.get("Authorization", ""),
                    "idempotency_key": self.headers.get("Idempotency-Key"),
                }
            )
            status, payload = fake.route(method, parts.path, form, query)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Request-Id", f"req_fake{secrets.token_hex(6)}")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

    return Handler
