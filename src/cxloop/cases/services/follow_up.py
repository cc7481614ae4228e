"""The follow-up after a resolution: a CES survey by e-mail, once per case."""

from datetime import datetime

from cxloop.cases.models import Case, CaseEntry
from cxloop.surveys import services as survey_services
from cxloop.surveys.models import Invitation


def case_follow_up_schedule(case: Case, now: datetime) -> Invitation | None:
    """Schedule the `case-follow-up` survey for the case's customer.

    Called inside the transaction that resolves the case, so the
    invitation is written with the resolution or not at all. Once per case
    (a reopened and again resolved case is not asked twice); the survey's
    delay, the governor and the customer's consent decide whether and when
    it is sent. A timeline entry `follow_up` says what was scheduled.
    """
    customer = case.customer
    if customer is None or case.merged_into_id is not None:
        return None
    survey = survey_services.survey_ensure_case_follow_up(workspace=case.workspace)
    already = CaseEntry.objects.filter(case=case, kind=CaseEntry.Kind.FOLLOW_UP)
    if already.exists():
        return None
    invitation = survey_services.invitation_schedule_for_customer(
        survey=survey,
        customer=customer,
        source_key=f"case:{case.pk}",
        context={"case_id": case.pk, "case_number": case.number},
        now=now,
    )
    CaseEntry.objects.create(
        workspace_id=case.workspace_id,
        case=case,
        kind=CaseEntry.Kind.FOLLOW_UP,
        data={
            "survey": survey.key,
            "invitation_id": invitation.pk,
            "status": invitation.status,
            "skip_reason": invitation.skip_reason,
            "send_after": (
                invitation.send_after.isoformat() if invitation.send_after else None
            ),
        },
        created_at=now,
    )
    return invitation
