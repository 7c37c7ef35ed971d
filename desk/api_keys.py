"""API keys on the desk: made here, shown once, revoked rather than deleted."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from api.models import ApiKey


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("in-use", "In use"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "in-use":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "starts_with",
        "requests_per_minute",
        "created_at",
        "created_by",
        "state",
    ]
    list_select_related = ["created_by"]
    list_filter = [StateFilter]
    search_fields = ["name", "starts_with"]
    readonly_fields = ["starts_with", "created_at", "created_by", "revoked_at"]
    fields = ["name", "requests_per_minute", *readonly_fields]
    actions = ["revoke"]

    @admin.display(description="state")
    def state(self, key):
        return "Revoked" if key.revoked_at else "In use"

    def has_delete_permission(self, request, obj=None):
        # A revoked key stays listed: who had it, and when it stopped working. (Without
        # the permission, "Delete selected" is not offered either.)
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key = obj.issue()
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            format_html(
                "The key for “{}” is <code>{}</code>. Copy it now: it is not shown again. "
                "Clients send it as <code>Authorization: Bearer {}</code>.",
                obj.name,
                key,
                key,
            ),
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request, f"{revoked} key{'' if revoked == 1 else 's'} revoked.", messages.SUCCESS
        )
