"""One URL: a view that returns the same few bytes every time."""

from django.http import HttpResponse
from django.urls import path


def constant(request):
    return HttpResponse("ceiling\n", content_type="text/plain")


urlpatterns = [path("", constant)]
