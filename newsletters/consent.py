"""The words beside a sign-up form, which a subscription keeps as its consent record.

The form shows them and the server writes them again from the same function when
the form comes back, so the record holds what was on the page, never a reader's
copy of it.
"""

from django.apps import apps


def wording(site_name, kind="", followed=None):
    """Named by the site, not by a newsletter: the form on every page then costs no
    query (the site's settings are read for the header anyway)."""
    if not kind or followed is None:
        return (
            f"Send me the {site_name} daily digest, an e-mail with the day's top stories. "
            "I can change what I get or leave at any time from a link in every mail."
        )
    return (
        f"Send me an e-mail when there is a story about {followed.name}, at most one an hour, "
        f"and the {site_name} daily digest. "
        "I can change what I get or leave at any time from a link in every mail."
    )


# What a sign-up form may follow, and the model it names.
FOLLOWABLE = {"entity": "articles.Entity", "section": "articles.Section", "tag": "taggit.Tag"}


def followed(kind, pk):
    """The entity, section or tag a form names, or None for an unknown one."""
    if kind not in FOLLOWABLE:
        return None
    try:
        return apps.get_model(FOLLOWABLE[kind]).objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
