"""The story form: the picture picked or uploaded on it, and two editors' saves merged."""

import os
from functools import partial
from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.html import format_html
from taggit.utils import edit_string_for_tags

from articles.models import Article
from articles.slugs import unique_slug
from library.models import Image

from . import conflicts, kept_uploads
from .conflicts import CHECKBOXES, COMPARED_FIELDS, RELATED_LISTS, SPLIT_DATETIMES
from .dates import when


def version_of(article):
    return article.updated_at.isoformat() if article.updated_at else ""


# The story form's picture fields -> the library image's fields they describe.
PICTURE_FIELDS = {
    "hero_alt": "alt",
    "hero_caption": "caption",
    "hero_credit": "credit",
    "hero_focal_x": "focal_x",
    "hero_focal_y": "focal_y",
}


def _blank(value):
    """An empty text field and a missing picture's description compare equal."""
    return None if value == "" else value


def _model_value(attribute, value):
    """What an empty form field stores: "" in text fields, NULL in the focal point."""
    if value is None and not attribute.startswith("focal"):
        return ""
    return value


class KeptFileInput(forms.ClearableFileInput):
    """The file box, saying which picture is kept from a refused try (and a way to drop it)."""

    kept_label = None

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        if not self.kept_label:
            return box
        return format_html(
            '{}<p class="nr-kept">Kept from your last try: <strong>{}</strong>. It is used '
            "when you save, unless you choose another file. "
            '<label><input type="checkbox" name="{}_drop" value="1"> Don\'t use it</label></p>',
            box,
            self.kept_label,
            name.replace("hero_image", "kept_upload"),
        )


def _image_field(name, **kwargs):
    return Image._meta.get_field(name).formfield(required=False, **kwargs)


class ArticleForm(forms.ModelForm):
    """The change form, which refuses to save over a version its editor never saw.

    The picture is picked from the library (``hero``) or uploaded right here
    (``hero_image``), and described by the fields under it: an upload becomes a
    new library image with that description; for a picked image, only what the
    editor changed in those fields is written to it (which every story using it
    then shows). Everything is checked before anything is saved.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # The values the form was opened with, signed (conflicts.py), and the fields
    # both editors changed, waiting for this editor's choice.
    loaded_values = forms.CharField(widget=forms.HiddenInput, required=False)
    clashing = forms.CharField(widget=forms.HiddenInput, required=False)
    # A picture chosen on a refused form, kept on the server (kept_uploads.py).
    kept_upload = forms.CharField(widget=forms.HiddenInput, required=False)
    hero_image = _image_field(
        "file",
        widget=KeptFileInput,
        label="or upload a new picture",
        help_text="It joins the library, with the alt text, caption and credit below. "
        "JPEG, PNG, WebP, GIF or AVIF, up to 20 MB.",
    )
    hero_focal_x = _image_field("focal_x")
    hero_focal_y = _image_field("focal_y")
    hero_alt = _image_field(
        "alt",
        help_text="What the picture shows, for readers who cannot see it. Required with a picture.",
    )
    hero_caption = _image_field("caption")
    hero_credit = _image_field("credit")

    # Who fills the form in (set by the desk's get_form): kept uploads are theirs only.
    desk_user = None
    # The editor's autosaved boxes, when they asked to have them back (desk/autosave.py).
    restored = None
    # The status the form's Publish button saves (set by the desk's get_form), if it has one.
    publish_as = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_name = None
        self._own_data = False  # a copy of the posted data, once _put_in_form writes to it
        self.fields["loaded_version"].initial = version_of(self.instance)
        if self.instance.pk is not None and not self.is_bound:
            self.fields["loaded_values"].initial = conflicts.snapshot(self.saved_values())
        # Set when someone else saved after this form was opened (_check_version).
        self.clashes, self.clashed_with, self.merged = [], None, None
        image = self.instance.hero if self.instance.hero_id else None
        for name, attribute in PICTURE_FIELDS.items():
            if name in self.fields and image is not None:
                self.initial[name] = getattr(image, attribute)
        # After the picture's description: an autosaved one is the editor's own words.
        if self.restored and not self.is_bound:
            self.initial.update({k: v for k, v in self.restored.items() if k in self.fields})
        if "hero" in self.fields:
            self.fields["hero"].label = "Picture from the library"
            self.fields["hero"].help_text = (
                "Type to search the library by alt text, caption, credit or file name. "
                "Its description changes with it everywhere it is used."
            )
        if "video_kind" in self.fields:
            # A form sent without it (an older page, a script) keeps what the story had.
            self.fields["video_kind"].required = False
        for field in self.fields.values():
            self._show_limit(field)
        self.new_image = self.changed_image = None

    @staticmethod
    def _show_limit(field):
        """A box with a limit counts as the editor types (story_form.js) instead of
        cutting the text off at the limit, and a text too long is refused in words."""
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field.widget, (forms.TextInput, forms.Textarea)):
            return
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-limit"] = limit
        field.error_messages["max_length"] = (
            "Keep this to %(limit_value)d characters: it has %(show_value)d. "
            "Nothing was cut off; shorten it and save again."
        )

    def current(self, name):
        """The saved value behind form field ``name``, as two editors' saves compare it."""
        if name in PICTURE_FIELDS:
            image = self.instance.hero if self.instance.hero_id else None
            return getattr(image, PICTURE_FIELDS[name]) if image else None
        if name == "tags":
            return sorted(self.instance.tags.names())  # as the form's tag box gives them
        if name in RELATED_LISTS:
            return list(getattr(self.instance, name).all())
        return getattr(self.instance, name)

    def saved_values(self):
        return {name: self.current(name) for name in COMPARED_FIELDS if name in self.fields}

    def clean_video_kind(self):
        return (
            self.cleaned_data.get("video_kind")
            or self.instance.video_kind
            or Article.VideoKind.TRAILER
        )

    def clean_slug(self):
        """A web address another story has is refused in words, with a free one put in."""
        slug = self.cleaned_data.get("slug")
        if not slug:
            return slug
        other = (
            Article.objects.exclude(pk=self.instance.pk)
            .filter(slug=slug)
            .only("headline", "status")
            .first()
        )
        if other is None:
            return slug
        free = unique_slug(Article, slug, exclude_pk=self.instance.pk)
        self._put_in_form("slug", free)
        raise ValidationError(
            "Another story already has this web address: “%(headline)s” (%(status)s). "
            "It is now “%(free)s”, which is free: save again to use it, or write another.",
            code="unique",
            params={"headline": other.headline, "status": other.get_status_display(), "free": free},
        )

    def clean(self):
        cleaned = super().clean()
        if self.data.get("_publish") and self.publish_as and "status" in self.fields:
            # The Publish (or Send for review) button: the status, without opening its box.
            cleaned["status"] = self.publish_as
        self._check_version(cleaned)
        self._clean_picture(cleaned)
        return cleaned

    def _check_version(self, cleaned):
        """Merge my form with what someone else saved after I opened it (conflicts.py)."""
        if self.instance.pk is None:
            return
        mine = {n: cleaned[n] for n in COMPARED_FIELDS if n in self.fields and n in cleaned}
        # self.instance holds the story as it is in the database right now.
        if cleaned.get("loaded_version") == version_of(self.instance):
            self._settle_clashes(cleaned, mine)
            return
        theirs = self.saved_values()
        result = conflicts.merge(conflicts.opened_with(cleaned.get("loaded_values")), mine, theirs)
        self.clashed_with = (
            self.instance.updated_by or "someone else",
            when(self.instance.updated_at, seconds=True),
        )
        who, at = self.clashed_with
        for name in result.taken:
            self._take_theirs(cleaned, name, theirs[name])
        taken = ", ".join(self._label(name) for name in result.taken)
        if taken:
            self.merged = (
                f"{who} saved this story on {at}, after you opened it: "
                f"their changes to {taken} are kept, with yours."
            )
        # The next try is against the story as it is now.
        self._put_in_form("loaded_version", version_of(self.instance))
        self._put_in_form("loaded_values", conflicts.snapshot(theirs))
        self._put_in_form("clashing", ",".join(result.clashes))
        if not result.clashes:
            return
        self.clashes = [
            conflicts.Clash(
                name,
                self._label(name),
                conflicts.readable(name, mine[name]),
                conflicts.readable(name, theirs[name]),
            )
            for name in result.clashes
        ]
        raise forms.ValidationError(
            "%(who)s saved this story on %(at)s, after you opened it, and you both changed "
            "%(fields)s. Nothing is saved yet: for each, below, keep yours or take theirs, "
            "then save again.%(taken)s",
            code="stale_version",
            params={
                "who": who,
                "at": at,
                "fields": ", ".join(clash.label for clash in self.clashes),
                "taken": f" Their changes to {taken} are in the form already." if taken else "",
            },
        )

    def _settle_clashes(self, cleaned, mine):
        """Apply the editor's choice for each field both editors changed; all must be made."""
        names = [n for n in (cleaned.get("clashing") or "").split(",") if n in mine]
        unchosen = []
        for name in names:
            theirs = self.current(name)
            choice = self.data.get(f"resolve_{name}")
            choice = choice if choice in conflicts.CHOICES else ""
            self.clashes.append(
                conflicts.Clash(
                    name,
                    self._label(name),
                    conflicts.readable(name, mine[name]),
                    conflicts.readable(name, theirs),
                    choice,
                )
            )
            if choice == "theirs":
                self._take_theirs(cleaned, name, theirs)
            elif not choice:
                unchosen.append(self._label(name))
        if unchosen:
            raise forms.ValidationError(
                "Not saved yet: choose, for %(fields)s, whether to keep yours or take theirs.",
                code="unchosen",
                params={"fields": ", ".join(unchosen)},
            )

    def _label(self, name):
        return str(self.fields[name].label or name)

    def _take_theirs(self, cleaned, name, value):
        """Save the value someone else saved for ``name``, and show it in the form."""
        cleaned[name] = value
        self._put_in_form(name, value)

    def _put_in_form(self, name, value):
        """Write ``value`` into the posted data as the browser would have sent it (the
        form shows it if refused; the request's own data is never changed)."""
        key = self.add_prefix(name)
        if not self._own_data:
            self.data, self._own_data = self.data.copy(), True
        if name in SPLIT_DATETIMES:
            local = timezone.localtime(value) if value else None
            for part, shown in enumerate(
                (local.date(), local.time().replace(microsecond=0)) if local else ("", "")
            ):
                self.data[f"{key}_{part}"] = formats.localize_input(shown) if shown else ""
        elif name in CHECKBOXES:
            self.data[key] = "on" if value else ""
        elif name in RELATED_LISTS:
            pks = [str(row.pk) for row in value]
            if hasattr(self.data, "setlist"):
                self.data.setlist(key, pks)
            else:  # a plain dict, as a form built in code may have
                self.data[key] = pks
        elif name == "tags":
            self.data[key] = edit_string_for_tags([SimpleNamespace(name=tag) for tag in value])
        else:
            self.data[key] = "" if value is None else str(getattr(value, "pk", value))

    def _clean_picture(self, cleaned):
        """Build (without saving) the new or changed library image, and check it in full."""
        upload = cleaned.get("hero_image")
        if "hero_image" in self.errors or "hero_image" not in self.fields:
            return
        if not upload and not self.data.get(self.add_prefix("kept_upload_drop")):
            self.kept_name = kept_uploads.kept(cleaned.get("kept_upload"), self.desk_user)
            if self.kept_name:
                upload = kept_uploads.open_kept(self.kept_name)
                self.fields["hero_image"].widget.kept_label = upload.name
        if upload and self._already_in_library(upload):
            return
        if upload:
            image = Image(file=upload)
            for name, attribute in PICTURE_FIELDS.items():
                setattr(image, attribute, _model_value(attribute, cleaned.get(name)))
            self.new_image = image
        else:
            image = cleaned.get("hero")
            # What the editor changed, and the picture does not already say (picking a
            # picture fills its description in, see focal_point.js).
            changes = {
                PICTURE_FIELDS[name]: cleaned.get(name)
                for name in PICTURE_FIELDS
                if name in self.changed_data
                and name in cleaned
                and image is not None
                and _blank(cleaned.get(name)) != _blank(getattr(image, PICTURE_FIELDS[name]))
            }
            if image is None or not changes:
                return
            for attribute, value in changes.items():
                setattr(image, attribute, _model_value(attribute, value))
            self.changed_image = image
        try:
            image.full_clean(exclude=["uploaded_by"])
        except ValidationError as error:
            fields = {attribute: name for name, attribute in PICTURE_FIELDS.items()}
            fields["file"] = "hero_image"
            for attribute, messages_ in error.message_dict.items():
                self.add_error(fields.get(attribute), messages_)
            self.new_image = self.changed_image = None

    def _already_in_library(self, upload):
        """The same file uploaded before is offered instead of a second copy."""
        same = Image.objects.same_file(upload).with_use_count().first()
        if same is None:
            return False
        self._put_in_form("hero", same)
        self._put_in_form("kept_upload", "")
        self.kept_name = None
        uses = same.use_count
        self.add_error(
            "hero_image",
            ValidationError(
                "This picture is already in the library, as “%(image)s”, uploaded on "
                "%(when)s%(uses)s. It is now picked above, with its description: save "
                "again to use it, or choose another file.",
                code="duplicate",
                params={
                    "image": same,
                    "when": when(same.created_at),
                    "uses": f" and used in {uses} stor{'y' if uses == 1 else 'ies'}"
                    if uses
                    else "",
                },
            ),
        )
        return True

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors or self.desk_user is None:
            return
        # Refused: a good new picture is kept, so that it need not be chosen again.
        upload = self.files.get(self.add_prefix("hero_image"))
        if upload and "hero_image" not in self._errors:
            self._put_in_form("kept_upload", kept_uploads.keep(upload, self.desk_user))
            self.fields["hero_image"].widget.kept_label = os.path.basename(upload.name)

    @property
    def kept_label(self):
        """The name of the picture kept from a refused try, if there is one."""
        field = self.fields.get("hero_image")
        return field.widget.kept_label if field is not None else None

    def save_picture(self, user):
        """Save the uploaded or re-described library image; the story then points to it."""
        if self.new_image is not None:
            self.new_image.uploaded_by = user
            self.new_image.save()
            self.instance.hero = self.new_image
            if self.kept_name:
                transaction.on_commit(partial(kept_uploads.forget, self.kept_name))
        elif self.changed_image is not None:
            self.changed_image.save()
