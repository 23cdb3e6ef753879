"""OpenAPI description of the JWT cookie/Bearer authentication."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class JWTCookieAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.JWTCookieAuthentication"
    name = ["jwtBearer", "jwtCookie"]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, Any]]:
        return [
            {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            {"type": "apiKey", "in": "cookie", "name": "pitchey_access"},
        ]
