"""The site's own pages: About, Contact, Advertise, Privacy… written on the desk.

Each lives at the top of the site (``/about/``), where sections live too, so a page
cannot take a section's address nor a section a page's; the footer lists those an
editor puts there, in their order.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django_prose_editor.fields import ProseEditorField

from ..richtext import BODY_EXTENSIONS, sanitize_html
from ..slugs import validate_section_slug
from .labels import Section


class Page(models.Model):
    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[validate_section_slug],
        help_text="The page's web address: /about/ for “about”.",
    )
    summary = models.TextField(
        max_length=300,
        blank=True,
        help_text="One or two sentences for search engines and shared links.",
    )
    body = ProseEditorField(
        blank=True,
        extensions=BODY_EXTENSIONS,
        sanitize=sanitize_html,
        help_text="Scripts, styles and embedded frames are removed when you save.",
    )
    in_footer = models.BooleanField(
        "listed in the footer", default=True, help_text="Linked from the foot of every page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the footer, smallest first."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = "site page"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reader:section", args=[self.slug])

    def clean(self):
        super().clean()
        section = Section.objects.filter(slug=self.slug).first()
        if section is not None:
            raise ValidationError(
                {"slug": f"The section “{section.name}” is at /{self.slug}/; pick another."}
            )
