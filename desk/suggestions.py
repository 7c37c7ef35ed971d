"""The story form's suggested people, films and shows, as buttons that add one."""

from django.utils.html import format_html, format_html_join

NONE = "None yet: names of people, films and shows in the text are suggested here."


def render_suggestions(entities):
    if not entities:
        return format_html('<p class="help">{}</p>', NONE)
    return format_html(
        '<ul class="nr-suggestions">{}</ul>',
        format_html_join(
            "",
            '<li><span>{}</span> <button type="button" class="button" data-add-entity="about" '
            'data-id="{}" data-label="{}">About</button> <button type="button" class="button" '
            'data-add-entity="mentions" data-id="{}" data-label="{}">Mentions</button></li>',
            ((str(e), e.pk, str(e), e.pk, str(e)) for e in entities),
        ),
    )
