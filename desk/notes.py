"""Notes to readers on the story form: corrections, clarifications and updates.

Editors add and publish them; writers propose one, which waits for an editor. Once
published a note's words stay as readers saw them; it can be withdrawn, with a
reason, and never deleted: the form keeps showing it, marked withdrawn.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from articles import publishing
from articles.models import StoryNote

from .dates import when

State = StoryNote.State


def next_states(current, may_publish):
    """The states a note may be moved to from ``current`` (None: a new note)."""
    if not may_publish:
        return [current or State.PROPOSED]
    return {
        None: [State.PUBLISHED, State.PROPOSED],
        State.PROPOSED: [State.PROPOSED, State.PUBLISHED, State.WITHDRAWN],
        State.PUBLISHED: [State.PUBLISHED, State.WITHDRAWN],
        State.WITHDRAWN: [State.WITHDRAWN],
    }[current]


class NoteForm(forms.ModelForm):
    may_publish = False  # set for the request by NoteInline.get_formset

    class Meta:
        model = StoryNote
        fields = ["kind", "text", "state", "withdrawal_reason"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "withdrawal_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The state as saved (None: a new note); the instance takes the posted one later.
        self.state_before = current = self.instance.state if self.instance.pk else None
        allowed = next_states(current, self.may_publish)
        state = self.fields["state"]
        state.choices = [(value, label) for value, label in State.choices if value in allowed]
        if current is None:
            state.initial = allowed[0]
        if current in (None, State.WITHDRAWN):
            # Nothing to withdraw yet, or withdrawn already (the record gives the reason).
            self.fields["withdrawal_reason"].widget = forms.HiddenInput()
        state.error_messages["invalid_choice"] = (
            "Only editors publish or withdraw notes to readers; a writer's note waits "
            "for one as proposed."
        )
        self.fields["text"].help_text = (
            "What was wrong and what is right, or what has happened since. Readers see it "
            "on the story with its date, and on the corrections page."
        )

    def clean(self):
        cleaned = super().clean()
        before = self.state_before
        # Until _post_clean, the instance holds the note as saved.
        if before not in (None, State.PROPOSED):
            for name in ("kind", "text"):
                if name in cleaned and cleaned[name] != getattr(self.instance, name):
                    self.add_error(
                        name,
                        "Readers have seen this note, so its words stay as they are. To change "
                        "it, withdraw it (saying why) and add a new one.",
                    )
        withdrawing = cleaned.get("state") == State.WITHDRAWN and before != State.WITHDRAWN
        if withdrawing and not (cleaned.get("withdrawal_reason") or "").strip():
            self.add_error(
                "withdrawal_reason",
                "Say why the note is withdrawn: the desk keeps the reason with it.",
            )
        return cleaned


class NoteInline(admin.StackedInline):
    model = StoryNote
    form = NoteForm
    extra = 1
    can_delete = False  # withdrawn, never deleted
    verbose_name = "note to readers"
    verbose_name_plural = "Corrections, clarifications and updates"
    fields = ["kind", "text", "state", "withdrawal_reason", "record"]
    readonly_fields = ["record"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.may_publish = publishing.may_publish(request.user)
        return formset

    # Whoever may change the story may propose notes on it; publishing is the editors'.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_article")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_article")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Record")
    def record(self, note):
        if note.pk is None:
            return (
                "An edit saved without a note is a minor one: readers see no change of "
                "the story's date."
            )
        return describe(note)


def describe(note):
    """Who wrote, published and withdrew ``note``, and when (and why it was withdrawn)."""
    steps = [("Written by", note.created_by, note.created_at)]
    if note.published_at:
        steps.append(("shown to readers by", note.published_by, note.published_at))
    if note.withdrawn_at:
        steps.append(("withdrawn by", note.withdrawn_by, note.withdrawn_at))
    text = format_html_join(
        "; ", "{} {} on {}", ((what, who or "someone", when(at)) for what, who, at in steps)
    )
    if note.withdrawal_reason and note.withdrawn_at:
        return format_html("{}. Reason: {}", text, note.withdrawal_reason)
    return format_html("{}.", text)


def history(story_id):
    """The story's notes, newest first, each with its record, for the history page."""
    found = StoryNote.objects.filter(article_id=story_id).select_related(
        "created_by", "published_by", "withdrawn_by"
    )
    return [(note, describe(note)) for note in found.order_by("-created_at", "-id")]


def save_notes(request, formset):
    """Save the story's notes, recording who wrote, published or withdrew each."""
    before_of = {id(form.instance): form.state_before for form in formset.forms}
    for note in formset.save(commit=False):
        before = before_of[id(note)]
        if note.pk is None:
            note.created_by = request.user
        if note.state == State.PUBLISHED and before != State.PUBLISHED:
            note.published_by = request.user
        if note.state == State.WITHDRAWN and before != State.WITHDRAWN:
            note.withdrawn_by = request.user
        note.save()
