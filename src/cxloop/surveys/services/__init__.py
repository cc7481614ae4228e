"""Writes of surveys, questions, responses and the link page's workflow.

A package because it outgrew one module; callers keep using
`services.<name>`, re-exported here.
"""

from cxloop.surveys.services.invitations import (
    SendReport,
    invitation_schedule_for_customer,
    invitations_schedule,
    invitations_schedule_all,
    invitations_send_due,
)
from cxloop.surveys.services.link_page import (
    PageQuery,
    invitation_create,
    survey_opt_out_page,
    survey_page_open,
    survey_page_refused,
    survey_page_submit,
    survey_preview,
)
from cxloop.surveys.services.responses import (
    ResponseInput,
    SubmitResult,
    response_digest,
    response_erase,
    response_identify,
    response_move_customers,
    response_submit,
    response_tags_add,
)
from cxloop.surveys.services.surveys import (
    DEFAULT_EMAIL_DELAY_MINUTES,
    QuestionSpec,
    contact_policy_update,
    survey_create,
    survey_create_from_template,
    survey_ensure_case_follow_up,
    survey_ensure_feedback,
    survey_update,
    workspace_created,
)

__all__ = [
    "DEFAULT_EMAIL_DELAY_MINUTES",
    "SendReport",
    "invitation_schedule_for_customer",
    "invitations_schedule",
    "invitations_schedule_all",
    "invitations_send_due",
    "PageQuery",
    "QuestionSpec",
    "contact_policy_update",
    "ResponseInput",
    "SubmitResult",
    "invitation_create",
    "response_digest",
    "response_erase",
    "response_identify",
    "response_move_customers",
    "response_submit",
    "response_tags_add",
    "survey_create",
    "survey_create_from_template",
    "survey_ensure_case_follow_up",
    "survey_ensure_feedback",
    "survey_page_open",
    "survey_opt_out_page",
    "survey_page_refused",
    "survey_page_submit",
    "survey_preview",
    "survey_update",
    "workspace_created",
]
