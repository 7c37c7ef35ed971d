"""The picture library on the desk: every picture, where it is used, its description."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from library.models import Image

from .widgets import focal_preview, thumbnail


@admin.register(Image)
class ImageAdmin(VersionAdmin):
    """The picture library: every picture uploaded, where it is used, and its description."""

    list_display = ["thumbnail", "alt", "credit", "size", "created_at", "used_in"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "caption", "credit", "file"]
    list_per_page = 50
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "size", "uploaded_by", "created_at", "where_used"]
    fieldsets = [
        (None, {"fields": ["file", "preview", ("focal_x", "focal_y"), "alt", "caption", "credit"]}),
        ("In the library", {"fields": ["size", "uploaded_by", "created_at", "where_used"]}),
    ]

    def get_queryset(self, request):
        # Explicitly ordered: the count's GROUP BY drops the model's default ordering.
        return (
            super()
            .get_queryset(request)
            .with_use_count()
            .select_related("uploaded_by")
            .order_by("-created_at", "-pk")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        picture = path(
            "<path:object_id>/picture/",
            self.admin_site.admin_view(self.picture_view),
            name="library_image_picture",
        )
        return [picture, *super().get_urls()]

    def picture_view(self, request, object_id):
        """What the story form shows at once when an editor picks a library picture:
        its preview, its description and how many stories use it (JSON)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        image = self.get_object(request, unquote(object_id))
        if image is None or not image.file:
            raise Http404("No image with this number.")
        return JsonResponse(
            {
                **image.desk_preview,
                "alt": image.alt,
                "caption": image.caption,
                "credit": image.credit,
                "focal_x": image.focal_x,
                "focal_y": image.focal_y,
                "stories": image.use_count,
            }
        )

    @admin.display(description="")
    def thumbnail(self, obj):
        return thumbnail(obj)

    @admin.display(description="size")
    def size(self, obj):
        if not obj.width or not obj.height:
            return "—"
        return f"{obj.width} × {obj.height}"

    @admin.display(description="used in", ordering="use_count")
    def used_in(self, obj):
        count = getattr(obj, "use_count", None)
        if count is None:
            count = obj.stories.count()
        return f"{count} stor{'y' if count == 1 else 'ies'}" if count else "unused"

    @admin.display(description="preview")
    def preview(self, obj):
        return focal_preview(
            obj if obj.pk else None,
            "focal_x",
            "focal_y",
            empty="Upload a picture and save to see it here.",
        )

    @admin.display(description="where used")
    def where_used(self, obj):
        if obj.pk is None:
            return "Not saved yet."
        stories = list(obj.stories.order_by("-updated_at").only("pk", "headline", "status"))
        if not stories:
            return "No story uses this picture yet; it can be deleted."
        return format_html(
            '<ul class="nr-where-used">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <small>({})</small></li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[story.pk]),
                        story.headline,
                        story.get_status_display(),
                    )
                    for story in stories
                ),
            ),
        )

    class Media:
        css = {"all": ["desk/admin.css"]}
        js = ["desk/focal_point.js"]
