"""The desk's roles and the image library: writers add, change and pick images; editors
also delete unused ones."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = ["add_image", "change_image", "view_image"]
EDITOR = [*WRITER, "delete_image"]
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
    dependencies = [
        ("articles", "0013_remove_article_hero_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
