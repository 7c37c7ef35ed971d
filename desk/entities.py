"""People, films, shows, franchises and studios on the desk."""

from django.contrib import admin

from articles.models import Credit, Entity, ReleaseDate


class ReleaseDateInline(admin.TabularInline):
    model = ReleaseDate
    extra = 0
    verbose_name_plural = "release dates (films and shows)"


class CreditInline(admin.TabularInline):
    """A person's films and shows."""

    model = Credit
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["work"]
    verbose_name_plural = "films and shows (people)"


class CastInline(admin.TabularInline):
    """A film's or show's people."""

    model = Credit
    fk_name = "work"
    extra = 0
    autocomplete_fields = ["person"]
    verbose_name_plural = "cast and crew (films and shows)"


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "wikidata_id", "imdb_id", "tmdb_id", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "wikidata_id", "imdb_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["picture", "franchise"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "description", "picture", "franchise"]}),
        (
            "Public records",
            {
                "fields": ["wikidata_id", "imdb_id", "tmdb_id", "official_site"],
                "description": "Copy each id from the record's address: search engines use "
                "them to know which person or title the stories mean.",
            },
        ),
    ]
    inlines = [ReleaseDateInline, CastInline, CreditInline]

    def get_inlines(self, request, obj):
        if obj is None:
            return self.inlines
        if obj.kind == Entity.Kind.PERSON:
            return [CreditInline]
        if obj.kind in (Entity.Kind.FILM, Entity.Kind.SHOW):
            return [ReleaseDateInline, CastInline]
        return []
