"""The moderation queue and the runtime settings in the admin site: the same services as the
staff API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from pitchey import runtime
from pitchey.admin_actions import ReadOnlyAdmin, service_action
from pitchey.api import request_user
from pitchey.errors import DomainError
from pitchey.models import RuntimeSettings
from staff.models import Flag
from staff.services import flags
from staff.services import settings as settings_service


def _resolve(resolution: str):  # type: ignore[no-untyped-def]
    return lambda request, flag: flags.resolve_flag(
        flag=flag, actor=request_user(request), resolution=resolution, note="From the admin site"
    )


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "target_type",
        "target_id",
        "target_label",
        "report_count",
        "status",
        "assignee",
        "resolution",
        "last_reported_at",
    ]
    list_filter = ["status", "target_type", "resolution"]
    search_fields = ["target_label", "reasons", "notes"]
    readonly_fields = [f.name for f in Flag._meta.fields]
    actions = [
        service_action(
            "assign_to_me",
            "Assign to me",
            lambda request, flag: flags.assign_flag(
                flag=flag, assignee=request_user(request), actor=request_user(request)
            ),
            done="{count} flag(s) assigned to you.",
        ),
        service_action(
            "dismiss", "Dismiss", _resolve("dismiss"), done="{count} flag(s) dismissed."
        ),
        service_action("hide", "Hide the content", _resolve("hide"), done="{count} hidden."),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Flag | None = None) -> bool:
        return False


class SwitchesForm(forms.Form):
    """The feature switches and maintenance mode (the staff API's settings, same service)."""

    maintenance = forms.BooleanField(required=False, label="Maintenance mode (read-only site)")
    maintenance_message = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in runtime.DEFAULTS["features"]:
            label = name.replace("_", " ").capitalize()
            self.fields[f"feature_{name}"] = forms.BooleanField(required=False, label=label)

    @staticmethod
    def initial_from(values: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {f"feature_{k}": bool(v) for k, v in values["features"].items()}
        initial["maintenance"] = bool(values["maintenance"].get("enabled"))
        initial["maintenance_message"] = values["maintenance"].get("message") or ""
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        maintenance: dict[str, Any] = {"enabled": data["maintenance"]}
        if data["maintenance_message"].strip():
            maintenance["message"] = data["maintenance_message"]
        features = {name: data[f"feature_{name}"] for name in runtime.DEFAULTS["features"]}
        return {"features": features, "maintenance": maintenance}


@admin.register(RuntimeSettings)
class RuntimeSettingsAdmin(ReadOnlyAdmin):
    """One page: the switches, saved through `update_runtime_settings` (validated, audited, the
    cache dropped so every process reads them within seconds). Admin role only."""

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("staff.manage_settings"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def get_urls(self) -> list[URLPattern]:
        switches = self.admin_site.admin_view(self.switches_view)
        return [path("", switches, name="pitchey_runtimesettings_changelist")]

    def switches_view(self, request: HttpRequest) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied
        initial = SwitchesForm.initial_from(runtime.current())
        form = SwitchesForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                settings_service.update_runtime_settings(
                    actor=request_user(request), values=form.values()
                )
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                self.message_user(request, "Settings saved.", messages.SUCCESS)
                return redirect("admin:pitchey_runtimesettings_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Feature switches and maintenance",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/staff/runtime_settings.html", context)
