"""Writes of rules and their work: save, evaluate, fire, preview, seed.

A package because it outgrew one module; callers use `services.<name>`.
"""

from cxloop.rules.services.defaults import (
    DEFAULT_RULES,
    rules_seed_defaults,
    workspace_created,
)
from cxloop.rules.services.digests import digest_items_mark_sent
from cxloop.rules.services.evaluation import (
    LEASE,
    MAX_ATTEMPTS,
    on_case_changed,
    on_events_stored,
    on_response_analysed,
    on_response_stored,
    pending_evaluate,
    pending_run,
    pending_sweep,
    rule_fire,
    rules_wanted,
    schedule_run,
    signals_note,
    subject_evaluate,
)
from cxloop.rules.services.preview import rule_preview
from cxloop.rules.services.rules import (
    RuleData,
    rule_create,
    rule_data_of,
    rule_delete,
    rule_set_enabled,
    rule_update,
    rule_validate,
)

__all__ = [
    "DEFAULT_RULES",
    "LEASE",
    "MAX_ATTEMPTS",
    "RuleData",
    "digest_items_mark_sent",
    "on_case_changed",
    "on_events_stored",
    "on_response_analysed",
    "on_response_stored",
    "pending_evaluate",
    "pending_run",
    "pending_sweep",
    "rule_create",
    "rule_data_of",
    "rule_delete",
    "rule_fire",
    "rule_preview",
    "rule_set_enabled",
    "rule_update",
    "rule_validate",
    "rules_seed_defaults",
    "rules_wanted",
    "schedule_run",
    "signals_note",
    "subject_evaluate",
    "workspace_created",
]
