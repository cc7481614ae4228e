"""Routes the website widget calls with a public key."""

from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import Field

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api import auth
from cxloop.api.schemas import ClientId, Key
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import offers

router = Router(tags=["widget"])


class EligibilityQuery(Schema):
    anonymous_id: ClientId | None = None
    session_id: ClientId | None = None
    email: str | None = Field(None, max_length=254)
    external_id: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=50)
    event: Key | None = Field(None, description="Type of the event that just happened.")
    survey: Key | None = Field(None, description="Ask for this survey explicitly.")
    lang: str | None = Field(None, max_length=8)


class EligibilityOut(Schema):
    survey: dict[str, Any] | None
    reasons: dict[str, str]


class PersonIn(Schema):
    anonymous_id: ClientId | None = None
    email: str | None = Field(None, max_length=254)
    external_id: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=50)


def _person(data: EligibilityQuery | PersonIn) -> offers.Person:
    ref = {
        name: value
        for name in ("external_id", "email", "phone")
        if (value := getattr(data, name))
    }
    return offers.Person(customer_ref=ref, anonymous_id=data.anonymous_id or "")


@router.get(
    "/surveys/eligible",
    auth=auth.public_key,
    response=EligibilityOut,
    summary="The survey to show this visitor now, if any, and why not the others",
)
def survey_eligible(
    request: TenantRequest, query: Query[EligibilityQuery]
) -> offers.Offer:
    person = _person(query)
    context = journey_selectors.event_latest_properties(
        workspace=request.workspace,
        type=query.event or "",
        anonymous_id=person.anonymous_id,
        customer_ref=person.customer_ref,
    )
    return offers.survey_offer(
        workspace=request.workspace,
        person=person,
        session_id=query.session_id or "",
        event=query.event or "",
        survey_key=query.survey or "",
        language=query.lang or "",
        context=context,
    )


@router.post(
    "/surveys/opt-out",
    auth=auth.public_key,
    response={204: None},
    summary="Never ask this person again",
)
def survey_opt_out(request: TenantRequest, payload: PersonIn) -> Status[None]:
    offers.survey_opt_out(workspace=request.workspace, person=_person(payload))
    return Status(204, None)
