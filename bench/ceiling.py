"""The site's WSGI application plus ``/bench/ceiling/``, a view returning a constant.

The constant view goes through the same settings, middleware and gunicorn workers
as the reader pages, so it is the most a page could ever reach on this machine.
Used by ``bench/throughput.py`` only; the site itself never has this URL.
"""

import os

import django
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

import newsroom.urls  # noqa: E402


def constant(request):
    return HttpResponse("ceiling\n", content_type="text/plain")


newsroom.urls.urlpatterns.insert(0, path("bench/ceiling/", constant))

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
