"""Writes of the cases app.

Every change writes a timeline entry, tells `hooks.case_changed` (rules
react to it) and writes its webhook (`case.opened`, `case.updated`,
`case.closed`) in the same transaction, so nothing is announced for a change
that rolled back and nothing committed goes unannounced.
"""

from cxloop.cases.services.cases import (
    case_assign,
    case_attach_signal,
    case_erase,
    case_merge,
    case_move_customers,
    case_note_add,
    case_open,
    case_priority_set,
    case_status_set,
    case_tags_set,
    case_update,
)
from cxloop.cases.services.imports import CaseImport, ImportedEntry, case_import
from cxloop.cases.services.policies import (
    calendar_ensure,
    calendar_update,
    sla_policy_delete,
    sla_policy_ensure_default,
    sla_policy_save,
    workspace_created,
)
from cxloop.cases.services.replies import (
    case_reply_send,
    reply_render,
    reply_template_delete,
    reply_template_save,
)
from cxloop.cases.services.sla_sweep import SweepReport, sla_check
from cxloop.cases.services.teams import team_delete, team_save

__all__ = [
    "CaseImport",
    "ImportedEntry",
    "SweepReport",
    "case_import",
    "sla_check",
    "team_delete",
    "team_save",
    "calendar_ensure",
    "calendar_update",
    "case_assign",
    "case_attach_signal",
    "case_erase",
    "case_merge",
    "case_move_customers",
    "case_note_add",
    "case_open",
    "case_priority_set",
    "case_reply_send",
    "case_status_set",
    "case_tags_set",
    "case_update",
    "reply_render",
    "reply_template_delete",
    "reply_template_save",
    "sla_policy_delete",
    "sla_policy_ensure_default",
    "sla_policy_save",
    "workspace_created",
]
