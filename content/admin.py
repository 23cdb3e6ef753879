from django.contrib import admin
from django.http import HttpRequest

from content import services
from content.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "footer_position", "is_published", "updated_at"]
    list_editable = ["footer_position", "is_published"]
    search_fields = ["title", "slug", "body"]
    readonly_fields = ["updated_at"]

    def save_model(self, request: HttpRequest, obj: Page, form: object, change: bool) -> None:
        services.save_page(page=obj, actor=request.user)
