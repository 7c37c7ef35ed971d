"""The story form: the picture picked or uploaded on it, and the stale-version check."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from library.models import Image

# What the desk compares when two people save the same story.
COMPARED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "hero",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "hero_focal_x",
    "hero_focal_y",
    "trailer_url",
    "section",
    "status",
    "publish_at",
    "featured",
]


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
    hero_image = _image_field(
        "file",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = version_of(self.instance)
        image = self.instance.hero if self.instance.hero_id else None
        for name, attribute in PICTURE_FIELDS.items():
            if name in self.fields and image is not None:
                self.initial[name] = getattr(image, attribute)
        if "hero" in self.fields:
            self.fields["hero"].label = "Picture from the library"
            self.fields["hero"].help_text = (
                "Type to search the library by alt text, caption, credit or file name. "
                "Its description changes with it everywhere it is used."
            )
        self.new_image = self.changed_image = None

    def current(self, name):
        """The saved value behind form field ``name``, as the stale-version check compares."""
        if name in PICTURE_FIELDS:
            image = self.instance.hero if self.instance.hero_id else None
            return getattr(image, PICTURE_FIELDS[name]) if image else None
        return getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned)
        self._clean_picture(cleaned)
        return cleaned

    def _check_version(self, cleaned):
        if self.instance.pk is None:
            return
        # self.instance holds the story as it is in the database right now.
        if cleaned.get("loaded_version") == version_of(self.instance):
            return
        changed = [
            self.fields[name].label or name
            for name in COMPARED_FIELDS
            if name in self.fields
            and name in cleaned
            and _blank(cleaned[name]) != _blank(self.current(name))
        ]
        # The next save, once the editor has merged, is against this version.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = version_of(self.instance)
        who = self.instance.updated_by or "someone else"
        when = timezone.localtime(self.instance.updated_at).strftime("%H:%M:%S on %d %b %Y")
        differs = (
            f" Their version differs from yours in: {', '.join(changed)}."
            if changed
            else " Their version matches what you are saving."
        )
        raise forms.ValidationError(
            f"{who} saved this story at {when}, after you opened it, so your changes are "
            f"not saved yet. They are still in the form below.{differs} Open the story in "
            "another tab to see their version, merge what you need here, and save again.",
            code="stale_version",
        )

    def _clean_picture(self, cleaned):
        """Build (without saving) the new or changed library image, and check it in full."""
        upload = cleaned.get("hero_image")
        if "hero_image" in self.errors or "hero_image" not in self.fields:
            return
        if upload:
            image = Image(file=upload)
            for name, attribute in PICTURE_FIELDS.items():
                setattr(image, attribute, _model_value(attribute, cleaned.get(name)))
            self.new_image = image
        else:
            image = cleaned.get("hero")
            changes = {
                PICTURE_FIELDS[name]: cleaned.get(name)
                for name in PICTURE_FIELDS
                if name in self.changed_data and name in cleaned
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

    def save_picture(self, user):
        """Save the uploaded or re-described library image; the story then points to it."""
        if self.new_image is not None:
            self.new_image.uploaded_by = user
            self.new_image.save()
            self.instance.hero = self.new_image
        elif self.changed_image is not None:
            self.changed_image.save()
