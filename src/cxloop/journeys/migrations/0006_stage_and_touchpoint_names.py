"""Stages and touchpoints get their names per language.

An existing name was written in the workspace's default language (see
`journey_create_default`), so it becomes that language's text. Rerunnable:
a row that already has names is left as it is.
"""

from typing import Any

from django.db import migrations, models

BATCH = 500


def keep_names_as_default_language(apps: Any, schema_editor: Any) -> None:
    workspace_model = apps.get_model("accounts", "Workspace")
    for model_name in ("Stage", "Touchpoint"):
        model = apps.get_model("journeys", model_name)
        for workspace in workspace_model.objects.only("pk", "default_locale"):
            rows = [
                row
                for row in model.objects.filter(workspace=workspace).only(
                    "pk", "name", "names"
                )
                if not row.names
            ]
            for row in rows:
                row.names = {workspace.default_locale: row.name}
            model.objects.bulk_update(rows, ["names"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("journeys", "0005_funnel_rollup"),
    ]

    operations = [
        migrations.AddField(
            model_name="stage",
            name="names",
            field=models.JSONField(blank=True, default=dict, verbose_name="names"),
        ),
        migrations.AddField(
            model_name="touchpoint",
            name="names",
            field=models.JSONField(blank=True, default=dict, verbose_name="names"),
        ),
        migrations.RunPython(
            keep_names_as_default_language, migrations.RunPython.noop
        ),
    ]
