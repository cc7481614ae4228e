from typing import Annotated, Any, Literal

from ninja import Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api.schemas import Key
from cxloop.errors import InvalidInput
from cxloop.surveys import selectors, services
from cxloop.surveys.models import Survey
from cxloop.surveys.templates import TEMPLATES

router = Router(tags=["surveys"])

SurveyKey = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$"),
]
Language = Literal["en", "et", "lv", "fi", "lt"]
QuestionType = Literal[
    "nps", "csat", "ces", "rating", "yes_no", "single_choice", "multiple_choice", "text"
]
StatusName = Literal["draft", "active", "paused", "archived"]
Texts = dict[Language, dict[str, Annotated[str, StringConstraints(max_length=1000)]]]


class ChoiceSchema(Schema):
    key: SurveyKey
    texts: dict[Language, Annotated[str, StringConstraints(max_length=200)]]


class ConditionSchema(Schema):
    question: SurveyKey
    op: Literal["eq", "lte", "gte", "in"] = "eq"
    value: Any


class QuestionSchema(Schema):
    key: SurveyKey
    type: QuestionType
    texts: Texts
    required: bool = False
    choices: list[ChoiceSchema] = Field(default_factory=list, max_length=50)
    condition: ConditionSchema | None = None

    def to_spec(self) -> services.QuestionSpec:
        data = self.model_dump()
        return services.QuestionSpec(**data)


EMAIL_INVITATIONS = (
    "E-mail an invitation after each `trigger_event` naming a customer's e-mail, "
    "`email_delay_minutes` later, through the contact-pressure governor."
)
EmailDelay = Annotated[int, Field(ge=0, le=30 * 24 * 60)]


class SurveyOut(Schema):
    key: str
    link_key: str
    name: str
    status: str
    default_language: str
    touchpoint: str
    trigger_event: str
    email_invitations: bool
    email_delay_minutes: int
    template: str
    texts: dict[str, dict[str, str]]
    questions: list[QuestionSchema]

    @staticmethod
    def resolve_questions(survey: Survey) -> list[dict[str, Any]]:
        return [
            {
                "key": question.key,
                "type": question.type,
                "texts": question.texts,
                "required": question.required,
                "choices": question.choices,
                "condition": question.condition,
            }
            for question in selectors.question_list(survey=survey)
        ]


class SurveyIn(Schema):
    key: SurveyKey
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    template: Literal[tuple(TEMPLATES)] | None = Field(  # type: ignore[valid-type]
        None,
        description="Start from a ready-made survey; questions may then be omitted.",
    )
    status: StatusName = "draft"
    default_language: Language | None = None
    touchpoint: Key | None = None
    trigger_event: Key | None = None
    email_invitations: bool | None = Field(None, description=EMAIL_INVITATIONS)
    email_delay_minutes: EmailDelay | None = None
    texts: Texts | None = None
    questions: list[QuestionSchema] | None = Field(None, max_length=100)


class SurveyPatch(Schema):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    status: StatusName | None = None
    default_language: Language | None = None
    touchpoint: Key | None = None
    trigger_event: Key | None = None
    email_invitations: bool | None = Field(None, description=EMAIL_INVITATIONS)
    email_delay_minutes: EmailDelay | None = None
    texts: Texts | None = None
    questions: list[QuestionSchema] | None = Field(None, max_length=100)


class SurveyPage(Schema):
    items: list[SurveyOut]
    next_cursor: str | None = None


@router.get("/surveys", response=SurveyPage, summary="List surveys")
def survey_list(request: TenantRequest) -> dict[str, Any]:
    return {
        "items": list(selectors.survey_list(workspace=request.workspace)),
        "next_cursor": None,
    }


@router.get("/surveys/{key}", response=SurveyOut, summary="One survey")
def survey_get(request: TenantRequest, key: str) -> Survey:
    return selectors.survey_get(workspace=request.workspace, key=key)


@router.post("/surveys", response={201: SurveyOut}, summary="Create a survey")
def survey_create(request: TenantRequest, payload: SurveyIn) -> Any:
    if payload.template and payload.questions is None:
        survey = services.survey_create_from_template(
            workspace=request.workspace,
            template=payload.template,
            key=payload.key,
            status=payload.status,
        )
        changes = payload.model_dump(
            include={
                "name",
                "default_language",
                "touchpoint",
                "trigger_event",
                "email_invitations",
                "email_delay_minutes",
                "texts",
            },
            exclude_none=True,
        )
        if changes:
            survey = services.survey_update(survey=survey, **changes)
        return Status(201, survey)
    if not payload.questions or not payload.name:
        raise InvalidInput(
            "A survey needs a name and questions, or a template.", field="questions"
        )
    survey = services.survey_create(
        workspace=request.workspace,
        key=payload.key,
        name=payload.name,
        questions=[question.to_spec() for question in payload.questions],
        status=payload.status,
        default_language=payload.default_language or "",
        touchpoint=payload.touchpoint or "",
        texts={str(lang): text for lang, text in (payload.texts or {}).items()},
        trigger_event=payload.trigger_event or "",
        template=payload.template or "",
        email_invitations=bool(payload.email_invitations),
        email_delay_minutes=(
            payload.email_delay_minutes
            if payload.email_delay_minutes is not None
            else services.DEFAULT_EMAIL_DELAY_MINUTES
        ),
    )
    return Status(201, survey)


@router.patch("/surveys/{key}", response=SurveyOut, summary="Change a survey")
def survey_patch(request: TenantRequest, key: str, payload: SurveyPatch) -> Survey:
    survey = selectors.survey_get(workspace=request.workspace, key=key)
    changes = payload.model_dump(exclude_none=True, exclude={"questions"})
    questions = (
        [question.to_spec() for question in payload.questions]
        if payload.questions is not None
        else None
    )
    return services.survey_update(survey=survey, questions=questions, **changes)
