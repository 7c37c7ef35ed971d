"""Editors see the background tasks and run failed ones again; writers do not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = ["view_backgroundtask", "change_backgroundtask"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs these now.
    app_config = apps.get_app_config("jobs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editor").first()
    if group is not None:  # the site may have removed the role
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="jobs", codename__in=EDITOR)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="jobs", codename__in=EDITOR)
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("articles", "0005_desk_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
