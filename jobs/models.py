"""The desk's name for django-tasks-db's rows: a proxy, so it has permissions of its own."""

from django_tasks_db.models import DBTaskResult

# What each of the site's tasks does, in the desk's words (a task's page is headed with
# it); a task not named here is shown by its function's name.
TASK_WORDS = {
    "build_renditions": "Make the smaller sizes of a picture",
    "forget_renditions": "Remove the smaller sizes of a replaced or deleted picture",
    "refresh_around": "Work out related stories and previous/next",
    "refresh_labels": "Store a renamed byline, tag, person, film or show on its stories",
    "fetch_trailer_still": "Fetch a trailer's still from YouTube or Vimeo",
    "purge_edge": "Tell the edge (CDN or Varnish) which pages changed",
    "apply_due": "Show scheduled stories whose time has come",
    "send_confirmation": "Send a reader the mail confirming their subscription",
    "send_alerts": "Send readers the alerts due on what they follow",
    "send_digest": "Send a newsletter's daily digest",
    "send_edition": "Send what is left unsent of a breaking alert",
}


class BackgroundTask(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = "background task"
        verbose_name_plural = "background tasks"
        ordering = ["-enqueued_at"]

    def __str__(self):
        return TASK_WORDS.get(self.task_name, self.task_name)
