"""The desk's name for django-tasks-db's rows: a proxy, so it has permissions of its own."""

from django_tasks_db.models import DBTaskResult


class BackgroundTask(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = "background task"
        verbose_name_plural = "background tasks"
        ordering = ["-enqueued_at"]

    def __str__(self):
        return self.task_name
