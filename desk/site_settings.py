"""The site's own settings on the desk: one page, no list."""

from django.contrib import admin
from django.shortcuts import redirect

from articles.models import SiteSettings
from caching.site import site_settings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One page, one row: the list goes straight to it, and it cannot be deleted."""

    autocomplete_fields = ["lead"]  # typed, not a menu of every published story
    fieldsets = [
        (None, {"fields": ["name", "description", "logo"]}),
        ("Home page", {"fields": ["lead"]}),
        ("Sharing", {"fields": ["share_image", "share_image_alt"]}),
        (
            "The site elsewhere",
            {"fields": ["twitter_handle", "facebook_url", "instagram_url", "youtube_url"]},
        ),
        ("Newsletters", {"fields": ["postal_address"]}),
    ]

    def has_add_permission(self, request):
        # Asked on every desk page for its menu: the cached row answers without a query.
        return super().has_add_permission(request) and site_settings().pk is None

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if SiteSettings.objects.exists():
            return redirect("admin:articles_sitesettings_change", 1)
        return redirect("admin:articles_sitesettings_add")

    def get_changeform_initial_data(self, request):
        # The first save starts from what readers see today.
        current = site_settings()
        return {"name": current.name, "description": current.description}
