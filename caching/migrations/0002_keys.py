"""The outbox holds the keys a change touched; rows from before purge everything ("site")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("caching", "0001_outbox")]

    operations = [
        migrations.RemoveField(model_name="pendinginvalidation", name="story_only"),
        migrations.RemoveField(model_name="pendinginvalidation", name="site_settings"),
        migrations.RemoveField(model_name="pendinginvalidation", name="attempts"),
        migrations.RemoveField(model_name="pendinginvalidation", name="last_error"),
        migrations.AddField(
            model_name="pendinginvalidation",
            name="keys",
            field=models.TextField(default="site"),
        ),
        migrations.AddField(
            model_name="pendinginvalidation",
            name="due_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="pendinginvalidation",
            name="cache_done",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="pendinginvalidation",
            name="edge_done",
            field=models.BooleanField(default=True),
        ),
    ]
