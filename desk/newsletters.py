"""Newsletters on the desk: the newsletters, their readers with their consent, the
mails sent with their counts, previews, a test send to oneself, a breaking alert, and
a reader's data exported or deleted on request."""

import json

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article
from newsletters import sending, tasks
from newsletters.mails import Renderer
from newsletters.models import Breaking, Mail, Newsletter, Subscriber, Subscription


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["name", "sender", "digest_time", "is_default", "readers", "previews"]
    autocomplete_fields = ["picks"]
    fields = ["name", "sender", "digest_time", "digest_size", "is_default", "picks"]
    fields += ["postal_address"]
    actions = ["test_digest", "test_alert"]

    def get_queryset(self, request):
        live = Q(subscriptions__in=Subscription.objects.live())
        return (
            super()
            .get_queryset(request)
            .annotate(live_readers=Count("subscriptions__subscriber", filter=live, distinct=True))
        )

    @admin.display(description="readers receiving it", ordering="live_readers")
    def readers(self, newsletter):
        return newsletter.live_readers

    @admin.display(description="preview")
    def previews(self, newsletter):
        return format_html(
            '<a href="{}">Next digest</a> · <a href="{}">An alert</a>',
            reverse("admin:newsletters_newsletter_preview", args=[newsletter.pk, "digest"]),
            reverse("admin:newsletters_newsletter_preview", args=[newsletter.pk, "alert"]),
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview)
        return [
            path("<int:pk>/preview/<str:kind>/", preview, name="newsletters_newsletter_preview"),
            *super().get_urls(),
        ]

    def preview(self, request, pk, kind):
        """The mail as a reader would see it (its links point home), built, not sent."""
        newsletter = get_object_or_404(Newsletter, pk=pk)
        stories = sending.digest_stories(newsletter, timezone.now())
        if kind == "alert":
            stories = stories[:1]
        mail = Mail(newsletter=newsletter, kind=Mail.Kind.TEST, stories=stories)
        mail.kind = Mail.Kind.ALERT if kind == "alert" else Mail.Kind.DIGEST
        subject, _text, html = Renderer().body(mail)
        response = HttpResponse(html)
        response["X-Preview-Subject"] = subject.encode("ascii", "replace").decode()
        return response

    def _test(self, request, queryset, kind):
        if not request.user.email:
            self.message_user(request, "Your account has no e-mail address.", messages.ERROR)
            return
        for newsletter in queryset:
            counts = sending.send_test(newsletter, request.user.email, kind)
            self.message_user(
                request, f"{newsletter}: test sent to {request.user.email} ({counts['sent']})."
            )

    @admin.action(description="Send me a test of the next digest")
    def test_digest(self, request, queryset):
        self._test(request, queryset, "digest")

    @admin.action(description="Send me a test alert")
    def test_alert(self, request, queryset):
        self._test(request, queryset, "alert")


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    can_delete = False
    fields = ["what", "consent_wording", "consent_page", "consent_at", "confirmed_at"]
    readonly_fields = fields
    verbose_name = "subscription and its consent"

    @admin.display(description="what")
    def what(self, subscription):
        return subscription.describe()

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "confirmed_at", "frequency", "paused", "left_at"]
    list_filter = ["frequency", "paused", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmed_at", "left_at"]
    fields = [*readonly_fields, "frequency", "paused"]
    inlines = [SubscriptionInline]
    actions = ["export_data", "delete_data"]

    def has_add_permission(self, request):
        return False  # readers sign up themselves, giving their consent

    @admin.action(description="Export the selected readers' data (JSON)")
    def export_data(self, request, queryset):
        data = [reader_data(subscriber) for subscriber in queryset]
        response = HttpResponse(
            json.dumps(data, indent=2, default=str), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="readers.json"'
        return response

    @admin.action(description="Delete the selected readers' data, on their request")
    def delete_data(self, request, queryset):
        with transaction.atomic():
            count = queryset.count()
            queryset.delete()  # their subscriptions, consent records and mails with them
        self.message_user(request, f"Deleted {count} reader(s) and everything kept about them.")


def reader_data(subscriber):
    """Everything kept about one reader, for a request to see it."""
    return {
        "email": subscriber.email,
        "created_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
        "frequency": subscriber.frequency,
        "paused": subscriber.paused,
        "left_at": subscriber.left_at,
        "subscriptions": [
            {
                "what": subscription.describe(),
                "consent_wording": subscription.consent_wording,
                "consent_page": subscription.consent_page,
                "consent_at": subscription.consent_at,
                "confirmed_at": subscription.confirmed_at,
            }
            for subscription in subscriber.subscriptions.select_related(
                "newsletter", "entity", "section", "tag"
            )
        ],
        "mails": list(
            subscriber.mails.values("kind", "edition", "created_at", "sent_at", "failed_at")
        ),
    }


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = ["address", "kind", "edition", "created_at", "sent_at", "failed_at"]
    list_filter = ["kind", "newsletter", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["address", "edition"]
    change_list_template = "admin/newsletters/mail/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "editions": edition_counts()}
        )


def edition_counts(limit=20):
    """The newest editions: how many were sent, failed, and left since they went out."""
    rows = (
        Mail.objects.exclude(kind__in=[Mail.Kind.CONFIRM, Mail.Kind.TEST])
        .values("newsletter__name", "edition", "kind")
        .annotate(
            planned=Count("pk"),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            failed=Count("pk", filter=Q(failed_at__isnull=False)),
            first_sent=Min("sent_at"),
        )
        .order_by("-first_sent")[:limit]
    )
    for row in rows:
        row["unsubscribed"] = (
            Subscriber.objects.filter(
                mails__edition=row["edition"], left_at__gt=row["first_sent"]
            ).count()
            if row["first_sent"]
            else 0
        )
    return rows


class BreakingForm(forms.ModelForm):
    class Meta:
        model = Breaking
        fields = ["newsletter", "story"]

    def clean_story(self):
        """Only a story readers can read now: a draft or a scheduled one is never sent."""
        story = self.cleaned_data["story"]
        if not Article.objects.published().filter(pk=story.pk).exists():
            raise forms.ValidationError(
                "Only a published story can go out as a breaking alert: this one is "
                "not live yet (a draft, in review or scheduled)."
            )
        return story


@admin.register(Breaking)
class BreakingAdmin(admin.ModelAdmin):
    """A breaking alert: a story sent to everyone on a newsletter, once."""

    list_display = ["story", "newsletter", "sent_by", "created_at"]
    autocomplete_fields = ["story"]
    fields = ["newsletter", "story"]
    form = BreakingForm

    def has_add_permission(self, request):
        # Telling every reader at once is publishing: the editors who may publish.
        return super().has_add_permission(request) and request.user.has_perm(
            "articles.publish_article"
        )

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        edition = sending.send_breaking(obj.newsletter, obj.story, request.user.get_username())
        if edition is None:
            self.message_user(request, "That story was already sent.", messages.WARNING)
            return
        obj.pk = Breaking.objects.get(newsletter=obj.newsletter, story=obj.story).pk
        transaction.on_commit(lambda: tasks.send_edition.enqueue(edition))
