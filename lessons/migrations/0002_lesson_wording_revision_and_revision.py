"""The lesson's wording revision keeps its meaning under a name of its own; the lesson gains
the record's revision every register item has, moved on by every edit and every step."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="lesson",
            old_name="revision",
            new_name="wording_revision",
        ),
        migrations.AlterField(
            model_name="lesson",
            name="wording_revision",
            field=models.PositiveIntegerField(
                default=1,
                help_text="Moved on by each new wording; validations count for the wording "
                "they read.",
                verbose_name="wording revision",
            ),
        ),
        migrations.AddField(
            model_name="lesson",
            name="revision",
            field=models.PositiveIntegerField(
                default=1,
                editable=False,
                help_text="Moved on by every change; a change made from an older revision is "
                "refused.",
            ),
        ),
    ]
