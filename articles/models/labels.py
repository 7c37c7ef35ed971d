"""What a story is filed under: its section and its bylines."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from library.uploads import cleaned_image, validate_image_upload

from ..profiles import links_of, validate_links
from ..slugs import validate_section_slug


class Section(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[validate_section_slug],
        help_text="The section's web address: /movies/ for “movies”.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences, shown at the top of the section page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation, smallest first."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reader:section", args=[self.slug])

    def clean(self):
        super().clean()
        from .pages import Page  # pages.py imports this module

        page = Page.objects.filter(slug=self.slug).first()
        if page is not None:
            raise ValidationError(
                {"slug": f"The page “{page.title}” is at /{self.slug}/; pick another."}
            )


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField(
        "role",
        max_length=80,
        blank=True,
        help_text="What they do here, shown with their name: “Film editor”, “TV critic”.",
    )
    bio = models.TextField("short bio", blank=True, max_length=600)
    links = models.TextField(
        "links elsewhere",
        blank=True,
        max_length=1200,
        validators=[validate_links],
        help_text="Their own site and accounts, one web address (https://…) per line, up to six.",
    )
    photo = models.ImageField(
        upload_to="authors/%Y/", blank=True, validators=[validate_image_upload]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="Optional: the desk account of this author. Freelancers and agencies need none.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.photo = cleaned_image(self.photo)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reader:author", args=[self.slug])

    @property
    def profile_links(self):
        """(network, address) for each of their links: ("Bluesky", "https://bsky.app/…")."""
        return links_of(self.links)
