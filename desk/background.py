"""Background tasks on the desk: what failed, in words, and a way to run it again.

django-tasks-db's own admin page (every column of its table) is replaced by this
one, on the ``jobs.BackgroundTask`` proxy: staff see it with its "view" permission
and run a failed task again with its "change" permission.
"""

import django_tasks_db.admin  # noqa: F401  (registers its page first, so it can be removed)
from django.contrib import admin, messages
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult, get_date_max

from jobs.models import TASK_WORDS, BackgroundTask
from jobs.retries import LOST, attempts, max_attempts, run_again
from library.models import Image

from .dates import when

admin.site.unregister(DBTaskResult)


def _picture(image_id):
    image = Image.objects.filter(pk=image_id).only("pk", "file").first()
    if image is None:
        return f"picture #{image_id} (since deleted)"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:library_image_change", args=[image.pk]),
        image.file.name.rsplit("/", 1)[-1],
    )


def _describe(row):
    args = (row.args_kwargs or {}).get("args") or []
    name = row.task_path.rsplit(".", 1)[-1]
    if name == "build_renditions" and args:
        return format_html("Make the smaller sizes of {}", _picture(args[0]))
    if name == "forget_renditions" and args:
        return format_html("Remove the smaller sizes of {}", str(args[0]).rsplit("/", 1)[-1])
    if name == "refresh_around" and args:
        count = len(args[0])
        stories = "story" if count == 1 else "stories"
        return f"Work out related stories and previous/next for {count} {stories}"
    if name == "refresh_labels":
        return "Store the new name of a byline, tag, person, film or show on its stories"
    if name in TASK_WORDS:
        return TASK_WORDS[name]
    return f"{name}({', '.join(map(repr, args))})"


class StatusFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("failed", "Failed"),
            ("waiting", "Waiting (new or to retry)"),
            ("running", "Running"),
            ("done", "Done"),
        ]

    def queryset(self, request, queryset):
        status = {
            "failed": TaskResultStatus.FAILED,
            "waiting": TaskResultStatus.READY,
            "running": TaskResultStatus.RUNNING,
            "done": TaskResultStatus.SUCCESSFUL,
        }.get(self.value())
        return queryset.filter(status=status) if status else queryset


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    list_display = ["task", "state", "tries", "problem", "enqueued", "finished"]
    list_display_links = ["state"]
    list_filter = [StatusFilter]
    actions = ["run_selected_again"]
    list_per_page = 50
    fields = [
        "task",
        "state",
        "tries",
        "problem",
        "enqueued",
        "started",
        "finished",
        "next_try",
        "details",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Nothing is edited; "change" is the permission to run a failed task again.
        return False

    def has_run_again_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.display(description="task")
    def task(self, row):
        return _describe(row)

    @admin.display(description="state", ordering="status")
    def state(self, row):
        if row.status == TaskResultStatus.FAILED:
            tries = attempts(row)
            return f"Failed after {tries} {'try' if tries == 1 else 'tries'}"
        if row.status == TaskResultStatus.READY and attempts(row):
            return "Failed; will try again"
        return {
            TaskResultStatus.READY: "Waiting for the worker",
            TaskResultStatus.RUNNING: "Running",
            TaskResultStatus.SUCCESSFUL: "Done",
        }.get(row.status, row.status)

    # Times to the second: a task is often queued, run and done within one minute.
    @admin.display(description="queued", ordering="enqueued_at")
    def enqueued(self, row):
        return when(row.enqueued_at, seconds=True)

    @admin.display(description="started", ordering="started_at")
    def started(self, row):
        return when(row.started_at, seconds=True)

    @admin.display(description="finished", ordering="finished_at")
    def finished(self, row):
        return when(row.finished_at, seconds=True)

    @admin.display(description="tries")
    def tries(self, row):
        return f"{attempts(row)} of {max_attempts()}"

    @admin.display(description="what went wrong")
    def problem(self, row):
        if not row.exception_class_path:
            return "-"
        if row.exception_class_path == LOST:
            return "The worker stopped in the middle of it (killed or restarted)."
        lines = [line for line in row.traceback.strip().splitlines() if line.strip()]
        return lines[-1] if lines else row.exception_class_path

    @admin.display(description="next try")
    def next_try(self, row):
        if row.status != TaskResultStatus.READY:
            return "-"
        if row.run_after == get_date_max():
            return "As soon as the worker is free"
        return when(row.run_after, seconds=True)

    @admin.display(description="details for developers")
    def details(self, row):
        if not row.traceback:
            return "-"
        return format_html("<pre>{}</pre>", row.traceback)

    @admin.action(description="Run the selected failed tasks again", permissions=["run_again"])
    def run_selected_again(self, request, queryset):
        count = run_again(queryset)
        skipped = queryset.count() - count
        if count:
            self.message_user(
                request,
                f"{count} task{'s' if count != 1 else ''} queued to run again; "
                "the worker will pick it up in a few seconds.",
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected task{'s were' if skipped != 1 else ' was'} not failed "
                "and left as is.",
                messages.WARNING,
            )
