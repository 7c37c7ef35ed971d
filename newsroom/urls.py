from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve

from .health import healthz

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} desk"
admin.site.site_title = f"{settings.NEWSROOM_SITE_NAME} desk"
admin.site.index_title = "Stories, sections and bylines"


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, for one)."""
    return redirect(static("reader/icon.svg"))


def media(request, path):
    """Uploads from MEDIA_ROOT as it is now (tests move it to a folder of their own)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
    # The read API (api/): published content as JSON, described by OpenAPI.
    path(f"{settings.NEWSROOM_API_PATH}v1/", include("api.urls")),
    # Sign-up, confirmation, preferences and leaving: never cached (newsletters/).
    path("newsletters/", include("newsletters.urls")),
]

if settings.SERVE_MEDIA:
    # Uploads on the app server's own disk (a laptop, a single box). With object
    # storage the files are served from the bucket or CDN instead.
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{prefix}(?P<path>.*)$", media))

# Reader pages come last: their section URLs (/movies/) are one path segment wide.
urlpatterns.append(path("", include("reader.urls")))
