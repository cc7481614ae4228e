"""The rules a new workspace starts with (the seeds of issue 13).

Each carries a `seed_key`, so seeding again (a second hook call, the data
migration for existing workspaces) adds nothing, and a default rule the
team deleted is not forced back on a workspace that already has others'.
Migration 0002 writes the same rules for workspaces that existed before.
"""

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _l

from cxloop.accounts.models import Workspace
from cxloop.rules.models import Rule, Trigger
from cxloop.rules.services.rules import RuleData, rule_create

# The built-in search survey (`surveys.templates`, "search_found") asks
# `found` (yes/no) on the `site_search` touchpoint; "no" is stored False.
SEARCH_TOUCHPOINT = "site_search"
SEARCH_QUESTION = "found"
FEEDBACK_SURVEY = "feedback"

DEFAULT_RULES: list[dict[str, Any]] = [
    {
        "seed_key": "detractor-case",
        "name": _l("Detractor or unhappy customer → case"),
        "description": _l(
            "NPS 0–6 or CSAT 1–2: a case for the touchpoint's owner, normal "
            "priority, the default SLA (24 business hours)."
        ),
        "trigger": Trigger.RESPONSE_STORED,
        "match": Rule.Match.ANY,
        "conditions": [
            {"field": "nps", "op": "lte", "value": 6},
            {"field": "csat", "op": "lte", "value": 2},
        ],
        "actions": [{"type": "open_case", "priority": "normal"}],
    },
    {
        "seed_key": "search-not-found-digest",
        "name": _l("Search came up empty → search owner's daily digest"),
        "description": _l(
            "A “no” to “Did you find what you were looking for?” after a site "
            "search goes to the daily digest of the search touchpoint's owner."
        ),
        "trigger": Trigger.RESPONSE_STORED,
        "match": Rule.Match.ALL,
        "conditions": [
            {"field": "touchpoint", "op": "eq", "value": SEARCH_TOUCHPOINT},
            {"field": "question", "key": SEARCH_QUESTION, "op": "eq", "value": False},
        ],
        "actions": [{"type": "digest", "digest": "daily", "touchpoint_owner": True}],
    },
    {
        "seed_key": "negative-feedback-case",
        "name": _l("Negative free text → case"),
        "description": _l(
            "Reviews, social posts, e-mails and call notes through the feedback "
            "survey whose comment reads negative, on any channel."
        ),
        "trigger": Trigger.RESPONSE_ANALYSED,
        "match": Rule.Match.ALL,
        "conditions": [
            {"field": "survey", "op": "eq", "value": FEEDBACK_SURVEY},
            {"field": "sentiment", "op": "eq", "value": "negative"},
        ],
        "actions": [{"type": "open_case", "priority": "normal"}],
    },
]


@transaction.atomic
def rules_seed_defaults(*, workspace: Workspace) -> list[Rule]:
    """Add the default rules the workspace does not have yet; return them."""
    have = set(
        Rule.objects.of(workspace)
        .exclude(seed_key="")
        .values_list("seed_key", flat=True)
    )
    created = []
    # Names and descriptions are stored text the team edits, so they are
    # written in the workspace's language, not the language of whoever (or
    # whatever request, command or signup) happens to create the workspace.
    with translation.override(workspace.default_locale):
        for seed in DEFAULT_RULES:
            if seed["seed_key"] in have:
                continue
            data = RuleData(
                name=str(seed["name"]),
                description=str(seed["description"]),
                trigger=seed["trigger"],
                match=seed["match"],
                conditions=seed["conditions"],
                actions=seed["actions"],
            )
            created.append(
                rule_create(workspace=workspace, data=data, seed_key=seed["seed_key"])
            )
    return created


def workspace_created(workspace: Workspace) -> None:
    """Every workspace starts with the default rules (see apps.py)."""
    rules_seed_defaults(workspace=workspace)
