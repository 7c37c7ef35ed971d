"""The live desk's entries: the form they are typed in, the list they are shown in, and
the desk's addresses for them."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminTextareaWidget,
    AdminTextInputWidget,
    ForeignKeyRawIdWidget,
)
from django.http import QueryDict
from django.urls import reverse

from articles.models import LiveEntry
from articles.publishing import may_publish

# Entries per page of the desk's list, newest first.
DESK_PAGE_SIZE = 50


class EntryForm(forms.ModelForm):
    """An entry as the desk types it: the body with the story body's editor and
    allow-list, a title, a library picture, a link, the editors' flags and bylines."""

    # The entry's revision when the form was opened (edits only): see the module's note.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LiveEntry
        fields = ["body", "title", "picture", "link", "pinned", "key_moment", "authors"]
        labels = {"body": "Entry", "authors": "Bylines", "key_moment": "Key moment"}
        widgets = {
            # The admin's text box makes django-prose-editor use its admin widget,
            # as on the story form: the same toolbar and look as bodies.
            "body": AdminTextareaWidget,
            "title": AdminTextInputWidget,
            "link": forms.URLInput(attrs={"class": "vURLField", "placeholder": "https://"}),
            "authors": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, user=None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish(user):
            # Pinning and key moments shape the whole page: the editors' call.
            del self.fields["pinned"], self.fields["key_moment"]
        if self.instance.pk is None:
            del self.fields["revision"]
        else:
            self.fields["revision"].initial = self.instance.revision
        picture = self.fields["picture"]
        picture.widget = ForeignKeyRawIdWidget(
            LiveEntry._meta.get_field("picture").remote_field, admin_site or admin.site
        )
        picture.help_text = (
            "Optional. The library picture's number; the magnifier opens the library to pick one."
        )
        picture.error_messages["invalid_choice"] = (
            "No picture in the library has this number: pick one with the magnifier."
        )
        self.fields[
            "title"
        ].help_text = "Optional. A key moment's title in the timeline; its first words if empty."
        self.fields[
            "link"
        ].help_text = "Optional. A YouTube or Vimeo video, or a post on X or Instagram."
        self.fields["authors"].help_text = (
            "Whose entry it is: yours unless you choose others. Ctrl-click (Cmd-click on "
            "a Mac) to choose more than one."
        )
        self.fields["authors"].required = False

    def entry_fields(self):
        """What the rules in articles/live.py are given: the fields this user may set."""
        return {name: self.cleaned_data[name] for name in self.fields if name != "revision"}

    def refuse(self, error):
        """Show a ValidationError raised by the rules on the form, by field where it can."""
        if hasattr(error, "error_dict"):
            for name, found in error.error_dict.items():
                self.add_error(name if name in self.fields else None, found)
        else:
            self.add_error(None, error)

    def error_list(self):
        """The errors as the page's script shows them: a label and the messages."""
        found = []
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = str(field.label) if field is not None and field.label else ""
            found.append({"field": name, "label": label, "messages": list(errors)})
        return found


def without_prefix(data, prefix):
    """Posted edit-form data as the new-entry form reads it."""
    moved = QueryDict(mutable=True)
    start = f"{prefix}-"
    for key in data:
        if key.startswith(start) and key != f"{start}revision":
            moved.setlist(key[len(start) :], data.getlist(key))
    return moved


def wants_json(request):
    """The page's script posts asking for JSON; a browser's own form post never does."""
    return "application/json" in request.headers.get("Accept", "").split(",")[0]


def desk_url(article, **query):
    url = reverse("admin:articles_article_live", args=[article.pk])
    shown = QueryDict(mutable=True)
    anchor = query.pop("anchor", "")
    if query.get("page") == 1:
        del query["page"]  # the first page is the page itself
    shown.update({key: value for key, value in query.items() if value not in (None, "")})
    return url + (f"?{shown.urlencode()}" if shown else "") + (f"#{anchor}" if anchor else "")


def desk_entries(article):
    """Every entry of the story, waiting ones included, newest first."""
    return (
        LiveEntry.objects.filter(article=article)
        .select_related("picture", "created_by", "updated_by")
        .prefetch_related("authors")
        .newest_first()
    )


def desk_page_of(entry):
    """The page of the desk's list that shows ``entry``."""
    return LiveEntry.objects.newer_than(entry).count() // DESK_PAGE_SIZE + 1
