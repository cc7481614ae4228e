"""The default rules for workspaces made before the rules app existed.

New workspaces get them from `services.workspace_created`; this adds the
same rules (by seed key, so running it again adds nothing) to the others.
The definitions are copied here on purpose: a migration never imports app
code, which may change after it.
"""

from django.db import migrations
from django.utils import timezone

DEFAULT_RULES = [
    {
        "seed_key": "detractor-case",
        "name": "Detractor or unhappy customer → case",
        "description": (
            "NPS 0–6 or CSAT 1–2: a case for the touchpoint's owner, normal "
            "priority, the default SLA (24 business hours)."
        ),
        "trigger": "response.stored",
        "match": "any",
        "conditions": [
            {"field": "nps", "op": "lte", "value": 6.0},
            {"field": "csat", "op": "lte", "value": 2.0},
        ],
        "actions": [{"type": "open_case", "priority": "normal"}],
    },
    {
        "seed_key": "search-not-found-digest",
        "name": "Search came up empty → search owner's daily digest",
        "description": (
            "A “no” to “Did you find what you were looking for?” after a site "
            "search goes to the daily digest of the search touchpoint's owner."
        ),
        "trigger": "response.stored",
        "match": "all",
        "conditions": [
            {"field": "touchpoint", "op": "eq", "value": "site_search"},
            {"field": "question", "op": "eq", "key": "found", "value": False},
        ],
        "actions": [
            {
                "type": "digest",
                "digest": "daily",
                "users": [],
                "touchpoint_owner": True,
            }
        ],
    },
    {
        "seed_key": "negative-feedback-case",
        "name": "Negative free text → case",
        "description": (
            "Reviews, social posts, e-mails and call notes through the feedback "
            "survey whose comment reads negative, on any channel."
        ),
        "trigger": "response.analysed",
        "match": "all",
        "conditions": [
            {"field": "survey", "op": "eq", "value": "feedback"},
            {"field": "sentiment", "op": "eq", "value": "negative"},
        ],
        "actions": [{"type": "open_case", "priority": "normal"}],
    },
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Workspace = apps.get_model("accounts", "Workspace")
    Rule = apps.get_model("rules", "Rule")
    now = timezone.now()
    for workspace in Workspace.objects.iterator():
        have = set(
            Rule.objects.filter(workspace=workspace)
            .exclude(seed_key="")
            .values_list("seed_key", flat=True)
        )
        position = Rule.objects.filter(workspace=workspace).count()
        for spec in DEFAULT_RULES:
            if spec["seed_key"] in have:
                continue
            position += 1
            Rule.objects.create(
                workspace=workspace,
                position=position,
                created_at=now,
                updated_at=now,
                scheduled_until=now,
                **spec,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
