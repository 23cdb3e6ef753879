"""Serializer helpers shared by the apps."""

from __future__ import annotations

import copy
from typing import Any

from rest_framework.serializers import BaseSerializer


class FieldsBuiltOnce:
    """A ModelSerializer mixin: the fields DRF builds from the model (introspecting each model
    field, a sixth of a pitch detail's CPU) are built once per class. Each instance gets new
    field objects made from the kept ones' arguments (DRF deep-copies those arguments too,
    the model field included, which costs as much as building); nested serializers are still
    deep-copied, as DRF does. Only for serializers whose fields depend on nothing but their
    class (no `get_fields` of their own reading the context)."""

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built = cls.__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._fields_built_once = built  # type: ignore[attr-defined]
        return {name: _fresh(field) for name, field in built.items()}


def _fresh(field: Any) -> Any:
    if isinstance(field, BaseSerializer):
        return copy.deepcopy(field)
    return field.__class__(*field._args, **field._kwargs)
