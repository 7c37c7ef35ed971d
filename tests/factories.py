"""factory-boy factories for Newsroom's models, plus an in-memory image helper."""

import io
import itertools
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles.models import Article, Author, Section
from library.models import Image as LibraryImage

YOUTUBE_URL = "https://www.youtube.com/watch?v=avz06PDqDbM"
VIMEO_URL = "https://vimeo.com/76979871"


def image_bytes(size=(64, 36), fmt="JPEG", color=(200, 40, 40)):
    """A real picture, drawn in memory with Pillow."""
    buffer = io.BytesIO()
    with Image.new("RGB", size, color) as image:
        image.save(buffer, fmt)
    return buffer.getvalue()


_shades = itertools.count()


def uploaded_image(name="hero.jpg", size=(64, 36), fmt="JPEG", color=None):
    """A picture as the browser would upload it: each a different file (another red)
    unless ``color`` is given, since the library takes the same file only once."""
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}[fmt]
    if color is None:
        shade = next(_shades)
        color = (shade * 37 % 256, shade * 91 % 256, shade * 53 % 256)
    return SimpleUploadedFile(name, image_bytes(size, fmt, color), content_type=content_type)


class SectionFactory(factory.django.DjangoModelFactory):
    """A section: by default one of the five the data migration creates (movies)."""

    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    slug = "movies"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    position = 10


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter Number{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    bio = factory.LazyAttribute(lambda o: f"{o.name} writes about film.")


class ImageFactory(factory.django.DjangoModelFactory):
    """A library image: a small teal JPEG with its alt text, caption and credit."""

    class Meta:
        model = LibraryImage

    file = factory.django.ImageField(
        filename="hero.jpg", width=64, height=36, format="JPEG", color="teal"
    )
    alt = "A stunt double hanging from a helicopter over a canyon."
    caption = "Filmed on location, without a green screen."
    credit = "Studio handout"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; ``published=True``, ``scheduled=True``, ``in_review=True``,
    ``with_image=True`` and ``with_trailer=True`` are traits.

    ``authors=[...]`` sets the bylines (one new author when omitted; ``authors=[]`` for
    none) and ``tags=[...]`` the tags.
    """

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n} about the big screen")
    standfirst = factory.LazyAttribute(lambda o: f"The short summary of “{o.headline}”.")
    body = "<p>The story, in a paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2)),
        )
        in_review = factory.Trait(status=Article.Status.REVIEW)
        with_image = factory.Trait(hero=factory.SubFactory(ImageFactory))
        with_trailer = factory.Trait(trailer_url=YOUTUBE_URL)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [AuthorFactory()]
        self.authors.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(list(extracted))
