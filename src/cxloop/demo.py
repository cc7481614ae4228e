"""The demo shop that `cxloop demo` loads.

Each issue adds its part of the shop as a step (customers and orders, surveys
and a year of responses, journeys, topics…). Every step is idempotent: it
looks up what it would create first, so a second `cxloop demo` adds nothing
twice. Steps must stay fast; heavy work (text analysis) is enqueued for the
worker instead of done here.
"""

import hmac
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, TextIO

import orjson
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cxloop.accounts import services as accounts
from cxloop.accounts.models import ApiKey, Membership, User, Workspace
from cxloop.delivery.models import WebhookEndpoint
from cxloop.demodata.story import TIMEZONE
from cxloop.surveys import imports
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys import services as surveys
from cxloop.surveys.templates import FEEDBACK_KEY, NAMES, TEMPLATES

if TYPE_CHECKING:
    from cxloop.demodata import cases as demo_cases
    from cxloop.demodata import followups
    from cxloop.surveys.services import ResponseInput

DEMO_SLUG = "demo-shop"
DEMO_PASSWORD = "cxloop-demo"  # noqa: S105 - printed to the person running the demo


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    email: str
    role: str


# An admin, an analyst, two agents and a viewer; Estonian, Latvian, Finnish,
# Lithuanian and English names, as a Baltic shop's team would be.
TEAM = [
    DemoPerson("Kadri", "Tamm", "kadri.tamm@demo-shop.example", Membership.Role.ADMIN),
    DemoPerson(
        "Līga", "Bērziņa", "liga.berzina@demo-shop.example", Membership.Role.ANALYST
    ),
    DemoPerson(
        "Mikko", "Virtanen", "mikko.virtanen@demo-shop.example", Membership.Role.AGENT
    ),
    DemoPerson(
        "Rūta",
        "Kazlauskienė",
        "ruta.kazlauskiene@demo-shop.example",
        Membership.Role.AGENT,
    ),
    DemoPerson(
        "Oliver", "Smith", "oliver.smith@demo-shop.example", Membership.Role.VIEWER
    ),
]
ADMIN_EMAIL = TEAM[0].email


@dataclass(frozen=True)
class DemoSize:
    """How much of the shop to make: the full demo, or a smaller one for tests.

    A smaller shop keeps every kind of event, order, response and property
    the full one has (the generators draw from the same distributions), only
    fewer of each.
    """

    responses: int = 30_000
    shoppers: int = 900
    orders: int = 1_000
    visits: int = 3_000


@dataclass
class DemoContext:
    workspace: Workspace
    team: dict[str, User] = field(default_factory=dict)
    size: DemoSize = field(default_factory=DemoSize)
    # Where `cxloop demo` serves its webhook receiver page; empty in tests.
    receiver_url: str = ""
    # The end of the demo's year: every step dates its data from this moment,
    # so the story (`demodata.story`) falls on the same days in every step.
    now: datetime = field(default_factory=timezone.now)

    @cached_property
    def responses(self) -> list["ResponseInput"]:
        """The year of feedback; the orders step reads it too (people order
        again after their answers), so it is made once."""
        from cxloop.demodata import responses as demo_responses

        return list(demo_responses.generate(count=self.size.responses, now=self.now))


DemoStep = Callable[[DemoContext], None]


def _demo_workspace() -> Workspace:
    existing = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing
    return accounts.workspace_create(
        slug=DEMO_SLUG,
        name="Demo shop",
        default_locale="et",
        timezone_name=TIMEZONE.key,
        phone_region="EE",
    )


def load_team(context: DemoContext) -> None:
    # One deliberately slow password hash shared by the whole team, rather
    # than one per person: it halves the demo's time to its first page.
    password_hash = make_password(DEMO_PASSWORD)
    for person in TEAM:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = accounts.user_create(
                email=person.email,
                password=None,
                first_name=person.first_name,
                last_name=person.last_name,
            )
            user.password = password_hash
            user.save(update_fields=["password"])
        if not Membership.objects.filter(
            user=user, workspace=context.workspace
        ).exists():
            accounts.membership_add(
                workspace=context.workspace, user=user, role=person.role
            )
        context.team[person.role] = context.team.get(person.role, user)


def load_surveys(context: DemoContext) -> None:
    """Every ready-made survey, active, keyed like `delivery-csat`."""
    surveys.survey_ensure_feedback(workspace=context.workspace)
    existing = set(
        survey_selectors.survey_list(workspace=context.workspace).values_list(
            "key", flat=True
        )
    )
    for template in TEMPLATES:
        key = template.replace("_", "-")
        if template != FEEDBACK_KEY and key not in existing:
            surveys.survey_create_from_template(
                workspace=context.workspace, template=template, key=key
            )
    _name_surveys(context.workspace)


def _name_surveys(workspace: Workspace) -> None:
    """Ready-made surveys of an older demo get their names in every language.

    Only a survey still called by its template's English name is touched.
    """
    for survey in survey_selectors.survey_list(workspace=workspace):
        spec = TEMPLATES.get(survey.template)
        names = NAMES.get(survey.template, {})
        if spec is None or survey.name != spec["name"]:
            continue
        texts = {code: dict(fields) for code, fields in survey.texts.items()}
        for code, name in names.items():
            texts.setdefault(code, {}).setdefault("name", name)
        if texts != survey.texts:
            surveys.survey_update(survey=survey, texts=texts)


def load_responses(context: DemoContext) -> None:
    """A year of feedback; ids are fixed, so a second run stores nothing."""
    if survey_selectors.response_list(workspace=context.workspace).exists():
        return
    imports.response_import(workspace=context.workspace, items=context.responses)


def shop_public_key() -> str:
    """The demo shop's public key, derived from this installation's secret.

    Public keys are meant to sit in every page of a shop, but cxloop stores
    only digests; deriving the demo's key lets `/demo/shop` embed it on every
    visit without keeping any key in clear.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"cxloop.demo.shop.public-key", "sha256"
    ).digest()
    number = int.from_bytes(digest, "big")
    symbols = []
    for _position in range(accounts.KEY_LENGTH):
        number, index = divmod(number, len(accounts.KEY_ALPHABET))
        symbols.append(accounts.KEY_ALPHABET[index])
    return "pk_" + "".join(symbols)


def load_shop(context: DemoContext) -> None:
    """The widget's key for /demo/shop, and a lenient policy for trying it out.

    A person trying the demo searches several times in a row and at any hour;
    the default policy (one survey per session, 14 quiet days, no surveys at
    night) would show them one card and then nothing.
    """
    accounts.apikey_register(
        workspace=context.workspace,
        token=shop_public_key(),
        kind=ApiKey.Kind.PUBLIC,
        name="Demo shop website",
    )
    surveys.contact_policy_update(
        workspace=context.workspace,
        quiet_days=0,
        per_session=5,
        per_quarter=100,
        quiet_hours_start=None,
        quiet_hours_end=None,
    )
    for survey in survey_selectors.survey_list(workspace=context.workspace):
        if not survey.is_builtin:
            surveys.survey_update(survey=survey, recontact_days=0)


# Who answers for which part of the journey, and their team.
OWNERS = {
    "site_search": (TEAM[1].email, "E-commerce"),
    "product_page": (TEAM[1].email, "E-commerce"),
    "cart": (TEAM[0].email, "E-commerce"),
    "checkout": (TEAM[0].email, "E-commerce"),
    "payment": (TEAM[0].email, "Finance"),
    "delivery": (TEAM[2].email, "Logistics"),
    "returns": (TEAM[2].email, "Logistics"),
    "support_contact": (TEAM[3].email, "Customer service"),
    "review": (TEAM[3].email, "Customer service"),
}


def load_journey(context: DemoContext) -> None:
    """The standard journey map, named in all five languages, with owners.

    A demo workspace made before names had languages gets them here.
    """
    from cxloop.journeys import selectors as journey_selectors
    from cxloop.journeys import services as journeys

    journeys.journey_translate_default(workspace=context.workspace)
    for touchpoint in journey_selectors.touchpoint_list(workspace=context.workspace):
        owner = OWNERS.get(touchpoint.key)
        if owner is not None and touchpoint.owner_id is None:
            journeys.touchpoint_update(
                touchpoint=touchpoint, owner=owner[0], team=owner[1]
            )


def _derived_secret(purpose: bytes) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), purpose, "sha256").hexdigest()
    return f"shpss_{digest[:32]}"


def load_orders(context: DemoContext) -> None:
    """A year of orders, delivered as signed Shopify webhooks and applied by the worker.

    The same path a real shop's orders take: verified, stored, then applied
    in the background (the dashboard fills in as the worker catches up).
    Besides the shop's regular shoppers, the people who answer the
    relationship NPS order again after their answers, as the story has it.
    """
    from itertools import chain

    from cxloop.demodata import responses as demo_responses
    from cxloop.demodata import shop
    from cxloop.integrations import selectors as integration_selectors
    from cxloop.integrations import services as integrations
    from cxloop.integrations.platforms.base import sign

    workspace = context.workspace
    if integration_selectors.connection_list_active(
        workspace_slug=workspace.slug, platform="shopify"
    ):
        return
    secret = _derived_secret(b"cxloop.demo.shopify")
    integrations.connection_create(
        workspace=workspace,
        platform="shopify",
        secret=secret,
        shop="demo-shop.myshopify.com",
    )
    rng = random.Random(99)  # noqa: S311 - demo data, not security
    people = shop.shoppers(rng, context.size.shoppers)
    payloads = chain(
        shop.orders(count=context.size.orders, people=people, now=context.now),
        shop.follow_up_orders(
            answers=context.responses,
            people=demo_responses.respondents(count=context.size.responses),
            now=context.now,
        ),
    )
    for payload in payloads:
        body = orjson.dumps(payload)
        integrations.delivery_receive(
            workspace_slug=workspace.slug,
            platform="shopify",
            headers={
                "X-Shopify-Hmac-Sha256": sign(body=body, secret=secret),
                "X-Shopify-Topic": "orders/create",
                "X-Shopify-Webhook-Id": f"demo-order-{payload['id']}",
            },
            body=body,
        )


def load_visits(context: DemoContext) -> None:
    """Browsing with drop-off at each step: visits, searches, carts, checkouts."""
    from cxloop.demodata import shop
    from cxloop.journeys import selectors as journey_selectors
    from cxloop.journeys import services as journeys

    workspace = context.workspace
    if journey_selectors.event_count(workspace=workspace) > context.size.visits:
        return
    rng = random.Random(99)  # noqa: S311 - the same shoppers as the orders
    people = shop.shoppers(rng, context.size.shoppers)
    batch: list[journeys.EventInput] = []
    for event in shop.visits(count=context.size.visits, people=people, now=context.now):
        batch.append(journeys.EventInput(**event))
        if len(batch) == journeys.MAX_BATCH:
            journeys.event_ingest(workspace=workspace, events=batch)
            batch = []
    if batch:
        journeys.event_ingest(workspace=workspace, events=batch)


# One complaint in CASE_SAMPLE becomes a demo case: about two a day, what a
# five-person team closes the loop on without the demo drowning in them.
CASE_SAMPLE = 6


def _complaints(workspace: Workspace) -> list["demo_cases.Complaint"]:
    from django.db.models import Q

    from cxloop.demodata import cases as demo_cases

    low = (
        Q(survey__key="relationship-nps", nps__lte=6)
        | Q(csat__lte=2)
        | Q(survey__key=FEEDBACK_KEY, rating__lte=2)
    )
    responses = (
        survey_selectors.response_list(workspace=workspace)
        .filter(low, customer__isnull=False, is_complete=True)
        .select_related("customer")
        .order_by("submitted_at", "pk")
    )
    complaints = []
    for response in responses.iterator(chunk_size=2000):
        if zlib.crc32(response.response_id.encode()) % CASE_SAMPLE:
            continue
        customer = response.customer
        assert customer is not None  # noqa: S101 - filtered above
        touchpoint = response.touchpoint or "support_contact"
        complaints.append(
            demo_cases.Complaint(
                response_id=response.pk,
                response_key=response.response_id,
                submitted_at=response.submitted_at,
                customer_id=customer.pk,
                first_name=customer.first_name,
                language=(response.locale or "et")[:2],
                touchpoint=touchpoint,
                situation="delivery" if touchpoint == "delivery" else "service",
                severe=(response.nps is not None and response.nps <= 2)
                or response.csat == 1,
                comment=response.comment,
                email=str(response.customer_ref.get("email", "")),
            )
        )
    return complaints


def load_cases(context: DemoContext) -> None:
    """Prepared answers in five languages and a year of cases from complaints.

    Cases are imported with their own times (replies, waits, resolutions in
    business hours), so the SLA and recovery figures have a year to show.
    """
    from cxloop.cases import selectors as case_selectors
    from cxloop.cases import services as cases
    from cxloop.cases import sla
    from cxloop.demodata import cases as demo_cases
    from cxloop.demodata import followups
    from cxloop.journeys import selectors as journey_selectors

    workspace = context.workspace
    existing = {
        (template.name, template.language)
        for template in case_selectors.reply_template_list(workspace=workspace)
    }
    for situation, language, name, subject, body in demo_cases.prepared_answers():
        if (name, language) not in existing:
            cases.reply_template_save(
                workspace=workspace,
                name=name,
                language=language,
                subject=subject,
                body=body,
                situation=situation,
            )
    if case_selectors.case_list(workspace=workspace).exists():
        return
    schedule = sla.schedule_of(
        case_selectors.calendar_get(workspace=workspace), workspace
    )
    owners = {
        touchpoint.key: touchpoint.owner
        for touchpoint in journey_selectors.touchpoint_list(workspace=workspace)
    }
    now = context.now
    resolved: list[followups.Resolved] = []
    for complaint in _complaints(workspace):
        owner = owners.get(complaint.touchpoint)
        history = demo_cases.case_history(
            complaint,
            schedule=schedule,
            now=now,
            owner_id=owner.pk if owner else None,
            agent_name=owner.get_full_name() if owner else workspace.name,
            shop_name=workspace.name,
        )
        if history is None:
            continue
        case = cases.case_import(workspace=workspace, data=history, now=now)
        if case.resolved_at is not None:
            resolved.append(
                followups.Resolved(
                    case_id=case.pk,
                    number=case.number,
                    resolved_at=case.resolved_at,
                    breached=case.is_breached,
                    email=complaint.email,
                    language=complaint.language,
                )
            )
    _load_follow_ups(workspace, resolved, now)


def _load_follow_ups(
    workspace: Workspace, resolved: list["followups.Resolved"], now: datetime
) -> None:
    """The follow-up CES answers of resolved cases, as the e-mails brought them."""
    from cxloop.demodata import followups

    survey = surveys.survey_ensure_case_follow_up(workspace=workspace)
    imports.response_import(
        workspace=workspace,
        items=followups.follow_up_answers(resolved, survey_key=survey.key, now=now),
    )


# The demo's teams: (name, lead's e-mail, members' e-mails).
TEAMS = [
    ("Logistics", TEAM[2].email, [TEAM[2].email]),
    ("Customer service", TEAM[3].email, [TEAM[3].email, TEAM[2].email]),
    ("E-commerce", TEAM[0].email, [TEAM[0].email, TEAM[1].email]),
    ("Finance", TEAM[0].email, [TEAM[0].email]),
]


def load_teams(context: DemoContext) -> None:
    """The teams that own the journey, each with a lead for escalations."""
    from cxloop.cases import selectors as case_selectors
    from cxloop.cases import services as cases

    workspace = context.workspace
    existing = set(
        case_selectors.team_list(workspace=workspace).values_list("name", flat=True)
    )
    users = {
        user.email: user.pk
        for user in User.objects.filter(email__in=[person.email for person in TEAM])
    }
    for name, lead, members in TEAMS:
        if name not in existing:
            cases.team_save(
                workspace=workspace,
                name=name,
                lead_id=users.get(lead),
                member_ids=[users[email] for email in members if email in users],
            )


RECEIVER_PATH = "/demo/receiver"
RECEIVER_EVENTS = ["case.opened", "case.updated", "case.closed"]


def receiver_endpoint() -> WebhookEndpoint | None:
    """The demo workspace's endpoint pointing at its own receiver page."""
    endpoint: WebhookEndpoint | None = (
        WebhookEndpoint.objects.filter(
            workspace__slug=DEMO_SLUG, url__endswith=RECEIVER_PATH
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return endpoint


def load_webhooks(context: DemoContext) -> None:
    """One endpoint, at the demo's own receiver page, for case events.

    Last of the steps, so the year of history it loads sends nothing; from
    then on a person can open a case and watch its signed event land.
    """
    from cxloop.delivery import services as delivery

    if not context.receiver_url:
        return
    endpoint = receiver_endpoint()
    if endpoint is None:
        delivery.endpoint_create(
            workspace=context.workspace,
            url=context.receiver_url,
            event_types=RECEIVER_EVENTS,
            description="The demo's own receiver page",
        )
    elif endpoint.url != context.receiver_url:
        delivery.endpoint_update(endpoint=endpoint, url=context.receiver_url)


STEPS: list[tuple[str, DemoStep]] = [
    ("team", load_team),
    ("surveys", load_surveys),
    ("shop", load_shop),
    ("journey", load_journey),
    ("teams", load_teams),
    ("orders", load_orders),
    ("visits", load_visits),
    ("responses", load_responses),
    ("cases", load_cases),
    ("webhooks", load_webhooks),
]


def load(
    out: TextIO,
    size: DemoSize | None = None,
    *,
    receiver_url: str = "",
    now: datetime | None = None,
) -> DemoContext:
    """Create or complete the demo workspace, one transaction per step.

    `now` is where the demo's year ends (the present unless a test pins it).
    """
    with transaction.atomic():
        context = DemoContext(
            workspace=_demo_workspace(),
            size=size or DemoSize(),
            receiver_url=receiver_url,
            now=now or timezone.now(),
        )
    for name, step in STEPS:
        out.write(f"  demo: {name}\n")
        with transaction.atomic():
            step(context)
    return context
