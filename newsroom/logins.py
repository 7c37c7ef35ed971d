"""Sign-in protection for the desk, with django-axes doing the counting."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


class SignInBackend(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come over the web.

    Code that calls ``authenticate()`` without a request (the shell, a command, the
    test client's ``login()``) has no address to count and is already on the server;
    django-axes would refuse it outright, so it is left to the password check alone.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request):
    """The address a sign-in came from, as django-axes should count it.

    Behind the TLS proxy (``DJANGO_BEHIND_TLS_PROXY``) every connection comes from the
    proxy, which appends the client's address to X-Forwarded-For: the last entry is the
    one it saw, whatever a client put in front of it. Anywhere else the header is the
    client's own invention and ignored.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.split(",")[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR")


def username(request, credentials=None):
    """The account name a sign-in tried, as django-axes stores it.

    Its table keeps 255 characters and PostgreSQL refuses a NUL byte; no account name
    is longer than Django's 150 or holds a NUL, so nothing that could sign in is lost.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    value = credentials.get(field) if credentials else request.POST.get(field)
    if value is None:
        return None
    return str(value).replace("\x00", "")[:150]


def lockout_response(request, original_response=None, credentials=None):
    """The desk's own page, in the admin's look, saying how long the lock lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed sign-ins",
        "cooloff_minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "admin/lockout.html", context, status=429)
