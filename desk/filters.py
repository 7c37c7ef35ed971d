"""How the desk's story list is narrowed: by status as editors think of it, by tag."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article


class StatusFilter(admin.SimpleListFilter):
    """Status as the desk thinks of it: a published story with a future time is scheduled."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Published (live)"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Article.Status.PUBLISHED
        match self.value():
            case "draft" | "review" as status:
                return queryset.filter(status=status)
            case "scheduled":
                return queryset.filter(status=published, publish_at__gt=now)
            case "live":
                return queryset.filter(status=published, publish_at__lte=now)
        return queryset


class TagFilter(admin.SimpleListFilter):
    """The most used tags, not every tag ever typed: an archive has thousands."""

    title = "tag"
    parameter_name = "tag"
    shown = 25

    def value(self):
        value = super().value()
        # No slug holds a NUL byte, and PostgreSQL refuses to compare text with one.
        if value and "\x00" in value:
            raise IncorrectLookupParameters("a tag slug cannot contain a NUL byte")
        return value

    def lookups(self, request, model_admin):
        tags = list(
            Tag.objects.filter(taggit_taggeditem_items__content_type__model="article")
            .annotate(uses=Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")
            .values_list("slug", "name")[: self.shown]
        )
        chosen = self.value()
        if chosen and chosen not in {slug for slug, _ in tags}:
            tags += list(Tag.objects.filter(slug=chosen).values_list("slug", "name"))
        return tags

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


class ArticleChangeList(ChangeList):
    def get_filters(self, request):
        # Django's date hierarchy turns a bad ?publish_at__year= into "invalid lookup"
        # on ValueError only; a year like 99999999999999999999 overflows into a 500.
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error
