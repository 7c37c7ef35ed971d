"""Every Newsroom starts with the desk's five sections; editors can rename or add more."""

from django.db import migrations

SECTIONS = [
    ("Movies", "movies", "Trailers, casting, box office and reviews from the big screen."),
    ("TV", "tv", "Series news, renewals, streaming and what to watch next."),
    ("Music", "music", "Soundtracks, albums, tours and the artists behind them."),
    ("Games", "games", "Releases, adaptations and the studios making them."),
    ("Celebrity", "celebrity", "Interviews, red carpets and the people in the headlines."),
]


def add_sections(apps, schema_editor):
    Section = apps.get_model("articles", "Section")
    for position, (name, slug, description) in enumerate(SECTIONS, start=1):
        Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(add_sections, migrations.RunPython.noop)]
