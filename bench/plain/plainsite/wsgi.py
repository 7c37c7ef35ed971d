"""WSGI entry point of the plain project, as startproject writes it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainsite.settings")

application = get_wsgi_application()
