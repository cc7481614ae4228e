"""Reads of surveys and responses, always within one workspace."""

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone

from cxloop import caching
from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers.models import Order
from cxloop.errors import NotFound
from cxloop.surveys import exports
from cxloop.surveys.models import (
    INVITATION_TOKEN_MAX_LENGTH,
    Invitation,
    Question,
    Response,
    Survey,
)
from cxloop.surveys.templates import CASE_FOLLOW_UP_KEY

# A response's band from whichever score it carries: NPS 0–6 / 7–8 / 9–10,
# CSAT and star rating 1–2 / 3 / 4–5, CES (1 hard … 7 easy) 1–3 / 4 / 5–7.
SCORE_BANDS: dict[str, Q] = {
    "negative": Q(nps__lte=6) | Q(csat__lte=2) | Q(rating__lte=2) | Q(ces__lte=3),
    "neutral": Q(nps__in=[7, 8]) | Q(csat=3) | Q(rating=3) | Q(ces=4),
    "positive": Q(nps__gte=9) | Q(csat__gte=4) | Q(rating__gte=4) | Q(ces__gte=5),
}


def survey_list(*, workspace: Workspace) -> QuerySet[Survey]:
    return (
        Survey.objects.of(workspace)
        .prefetch_related("questions")
        .order_by("name", "pk")
    )


def survey_get(*, workspace: Workspace, key: str) -> Survey:
    survey: Survey | None = survey_list(workspace=workspace).filter(key=key).first()
    if survey is None:
        raise NotFound("No such survey.")
    return survey


def survey_get_by_link(*, link_key: str) -> Survey:
    """The survey a public link names; the link itself carries the workspace."""
    survey: Survey | None = (
        Survey.objects.select_related("workspace").filter(link_key=link_key).first()
    )
    if survey is None:
        raise NotFound("No such survey.")
    return survey


# Each response is checked against its survey's questions; reading them once
# per process every few seconds saves two queries per response. An edit made
# in another process is seen within these seconds (this process: at once).
SURVEY_CACHE_SECONDS = 3
_answerable: caching.TtlCache[tuple[int, str], tuple[Survey, list[Question]]] = (
    caching.ttl_cache(seconds=SURVEY_CACHE_SECONDS)
)


def survey_with_questions(
    *, workspace: Workspace, key: str
) -> tuple[Survey, list[Question]]:
    """A survey and its active questions, for validating answers; cached briefly."""
    cached = _answerable.get((workspace.pk, key))
    if cached is not None:
        return cached
    survey = survey_get(workspace=workspace, key=key)
    found = (survey, list(survey.questions.filter(is_active=True)))
    _answerable.put((workspace.pk, key), found)
    return found


def survey_forget() -> None:
    """Drop cached surveys after a change in this process."""
    _answerable.clear()


def question_list(*, survey: Survey) -> list[Question]:
    return list(survey.questions.filter(is_active=True).order_by("position", "pk"))


def answered_question_keys(*, survey: Survey) -> set[str]:
    keys: set[str] = set()
    for answers in (
        Response.objects.filter(survey=survey)
        .values_list("answers", flat=True)
        .iterator()
    ):
        keys.update(answers)
    return keys


def response_list(
    *,
    workspace: Workspace,
    survey: str | None = None,
    touchpoint: str | None = None,
    channel: str | None = None,
    locale: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    band: str | None = None,
    search: str | None = None,
) -> QuerySet[Response]:
    responses = Response.objects.of(workspace).select_related("survey")
    if survey:
        responses = responses.filter(survey__key=survey)
    if touchpoint:
        responses = responses.filter(touchpoint=touchpoint)
    if channel:
        responses = responses.filter(channel=channel)
    if locale:
        responses = responses.filter(locale=locale)
    if since:
        responses = responses.filter(submitted_at__gte=since)
    if until:
        responses = responses.filter(submitted_at__lt=until)
    if band in SCORE_BANDS:
        responses = responses.filter(SCORE_BANDS[band])
    if search:
        responses = responses.filter(comment__icontains=search)
    return responses.order_by("-submitted_at", "-pk")


def response_find(*, survey: Survey, response_id: str) -> Response | None:
    """The survey's response with this id, if it was stored."""
    response: Response | None = (
        Response.objects.of(survey.workspace)
        .filter(survey=survey, response_id=response_id)
        .first()
    )
    return response


def invitation_resolve(
    *, survey: Survey, token: str, include_expired: bool = False
) -> Invitation | None:
    """The invitation to this survey that a link's `?t=` names, or None.

    Unknown tokens, another survey's (or workspace's) and expired ones
    resolve to nobody, so such a link answers anonymously. A respondent who
    started before the expiry may finish (`include_expired`).
    """
    if not token or len(token) > INVITATION_TOKEN_MAX_LENGTH:
        return None
    invitation: Invitation | None = (
        Invitation.objects.of(survey.workspace)
        .filter(survey=survey, token=token)
        .first()
    )
    if invitation is None:
        return None
    if not include_expired and invitation.is_expired(timezone.now()):
        return None
    return invitation


def survey_response_counts(*, workspace: Workspace) -> dict[int, int]:
    """Complete responses per survey id."""
    rows = (
        Response.objects.of(workspace)
        .filter(is_complete=True)
        .values("survey_id")
        .annotate(count=Count("pk"))
        .values_list("survey_id", "count")
    )
    return dict(rows)


# What customers asks of responses (registered in apps.py) -----------------

RECENT_FEEDBACK = 5


def response_export_for_customer(
    workspace: Workspace, customer_id: int
) -> list[dict[str, Any]]:
    """Every response of the person, oldest first, for their data export."""
    responses = (
        Response.objects.of(workspace)
        .filter(customer_id=customer_id)
        .select_related("survey")
        .order_by("submitted_at", "pk")
    )
    return [exports.response_record(response) for response in responses]


def _feedback_entry(response: Response) -> dict[str, Any]:
    return {
        "response_id": response.response_id,
        "survey": response.survey.key,
        # In the language of the page or answer that asks (display_name).
        "survey_name": response.survey.display_name,
        "touchpoint": response.touchpoint,
        "channel": response.channel,
        "nps": response.nps,
        "csat": response.csat,
        "ces": response.ces,
        "rating": response.rating,
        "comment": response.comment,
        "submitted_at": response.submitted_at,
    }


def response_timeline_for_customer(
    workspace: Workspace, customer_id: int, limit: int
) -> list[customer_hooks.TimelineEntry]:
    responses = (
        Response.objects.of(workspace)
        .filter(customer_id=customer_id)
        .select_related("survey")
        .order_by("-submitted_at", "-pk")[:limit]
    )
    return [
        customer_hooks.TimelineEntry(
            at=response.submitted_at,
            kind="response",
            title=response.survey.display_name,
            data=_feedback_entry(response),
        )
        for response in responses
    ]


def response_summary_for_customer(
    workspace: Workspace, customer_id: int
) -> dict[str, Any]:
    """The latest feedback and the NPS band of the latest NPS answer."""
    responses = Response.objects.of(workspace).filter(customer_id=customer_id)
    recent = responses.select_related("survey").order_by("-submitted_at", "-pk")
    latest_nps = (
        responses.filter(nps__isnull=False).order_by("-submitted_at", "-pk").first()
    )
    return {
        "recent": [_feedback_entry(r) for r in recent[:RECENT_FEEDBACK]],
        "count": responses.count(),
        "nps": latest_nps.nps if latest_nps else None,
        "nps_band": latest_nps.nps_band if latest_nps else None,
    }


@dataclass(frozen=True)
class Satisfaction:
    """Scored responses at one touchpoint, by band (see SCORE_BANDS)."""

    n: int
    positive: int
    negative: int

    @property
    def satisfied(self) -> float | None:
        """Share of scored answers in the positive band."""
        return self.positive / self.n if self.n else None


def satisfaction_by_touchpoint(
    *,
    workspace: Workspace,
    since: datetime,
    until: datetime,
    survey_keys: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Satisfaction]:
    """Scored responses per touchpoint key over a period, in one query.

    A response counts at the touchpoint it names (its own or its survey's);
    one that names none counts at the touchpoint its survey is attached to
    through `survey_keys` ({touchpoint key: [survey key, …]}).
    """
    attached = [
        When(touchpoint="", survey__key__in=list(keys), then=Value(touchpoint))
        for touchpoint, keys in (survey_keys or {}).items()
        if keys
    ]
    scored = Q(nps__isnull=False) | Q(csat__isnull=False) | Q(ces__isnull=False)
    rows = (
        Response.objects.of(workspace)
        .filter(scored | Q(rating__isnull=False))
        .filter(submitted_at__gte=since, submitted_at__lt=until)
        .order_by()
        .annotate(at=Case(*attached, default=F("touchpoint"), output_field=CharField()))
        .values("at")
        .annotate(
            n=Count("pk"),
            positive=Count("pk", filter=SCORE_BANDS["positive"]),
            negative=Count("pk", filter=SCORE_BANDS["negative"]),
        )
    )
    return {
        row["at"]: Satisfaction(
            n=row["n"], positive=row["positive"], negative=row["negative"]
        )
        for row in rows
        if row["at"]
    }


@dataclass(frozen=True)
class AnswerSummary:
    """A customer's latest answer of any survey, and their latest NPS."""

    last_at: datetime
    nps: int | None


def response_summary_by_customer(
    *, workspace: Workspace, customer_ids: Collection[int]
) -> dict[int, AnswerSummary]:
    """For each of these customers who answered: when last, and latest NPS."""
    answers = Response.objects.of(workspace).filter(customer_id__in=list(customer_ids))
    last = dict(
        answers.values("customer_id")
        .annotate(last=Max("submitted_at"))
        .values_list("customer_id", "last")
    )
    nps: dict[int, int] = {}
    for customer_id, score in (
        answers.filter(nps__isnull=False)
        .order_by("customer_id", "-submitted_at", "-pk")
        .values_list("customer_id", "nps")
    ):
        nps.setdefault(customer_id, score)
    return {
        customer_id: AnswerSummary(last_at=moment, nps=nps.get(customer_id))
        for customer_id, moment in last.items()
    }


# Recovery after cases (cases reads these; it sits below surveys) ---------

ID_CHUNK = 500


def follow_up_ces(
    *, workspace: Workspace, case_ids: Collection[int], since: datetime
) -> dict[int, int]:
    """The CES each case's follow-up survey got (the first answer per case).

    A follow-up response carries its case in `context["case_id"]` (from
    the invitation); answers before `since` cannot belong to these cases.
    """
    wanted = set(case_ids)
    found: dict[int, int] = {}
    rows = (
        Response.objects.of(workspace)
        .filter(
            survey__key=CASE_FOLLOW_UP_KEY, ces__isnull=False, submitted_at__gte=since
        )
        .order_by("submitted_at", "pk")
        .values_list("context", "ces")
    )
    for context, ces in rows:
        case_id = context.get("case_id") if isinstance(context, dict) else None
        if isinstance(case_id, int) and case_id in wanted:
            found.setdefault(case_id, ces)
    return found


def nps_answers(
    *, workspace: Workspace, customer_ids: Collection[int], since: datetime
) -> list[tuple[int, datetime, int]]:
    """(customer id, when, NPS) of these customers' NPS answers since `since`."""
    ids = sorted(set(customer_ids))
    answers: list[tuple[int, datetime, int]] = []
    for start in range(0, len(ids), ID_CHUNK):
        answers.extend(
            Response.objects.of(workspace)
            .filter(
                customer_id__in=ids[start : start + ID_CHUNK],
                nps__isnull=False,
                submitted_at__gte=since,
            )
            .order_by("submitted_at", "pk")
            .values_list("customer_id", "submitted_at", "nps")
        )
    answers.sort(key=lambda answer: answer[1])
    return answers


def respondents_at(
    *,
    workspace: Workspace,
    touchpoints: Collection[str],
    since: datetime,
    until: datetime,
) -> list[tuple[int, str, datetime]]:
    """(customer id, touchpoint, first answer) of the known customers who
    answered at these touchpoints in [since, until)."""
    first: dict[tuple[int, str], datetime] = {}
    rows = (
        Response.objects.of(workspace)
        .filter(
            touchpoint__in=list(touchpoints),
            customer__isnull=False,
            submitted_at__gte=since,
            submitted_at__lt=until,
        )
        .order_by("submitted_at", "pk")
        .values_list("customer_id", "touchpoint", "submitted_at")
    )
    for customer_id, touchpoint, at in rows:
        first.setdefault((customer_id, touchpoint), at)
    return [(customer, point, at) for (customer, point), at in first.items()]


# Metrics (insights reads these; it sits below surveys) -------------------

SCORED = (
    Q(nps__isnull=False)
    | Q(csat__isnull=False)
    | Q(ces__isnull=False)
    | Q(rating__isnull=False)
)
SCORE_ROW_FIELDS = (
    "pk",
    "survey_id",
    "touchpoint",
    "channel",
    "locale",
    "customer_id",
    "submitted_at",
    "nps",
    "csat",
    "ces",
    "rating",
    "orders",
    "order_total",
)


def response_score_rows(
    *,
    workspace: Workspace,
    since: datetime | None = None,
    until: datetime | None = None,
    pks: Collection[int] | None = None,
    pk_range: tuple[int, int] | None = None,
    attribute: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Scored responses (partial ones too) with what metrics group them by.

    `orders` and `order_total` are the customer's orders placed up to the
    answer (cancelled ones left out): 0 and None without a customer.
    `attribute` adds the customer attribute of that name (as text, None when
    unset) under the key "attribute". Submitted in [since, until); `pks`
    and `pk_range` (first, last) narrow it to those responses.
    """
    rows = Response.objects.of(workspace).filter(SCORED).order_by()
    if since is not None:
        rows = rows.filter(submitted_at__gte=since)
    if until is not None:
        rows = rows.filter(submitted_at__lt=until)
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    if pk_range is not None:
        rows = rows.filter(pk__gte=pk_range[0], pk__lte=pk_range[1])
    # By the customer alone (a customer belongs to one workspace): with the
    # workspace too, SQLite reads the workspace's orders by date for every
    # answer instead of the customer's own (28 s instead of 1 s for a year
    # of the demo's answers).
    before = (
        Order.objects.filter(
            customer_id=OuterRef("customer_id"),
            placed_at__lte=OuterRef("submitted_at"),
        )
        .exclude(status=Order.Status.CANCELLED)
        .order_by()
        .values("customer_id")
    )
    known = Q(customer_id__isnull=False)
    rows = rows.annotate(
        orders=Case(
            When(
                known,
                then=Coalesce(Subquery(before.annotate(c=Count("pk")).values("c")), 0),
            ),
            default=Value(0),
        ),
        order_total=Case(
            When(known, then=Subquery(before.annotate(t=Sum("total")).values("t"))),
            default=None,
        ),
    )
    fields = list(SCORE_ROW_FIELDS)
    if attribute is not None:
        rows = rows.annotate(
            attribute=KeyTextTransform(attribute, "customer__attributes")
        )
        fields.append("attribute")
    found: Iterator[dict[str, Any]] = rows.values(*fields).iterator(chunk_size=5_000)
    return found


def response_pks(
    *,
    workspace: Workspace,
    customer_ids: Collection[int] | None = None,
    anonymous_ids: Collection[str] | None = None,
    response_ids: Collection[str] | None = None,
    submitted_since: datetime | None = None,
    scored: bool = False,
) -> QuerySet[Response, dict[str, Any]]:
    """The pks of the workspace's responses that match every given condition.

    A values query, so a caller may use it as a subquery or an INSERT's
    SELECT without reading the rows.
    """
    rows = Response.objects.of(workspace).order_by()
    if customer_ids is not None:
        rows = rows.filter(customer_id__in=list(customer_ids))
    if anonymous_ids is not None:
        rows = rows.filter(anonymous_id__in=list(anonymous_ids))
    if response_ids is not None:
        rows = rows.filter(response_id__in=list(response_ids))
    if submitted_since is not None:
        rows = rows.filter(submitted_at__gte=submitted_since)
    if scored:
        rows = rows.filter(SCORED)
    return rows.values("workspace_id", "pk")


class MeasuredQuestion(NamedTuple):
    survey: str  # the survey's key
    touchpoint: str  # the touchpoint the survey names ("" for none)
    key: str
    type: str
    choices: list[dict[str, Any]]


MEASURED_TYPES = (
    Question.Type.NPS,
    Question.Type.CSAT,
    Question.Type.CES,
    Question.Type.RATING,
    Question.Type.YES_NO,
    Question.Type.SINGLE_CHOICE,
)


def measured_questions(*, workspace: Workspace) -> list[MeasuredQuestion]:
    """Every active question a touchpoint can be measured by (a score, a
    yes/no or a single choice), in each survey's order."""
    rows = (
        Question.objects.filter(
            survey__workspace=workspace, is_active=True, type__in=MEASURED_TYPES
        )
        .order_by("survey__key", "position", "pk")
        .values_list("survey__key", "survey__touchpoint", "key", "type", "choices")
    )
    return [
        MeasuredQuestion(survey, touchpoint, key, kind, list(choices or []))
        for survey, touchpoint, key, kind, choices in rows
    ]


# Linking answers to what the customer did next (insights reads these) -----


def scored_answers(
    *,
    workspace: Workspace,
    since: datetime | None,
    before: datetime,
    touchpoint: str | None = None,
    survey: str | None = None,
    channel: str | None = None,
) -> QuerySet[Response]:
    """Answers with an NPS, CSAT, CES or star score given in [since, before),
    oldest first; those of unknown people included (`customer` is None).

    `touchpoint` "" selects the answers tied to no touchpoint.
    """
    answers = Response.objects.of(workspace).filter(SCORED, submitted_at__lt=before)
    if since is not None:
        answers = answers.filter(submitted_at__gte=since)
    if touchpoint is not None:
        answers = answers.filter(touchpoint=touchpoint)
    if survey:
        answers = answers.filter(survey__key=survey)
    if channel:
        answers = answers.filter(channel=channel)
    return answers.order_by("submitted_at", "pk")
