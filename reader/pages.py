"""The site's own pages (About, Contact…), at the top of the site beside the sections.

A section and a page never share an address (``articles/models/pages.py``), so the
section's URL answers for both: a section when there is one, else a page. A page is
kept under ``site`` alone: any page's edit purges ``site``, as the footer lists them.
"""

from django.shortcuts import render

from articles.models import Page

from . import metadata


def site_page(slug):
    return Page.objects.filter(slug=slug).first()


def page_view(request, page):
    meta, meta_html = metadata.with_tags(metadata.for_site_page(request, page))
    return render(request, "reader/page.html", {"page": page, "meta": meta, "meta_html": meta_html})
