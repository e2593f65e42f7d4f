"""A Play 3.1 activity's status follows its artifact where it has one; a person may override
it with a reason, shown with who and when, and a Blocked status says what blocks it.

Activity 1 now follows the onboarding checklist: where someone set its status by hand and the
checklist says otherwise, what they set is kept, shown as an override."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def onboarding_statuses_become_overrides(apps, schema_editor):
    PlayActivity = apps.get_model("programs", "PlayActivity")
    OnboardingItem = apps.get_model("programs", "OnboardingItem")
    now = timezone.now()
    for activity in PlayActivity.objects.filter(key="onboard_provider_pmo"):
        items = OnboardingItem.objects.filter(program_id=activity.program_id)
        total = items.count()
        done = items.filter(done_date__isnull=False).count()
        derived = "not_started"
        if done:
            derived = "done" if done == total else "in_progress"
        if activity.status != derived:
            activity.overridden_at = now
            activity.status_reason = activity.status_reason or (
                "Set on the board before the status followed the onboarding checklist."
            )
            activity.save(update_fields=["overridden_at", "status_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_signatories_hold_a_signing_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="playactivity",
            name="overridden_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="playactivity",
            name="overridden_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="playactivity",
            name="status_reason",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(onboarding_statuses_become_overrides, migrations.RunPython.noop),
    ]
