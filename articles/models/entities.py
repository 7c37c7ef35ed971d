"""People, films, shows, franchises and studios: what stories are about, as records.

Each has a hub page on the site and public identifiers (Wikidata, IMDb, TMDB), so
that search engines and apps know which Tom Cruise a story means.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..identifiers import check_imdb, imdb_url, tmdb_url, validate_wikidata, wikidata_url


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        FILM = "film", "Film"
        SHOW = "show", "TV show"
        FRANCHISE = "franchise", "Franchise"
        STUDIO = "studio", "Studio"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, help_text="The hub page's address: /people/tom-cruise/ for a person."
    )
    description = models.TextField(
        blank=True, max_length=1200, help_text="One paragraph, shown at the top of the hub page."
    )
    picture = models.ForeignKey(
        "library.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        help_text="From the picture library.",
    )
    wikidata_id = models.CharField(
        "Wikidata item", max_length=14, blank=True, validators=[validate_wikidata],
        help_text="e.g. Q37079",
    )  # fmt: skip
    imdb_id = models.CharField(
        "IMDb id",
        max_length=12,
        blank=True,
        help_text="e.g. nm0000129 for a person, tt… for a title",
    )
    tmdb_id = models.PositiveIntegerField(
        "TMDB id", null=True, blank=True, help_text="The number in the record's TMDB address."
    )
    official_site = models.URLField(blank=True, max_length=300)
    franchise = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="works",
        limit_choices_to={"kind": "franchise"},
        help_text="For a film or show: the franchise it belongs to.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "person, film or show"
        verbose_name_plural = "people, films and shows"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="entity_kind_slug"),
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=~Q(wikidata_id=""), name="entity_wikidata"
            ),
            models.UniqueConstraint(
                fields=["imdb_id"], condition=~Q(imdb_id=""), name="entity_imdb"
            ),
            models.UniqueConstraint(
                fields=["kind", "tmdb_id"],
                condition=Q(tmdb_id__isnull=False),
                name="entity_kind_tmdb",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        return reverse("reader:entity", args=[KIND_PATHS[self.kind], self.slug])

    def clean_fields(self, exclude=None):
        # Tidied before the formats are checked: " q37079 " is Q37079.
        self.wikidata_id = (self.wikidata_id or "").strip().upper()
        self.imdb_id = (self.imdb_id or "").strip().lower()
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        errors = {}
        if self.imdb_id and (problem := check_imdb(self.kind, self.imdb_id)):
            errors["imdb_id"] = problem
        if self.franchise_id and self.kind not in (self.Kind.FILM, self.Kind.SHOW):
            errors["franchise"] = "Only a film or a show belongs to a franchise."
        for field, lookup in (
            ("wikidata_id", {"wikidata_id": self.wikidata_id}),
            ("imdb_id", {"imdb_id": self.imdb_id}),
            ("tmdb_id", {"kind": self.kind, "tmdb_id": self.tmdb_id}),
        ):
            if field in errors or not getattr(self, field):
                continue
            same = Entity.objects.exclude(pk=self.pk).filter(**lookup).first()
            if same is not None:
                errors[field] = ValidationError(
                    "%(other)s already has this id (number %(pk)s): edit that record "
                    "instead of making a second one.",
                    code="duplicate",
                    params={"other": same, "pk": same.pk},
                )
        if errors:
            raise ValidationError(errors)

    @property
    def imdb_link(self):
        return imdb_url(self.imdb_id) if self.imdb_id else ""

    @property
    def wikidata_link(self):
        return wikidata_url(self.wikidata_id) if self.wikidata_id else ""

    @property
    def same_as(self):
        """The public records of it, as addresses (JSON-LD ``sameAs``)."""
        urls = []
        if self.wikidata_id:
            urls.append(wikidata_url(self.wikidata_id))
        if self.imdb_id:
            urls.append(imdb_url(self.imdb_id))
        if self.tmdb_id:
            urls.append(tmdb_url(self.kind, self.tmdb_id))
        if self.official_site:
            urls.append(self.official_site)
        return urls

    @property
    def schema_type(self):
        return SCHEMA_TYPES[self.kind]


class ShownEntity:
    """An entity as a story keeps it in ``labels`` (``articles/shown.py``): enough for a
    link to its hub and its JSON-LD, without a query."""

    def __init__(self, kind, name, slug, is_subject, same_as):
        self.kind, self.name, self.slug = kind, name, slug
        self.is_subject, self.same_as = is_subject, same_as

    @staticmethod
    def stored(entity, is_subject):
        """What ``labels["entities"]`` keeps of an entity: read back by ``ShownEntity(*…)``."""
        return [entity.kind, entity.name, entity.slug, is_subject, entity.same_as]

    @classmethod
    def of(cls, entity, is_subject):
        return cls(*cls.stored(entity, is_subject))

    def get_absolute_url(self):
        return reverse("reader:entity", args=[KIND_PATHS[self.kind], self.slug])

    @property
    def schema_type(self):
        return SCHEMA_TYPES[self.kind]


# Hub pages' first path segment per kind, and the index page's name.
KIND_PATHS = {
    Entity.Kind.PERSON: "people",
    Entity.Kind.FILM: "films",
    Entity.Kind.SHOW: "shows",
    Entity.Kind.FRANCHISE: "franchises",
    Entity.Kind.STUDIO: "studios",
}
PATH_KINDS = {path: kind for kind, path in KIND_PATHS.items()}
INDEX_NAMES = {
    Entity.Kind.PERSON: "People",
    Entity.Kind.FILM: "Films",
    Entity.Kind.SHOW: "TV shows",
    Entity.Kind.FRANCHISE: "Franchises",
    Entity.Kind.STUDIO: "Studios",
}
SCHEMA_TYPES = {
    Entity.Kind.PERSON: "Person",
    Entity.Kind.FILM: "Movie",
    Entity.Kind.SHOW: "TVSeries",
    Entity.Kind.FRANCHISE: "CreativeWorkSeries",
    Entity.Kind.STUDIO: "Organization",
}


class ReleaseDate(models.Model):
    """When a film or show comes out somewhere, and how."""

    class Kind(models.TextChoices):
        CINEMA = "cinema", "In cinemas"
        STREAMING = "streaming", "Streaming"
        TV = "tv", "On TV"
        FESTIVAL = "festival", "Festival"
        HOME = "home", "Home video"

    work = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="releases")
    country = models.CharField(
        max_length=2,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}$", "Two capital letters, as ISO 3166: GB, US, FR (XW: worldwide)."
            )
        ],
        help_text="GB, US, FR… (XW: worldwide)",
    )
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CINEMA)
    note = models.CharField(max_length=80, blank=True, help_text="e.g. “limited”, “IMAX first”")

    class Meta:
        ordering = ["date", "country", "pk"]

    def __str__(self):
        return f"{self.country} {self.date:%Y-%m-%d} ({self.get_kind_display()})"


class Credit(models.Model):
    """A person's part in a film or show."""

    class Role(models.TextChoices):
        ACTOR = "actor", "Actor"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        COMPOSER = "composer", "Composer"
        CREATOR = "creator", "Creator"

    person = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        related_name="credits",
        limit_choices_to={"kind": Entity.Kind.PERSON},
    )
    work = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        related_name="cast_and_crew",
        limit_choices_to={"kind__in": [Entity.Kind.FILM, Entity.Kind.SHOW]},
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ACTOR)
    character = models.CharField(max_length=120, blank=True, help_text="For an actor: the part.")

    class Meta:
        ordering = ["work__name", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "work", "role"], name="credit_once"),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_role_display()} in {self.work.name}"

    def clean(self):
        super().clean()
        if self.person_id and self.person.kind != Entity.Kind.PERSON:
            raise ValidationError({"person": "Choose a person."})
        if self.work_id and self.work.kind not in (Entity.Kind.FILM, Entity.Kind.SHOW):
            raise ValidationError({"work": "Choose a film or a show."})
