"""OpenAPI: responses described as the envelope they are, and camelCase property names."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from pitchey.api import to_camel

_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")


class EnvelopeAutoSchema(AutoSchema):
    """Describes responses as the envelope they really are, with collision-free names."""

    def get_operation_id(self) -> str:
        """`<path words>_<param names>_<method>`: unique for every path and method."""
        words = []
        for part in self.path.strip("/").split("/"):
            if part in ("", "api"):
                continue
            words.append("by_" + part.strip("{}") if part.startswith("{") else part)
        return _NON_WORD.sub("_", "_".join([*words, self.method.lower()])).strip("_")

    def _get_serializer_name(
        self, serializer: Any, direction: Any, bypass_extensions: Any = False
    ) -> str:
        """Serializers nested in a view (`InputSerializer`) are named after their view."""
        name: str = super()._get_serializer_name(serializer, direction, bypass_extensions)
        cls = serializer if isinstance(serializer, type) else type(serializer)
        qualname = cls.__qualname__
        if "." in qualname and not getattr(getattr(cls, "Meta", None), "ref_name", None):
            owner, inner = qualname.rsplit(".", 2)[-2:]
            inner = inner.removesuffix("Serializer") or inner
            if direction == "request" and not inner.endswith("Request"):
                inner += "Request"
            name = f"{owner}{inner}"
        return name

    def _get_response_for_code(
        self,
        serializer: Any,
        status_code: Any,
        media_types: Any = None,
        direction: str = "response",
    ) -> dict[str, Any]:
        response: dict[str, Any] = super()._get_response_for_code(
            serializer, status_code, media_types, direction
        )
        if str(status_code).startswith("2"):
            for media in response.get("content", {}).values():
                inner = media.get("schema")
                if inner is not None:
                    media["schema"] = {
                        "type": "object",
                        "properties": {
                            "success": {"type": "boolean", "enum": [True]},
                            "data": inner,
                            "meta": {"$ref": "#/components/schemas/Meta"},
                        },
                        "required": ["success", "data", "meta"],
                    }
        return response


def camelize_schema_hook(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Rename schema properties to camelCase and add the envelope's shared components."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    out[key] = {to_camel(name): walk(prop) for name, prop in value.items()}
                elif key == "required" and isinstance(value, list):
                    out[key] = [to_camel(name) if isinstance(name, str) else name for name in value]
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    components = result.setdefault("components", {}).setdefault("schemas", {})
    result["components"]["schemas"] = walk(components)
    result["paths"] = walk(result.get("paths", {}))
    result["components"]["schemas"]["Meta"] = {
        "type": "object",
        "properties": {
            "timestamp": {"type": "string", "format": "date-time"},
            "requestId": {"type": "string"},
            "pagination": {"type": "object"},
        },
    }
    result["components"]["schemas"]["Error"] = {
        "type": "object",
        "properties": {
            "success": {"type": "boolean", "enum": [False]},
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "details": {"type": "object"},
                },
                "required": ["code", "message"],
            },
            "meta": {"$ref": "#/components/schemas/Meta"},
        },
    }
    return result


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    """The access JWT: an HttpOnly cookie for browsers, `Authorization: Bearer` for other
    clients."""

    target_class = "accounts.authentication.JWTCookieAuthentication"
    name = "jwt"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Sent as `Authorization: Bearer <token>`, or by the browser as the "
            "HttpOnly access cookie set at login.",
        }
