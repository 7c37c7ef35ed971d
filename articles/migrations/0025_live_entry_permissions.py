"""The desk's roles and live coverage: writers post and change entries (their own; a
story may make them wait for an editor), editors also delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = ["add_liveentry", "change_liveentry", "view_liveentry"]
EDITOR = [*WRITER, "delete_liveentry"]
ROLES = {"Writer": WRITER, "Editor": EDITOR}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need these now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue  # the site removed the role; nothing to extend
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codes)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_live_coverage")]

    operations = [migrations.RunPython(grant, revoke)]
