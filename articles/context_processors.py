from django.conf import settings

from .models import Section


def site(request):
    """The site's name and its sections, for the header of every page.

    The sections are a lazy queryset: pages that never show the header (the
    admin) never run the query.
    """
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_description": settings.NEWSROOM_SITE_DESCRIPTION,
        "nav_sections": Section.objects.only("name", "slug"),
    }
