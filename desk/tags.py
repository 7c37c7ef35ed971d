"""Tags on the desk: merged into one another, or made a person, film or show.

Replaces django-taggit's own admin, whose merge leaves the old tag's address dead.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles import tags as tidying
from articles.models import Entity

# Importing taggit's admin above registered its TagAdmin (the desk's admin modules load
# before taggit's): replaced here.
admin.site.unregister(Tag)


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        error_messages={"required": "Choose the tag the others are merged into."},
    )


class EntityForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(k, label) for k, label in Entity.Kind.choices],
        widget=forms.RadioSelect,
        label="What is it?",
        error_messages={"required": "Choose what the tag names: a person, a film…"},
    )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "stories"]
    ordering = ["name", "slug"]
    search_fields = TaggitTagAdmin.search_fields
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_tags", "make_entities"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                story_count=Count(
                    "taggit_taggeditem_items",
                    filter=Q(taggit_taggeditem_items__content_type__model="article"),
                )
            )
        )

    @admin.display(description="stories", ordering="story_count")
    def stories(self, tag):
        return tag.story_count

    def _step(self, request, queryset, form, *, title, action, intro):
        return TemplateResponse(
            request,
            "admin/taggit/tag_step.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "intro": intro,
                "tags": queryset,
                "form": form,
                "action": action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Merge the selected tags into one", permissions=["change"])
    def merge_tags(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Select two tags or more to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None)
        form.fields["keep"].queryset = queryset
        if "confirm" in request.POST and form.is_valid():
            keep = form.cleaned_data["keep"]
            moved = tidying.merge(list(queryset.exclude(pk=keep.pk)), keep)
            self.message_user(
                request,
                f"Merged into “{keep.name}”: {moved} stor{'y' if moved == 1 else 'ies'} moved; "
                "the old tag pages now lead to it.",
                messages.SUCCESS,
            )
            return None
        return self._step(
            request,
            queryset,
            form,
            title="Merge tags",
            action="merge_tags",
            intro="Choose the tag to keep. The stories of the others move to it, and their "
            "pages and feeds send readers on to it.",
        )

    @admin.action(
        description="Make the selected tags people, films or shows", permissions=["change"]
    )
    def make_entities(self, request, queryset):
        form = EntityForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            made = [tidying.make_entity(tag, form.cleaned_data["kind"]) for tag in queryset]
            names = ", ".join(f"“{entity.name}”" for entity in made)
            self.message_user(
                request,
                f"{names}: now {'a record' if len(made) == 1 else 'records'} with a hub page; "
                "the stories are about it, and the tag pages lead to it. Add the public ids "
                "under People, films and shows.",
                messages.SUCCESS,
            )
            return None
        return self._step(
            request,
            queryset,
            form,
            title="Make tags people, films or shows",
            action="make_entities",
            intro="The stories with these tags will be about the new records, and the tags "
            "are removed.",
        )
