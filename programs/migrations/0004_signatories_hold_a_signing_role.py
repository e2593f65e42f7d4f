"""The signatory flag belongs only to the roles that sign (PMO_SIGNATORY_ROLES): a flag that
another role came to carry before that rule existed is removed with its signing permission,
and the removal is written to the audit trail."""

from django.conf import settings
from django.db import migrations

DEFAULT_SIGNATORY_ROLES = ["executive_sponsor", "business_owner"]


def remove_flags_outside_signing_roles(apps, schema_editor):
    Membership = apps.get_model("programs", "Membership")
    AuditEvent = apps.get_model("programs", "AuditEvent")
    Program = apps.get_model("programs", "Program")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")

    roles = getattr(settings, "PMO_SIGNATORY_ROLES", DEFAULT_SIGNATORY_ROLES)
    lapsed = Membership.objects.filter(is_signatory=True).exclude(role__in=roles)
    if not lapsed.exists():
        return
    membership_type, _ = ContentType.objects.get_or_create(app_label="programs", model="membership")
    program_type, _ = ContentType.objects.get_or_create(app_label="programs", model="program")
    for membership in lapsed.select_related("user"):
        UserObjectPermission.objects.filter(
            user_id=membership.user_id,
            content_type=program_type,
            object_pk=str(membership.program_id),
            permission__in=Permission.objects.filter(
                content_type=program_type, codename=f"sign_{membership.party}_artifacts"
            ),
        ).delete()
        membership.is_signatory = False
        membership.signatory_granted_by = None
        membership.signatory_granted_at = None
        membership.save(
            update_fields=["is_signatory", "signatory_granted_by", "signatory_granted_at"]
        )
        AuditEvent.objects.create(
            program=Program.objects.get(pk=membership.program_id),
            actor=None,
            actor_name="portal upgrade",
            actor_party="",
            action="update",
            target_type=membership_type,
            target_id=str(membership.pk),
            target_repr=f"{membership.user.username} ({membership.party}, {membership.role})",
            changes={"is_signatory": [True, False]},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_job"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(remove_flags_outside_signing_roles, migrations.RunPython.noop),
    ]
