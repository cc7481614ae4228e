"""The weekly digest: Monday 08:00 local, once per member, per role, escaped."""

import threading
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend
from pytest_django import DjangoCaptureOnCommitCallbacks as CaptureOnCommit
from pytest_django.fixtures import Settings

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.cases import services as case_services
from cxloop.cases.models import Case
from cxloop.delivery.models import Message
from cxloop.insights import digest
from cxloop.insights.models import DigestRun, DigestSend
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys import services as journey_services
from cxloop.rules.models import DigestItem, Rule
from cxloop.surveys import services as survey_services
from cxloop.surveys.models import Survey
from cxloop.worker import schedule
from tests import factories
from tests.insights.factories import answer
from tests.rules import factories as rule_factories

TALLINN = ZoneInfo("Europe/Tallinn")
# Week 43 of 2026 runs Monday 19 October to Sunday 25 October, when summer
# time ends at 04:00 (EEST, UTC+3 → EET, UTC+2). Its digest is due on
# Monday 26 October at 08:00 EET, which is 06:00 UTC, not 05:00.
WEEK_43 = datetime(2026, 10, 19, tzinfo=TALLINN)
SEND_43 = datetime(2026, 10, 26, 6, 0, tzinfo=UTC)
IN_WEEK_43 = datetime(2026, 10, 21, 12, 0, tzinfo=TALLINN)
WEEK_42 = IN_WEEK_43 - timedelta(weeks=1)


def scores_survey(workspace: Workspace) -> Survey:
    """Every score, and a comment (the factories' survey has none)."""
    questions = [
        survey_services.QuestionSpec(
            key=kind, type=kind, texts={"en": {"label": f"Your {kind}?"}}
        )
        for kind in ("nps", "csat", "ces", "rating")
    ]
    questions.append(
        survey_services.QuestionSpec(
            key="comment", type="text", texts={"en": {"label": "Tell us more"}}
        )
    )
    return survey_services.survey_create(
        workspace=workspace,
        key="scores",
        name="Scores",
        questions=questions,
        status=Survey.Status.ACTIVE,
        default_language="en",
    )


def _weekly(workspace: Workspace, now: datetime = SEND_43, label: str = "") -> int:
    return digest.digest_send(
        workspace=workspace, kind="weekly", label=label or "2026-W43", now=now
    )


def _due_now(workspace: Workspace) -> tuple[datetime, str]:
    """Now, or later today if last week's digest is not due yet: rules act
    only on answers of the last seven days, so rule tests use real time."""
    now = timezone.now()
    period = digest.period_due(workspace=workspace, kind="weekly", now=now)
    if period is None:  # a Monday before 08:00
        now += timedelta(hours=9)
        period = digest.period_due(workspace=workspace, kind="weekly", now=now)
    assert period is not None
    return now, period.label


def _hours(period: digest.Period) -> float:
    return (period.end.astimezone(UTC) - period.start.astimezone(UTC)) / timedelta(
        hours=1
    )


def _digests(kind: str = "digest.weekly") -> dict[str, dict[str, str]]:
    """Each recipient's digest e-mail: {address: {subject, text, html}}."""
    found: dict[str, dict[str, str]] = {}
    for message in Message.objects.filter(event_type=kind).order_by("pk"):
        for target in message.deliveries.values_list("target", flat=True):
            assert target not in found, f"{target} got two digests"
            found[target] = orjson.loads(message.body)
    return found


def _own(workspace: Workspace, user: User, *keys: str) -> None:
    for key in keys:
        journey_services.touchpoint_update(
            touchpoint=journey_selectors.touchpoint_get(workspace=workspace, key=key),
            owner=user.email,
        )


def _breach(workspace: Workspace, title: str, touchpoint: str) -> Case:
    """A case opened on Monday of week 43 that misses its first response."""
    case = case_services.case_open(
        workspace=workspace,
        title=title,
        source=Case.Source.MANUAL,
        touchpoint_key=touchpoint,
        now=WEEK_43 + timedelta(hours=10),
    )
    case_services.sla_check(now=WEEK_43 + timedelta(days=1, hours=10, minutes=5))
    case.refresh_from_db()
    assert case.first_response_breached_at is not None
    return case


@pytest.fixture
def capture(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> CaptureOnCommit:
    return django_capture_on_commit_callbacks


@pytest.fixture
def shop(workspace_a: Workspace, ada: User, ben: User) -> Workspace:
    """Shop A without its default rules; ben (an agent) owns Delivery."""
    Rule.objects.filter(workspace=workspace_a).delete()
    scores_survey(workspace_a)
    _own(workspace_a, ben, "delivery")
    return workspace_a


# When -------------------------------------------------------------------------


def test_the_sweep_is_registered_to_look_every_five_minutes() -> None:
    jobs = {job.name: job for job in schedule.registered()}

    assert jobs["insights.send_due_digests"].every == timedelta(minutes=5)


def test_the_digest_is_due_at_eight_tallinn_time_on_the_monday_after_summer_time_ends(
    shop: Workspace,
) -> None:
    def due(now: datetime) -> list[str]:
        return [
            period.label
            for workspace, period in digest.digests_due(now=now)
            if workspace == shop and period.kind == "weekly"
        ]

    # 07:00 EET would have been 08:00 in summer time: not yet.
    assert due(SEND_43 - timedelta(hours=1)) == []
    assert due(SEND_43 - timedelta(minutes=1)) == []
    assert due(SEND_43) == ["2026-W43"]
    period = digest.period_due(workspace=shop, kind="weekly", now=SEND_43)
    assert period is not None
    # The week is 169 hours long: it gained the hour summer time gave back.
    assert period.start == WEEK_43
    assert _hours(period) == 169


def test_the_digest_is_due_at_eight_tallinn_time_on_the_monday_after_summer_time_begins(
    shop: Workspace,
) -> None:
    # Summer time begins on Sunday 28 March 2027; Monday 08:00 EEST = 05:00 UTC.
    send = datetime(2027, 3, 29, 5, 0, tzinfo=UTC)
    answer(shop, at=datetime(2027, 3, 28, 12, 0, tzinfo=TALLINN), csat=4)

    before = digest.period_due(
        workspace=shop, kind="weekly", now=send - timedelta(seconds=1)
    )
    period = digest.period_due(workspace=shop, kind="weekly", now=send)

    assert before is None
    assert period is not None and period.label == "2027-W12"
    assert _hours(period) == 167
    assert _weekly(shop, now=send, label="2027-W12") == 1  # ada, the admin


def test_each_member_gets_the_week_s_digest_once_however_often_it_is_sent(
    shop: Workspace, ada: User, ben: User
) -> None:
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=2)

    sent = [_weekly(shop), _weekly(shop), _weekly(shop, now=SEND_43 + timedelta(1))]

    assert sent == [2, 0, 0]
    assert sorted(_digests()) == [ada.email, ben.email]
    due = digest.digests_due(now=SEND_43)
    assert [p for w, p in due if w == shop and p.kind == "weekly"] == []
    assert DigestRun.objects.filter(workspace=shop, period="2026-W43").count() == 1


def test_a_retried_task_of_last_week_sends_nothing_this_week(shop: Workspace) -> None:
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=2)

    assert _weekly(shop, now=SEND_43 + timedelta(weeks=1)) == 0
    assert not DigestSend.objects.exists()
    # Week 44 had no answers after a week that had some: worth telling.
    assert _weekly(shop, now=SEND_43 + timedelta(weeks=1), label="2026-W44") == 2


def test_the_periodic_sweep_hands_each_due_workspace_to_a_task(
    shop: Workspace, workspace_b: Workspace, settings: Settings
) -> None:
    # Shop B keeps Istanbul time, an hour ahead: its 08:00 came at 05:00 UTC.
    workspace_b.timezone = "Europe/Istanbul"
    workspace_b.save(update_fields=["timezone"])
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)

    digest.digests_send_due(now=datetime(2026, 10, 26, 5, 30, tzinfo=UTC))

    enqueued = [
        result.kwargs
        for result in backend.results
        if result.task.name == "digest_send" and result.kwargs["kind"] == "weekly"
    ]
    # 07:30 in Tallinn: shop A waits half an hour more.
    assert enqueued == [
        {"workspace_id": workspace_b.pk, "kind": "weekly", "label": "2026-W43"}
    ]


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_at_once_send_each_member_one_digest(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    Rule.objects.filter(workspace=workspace_a).delete()
    scores_survey(workspace_a)
    _own(workspace_a, ben, "delivery")
    answer(workspace_a, at=IN_WEEK_43, touchpoint="delivery", csat=2)
    start = threading.Barrier(2)
    counts: list[int] = []

    def worker() -> None:
        try:
            start.wait()
            counts.append(_weekly(Workspace.objects.get(pk=workspace_a.pk)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 2  # ada and ben, once each, whoever sent them
    assert sorted(_digests()) == [ada.email, ben.email]
    assert DigestSend.objects.filter(workspace=workspace_a).count() == 2


# Who gets what -----------------------------------------------------------------


def test_a_touchpoint_owner_gets_only_their_touchpoints_and_a_manager_the_whole_shop(
    shop: Workspace, ada: User, ben: User
) -> None:
    viewer = factories.member(shop, "vic@shop-a.example", Membership.Role.VIEWER)
    analyst = factories.member(shop, "ann@shop-a.example", Membership.Role.ANALYST)
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=1, comment="Parcel soaked")
    answer(shop, at=IN_WEEK_43, touchpoint="site_search", csat=2, comment="No socks")
    _breach(shop, "Courier lost parcel", "delivery")
    _breach(shop, "Search shows nothing", "site_search")

    _weekly(shop)

    digests = _digests()
    assert sorted(digests) == sorted([ada.email, analyst.email, ben.email])
    assert viewer.email not in digests  # owns nothing, no rule queued anything
    whole, own = digests[ada.email]["text"], digests[ben.email]["text"]
    for text in ("Parcel soaked", "No socks", "Courier lost parcel", "Search shows"):
        assert text in whole
    assert "Parcel soaked" in own and "Courier lost parcel" in own
    assert "No socks" not in own and "Search shows nothing" not in own
    assert "Delivery" in own  # names the touchpoints it is about
    assert digests[analyst.email]["text"].count("No socks") == 1


def test_an_agent_who_owns_nothing_gets_only_what_a_rule_queued_for_them(
    shop: Workspace, ada: User, ben: User, capture: CaptureOnCommit
) -> None:
    _own(shop, ada, "delivery")  # ben owns nothing now
    rule_factories.rule(
        shop,
        name="Angry about delivery → Ben's week",
        conditions=[{"field": "csat", "op": "lte", "value": 2}],
        actions=[{"type": "digest", "digest": "weekly", "users": [ben.pk]}],
    )
    recently = timezone.now() - timedelta(minutes=5)
    with capture(execute=True):  # the rule is evaluated after the commit
        answer(shop, at=recently, touchpoint="delivery", csat=1, comment="Soaked box")
        answer(shop, at=recently, touchpoint="delivery", csat=5, comment="Lovely")
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=5, comment="Old news")
    now, label = _due_now(shop)

    _weekly(shop, now=now, label=label)

    own = _digests()[ben.email]
    assert own["subject"] == "Shop A: 1 signal from your rules"
    assert "Angry about delivery → Ben&#x27;s week" in own["html"]
    assert "Soaked box" in own["text"]
    assert "Lovely" not in own["text"]  # not the shop's comments
    assert "Scores" not in own["text"] and "SLA breaches" not in own["text"]


def test_rule_signals_go_out_once_and_are_marked_sent(
    shop: Workspace, ada: User, capture: CaptureOnCommit
) -> None:
    rule_factories.rule(
        shop,
        name="Every low CSAT",
        conditions=[{"field": "csat", "op": "lte", "value": 2}],
        actions=[{"type": "digest", "digest": "weekly", "users": [ada.pk]}],
    )
    recently = timezone.now() - timedelta(minutes=5)
    with capture(execute=True):
        answer(shop, at=recently, touchpoint="delivery", csat=1, comment="Late again")
    item = DigestItem.objects.get(workspace=shop)
    now, label = _due_now(shop)

    assert _weekly(shop, now=now, label=label) == 1
    next_week = digest.period_due(
        workspace=shop, kind="weekly", now=now + timedelta(weeks=1)
    )
    assert next_week is not None
    _weekly(shop, now=now + timedelta(weeks=1), label=next_week.label)

    item.refresh_from_db()
    assert item.sent_at == now
    messages = Message.objects.filter(event_type="digest.weekly").order_by("pk")
    assert "Every low CSAT" in messages[0].body
    assert all("Every low CSAT" not in message.body for message in messages[1:])


def test_an_item_queued_for_an_unowned_touchpoint_goes_to_its_owner_at_sending(
    shop: Workspace, ada: User, ben: User, capture: CaptureOnCommit
) -> None:
    rule_factories.rule(
        shop,
        name="Returns complaint",
        conditions=[{"field": "csat", "op": "lte", "value": 2}],
        actions=[{"type": "digest", "digest": "weekly", "touchpoint_owner": True}],
    )
    recently = timezone.now() - timedelta(minutes=5)
    with capture(execute=True):
        answer(shop, at=recently, touchpoint="returns", csat=1, comment="Refund?")
    _own(shop, ben, "returns")  # after the item was queued for nobody
    now, label = _due_now(shop)

    _weekly(shop, now=now, label=label)

    digests = _digests()
    assert "Returns complaint" in digests[ben.email]["text"]
    assert ada.email not in digests or "Returns complaint" not in str(digests)


# What it says ------------------------------------------------------------------


def test_a_significant_change_names_its_test_and_p_value(
    shop: Workspace, ada: User
) -> None:
    for minute in range(40):
        answer(
            shop, at=WEEK_42 + timedelta(minutes=minute), touchpoint="delivery", csat=5
        )
        answer(
            shop,
            at=IN_WEEK_43 + timedelta(minutes=minute),
            touchpoint="delivery",
            csat=2,
        )

    _weekly(shop)

    text = _digests()[ada.email]["text"].replace("\u00a0", " ")
    assert "CSAT 0 % (0 % … 9 %), 40 answers; −100 pp from 100 % the" in text
    assert "A significant change: two-proportion z-test, p < 0.001." in text
    assert "Delivery · CSAT: −100 pp (100 % → 0 %)" in text  # a mover


def test_comments_are_escaped_in_html_and_stay_plain_on_one_line_in_text(
    shop: Workspace, ada: User
) -> None:
    comment = '<script>alert("x")</script> & <b>late</b>\n\nUnsubscribe: http://evil'
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=1, comment=comment)
    _breach(shop, "<img src=x onerror=alert(1)>", "delivery")

    _weekly(shop)

    own = _digests()[ada.email]
    assert "<script>" not in own["html"] and "<img src=x" not in own["html"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in own["html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in own["html"]
    text = own["text"]
    assert (
        '“<script>alert("x")</script> & <b>late</b> Unsubscribe: http://evil”' in text
    )
    assert "\nUnsubscribe: http://evil" not in text
    assert "&lt;" not in text and "&amp;" not in text


def test_each_member_reads_the_digest_in_their_own_language(
    shop: Workspace, ada: User, ben: User
) -> None:
    ada.language = "et"
    ada.save(update_fields=["language"])
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=2, comment="Hilja")

    _weekly(shop)

    digests = _digests()
    estonian, english = digests[ada.email], digests[ben.email]
    assert '<html lang="et">' in estonian["html"]
    assert "Ava töölaud" in estonian["html"]
    assert "Open the dashboard" in english["html"]
    assert "Tarne" in estonian["text"] and "Delivery" in english["text"]
    assert estonian["subject"] != english["subject"]


def test_cleo_never_receives_ada_s_digest(
    shop: Workspace, ada: User, cleo: User, workspace_b: Workspace
) -> None:
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=2, comment="A's secret")
    scores_survey(workspace_b)
    answer(workspace_b, at=IN_WEEK_43, csat=5, comment="B is fine")

    _weekly(shop)
    _weekly(workspace_b)

    digests = _digests()
    assert "A's secret" in digests[ada.email]["text"]
    assert "A's secret" not in digests[cleo.email]["text"]
    assert "B is fine" not in digests[ada.email]["text"]
    assert DigestSend.objects.get(user=cleo).workspace == workspace_b


def test_the_e_mail_offers_the_dashboard_and_a_one_click_unsubscribe(
    shop: Workspace, ada: User, capture: CaptureOnCommit
) -> None:
    answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=2)

    with capture(execute=True):  # the outbox sends after the commit
        _weekly(shop)

    (sent,) = [m for m in mail.outbox if m.to == [ada.email]]
    link = sent.extra_headers["List-Unsubscribe"].strip("<>")
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.startswith("http://127.0.0.1:8000/digest/unsubscribe/")
    assert link in sent.body
    assert "/app/?workspace=shop-a" in sent.body
    html = sent.alternatives[0][0]
    assert f'href="{link}"' in html


def test_a_quiet_week_sends_nothing(shop: Workspace) -> None:
    assert _weekly(shop) == 0
    assert not DigestSend.objects.exists()


def test_the_daily_digest_carries_only_what_rules_queued_for_a_day(
    shop: Workspace, ada: User, ben: User, capture: CaptureOnCommit
) -> None:
    rule_factories.rule(
        shop,
        name="Detractor today",
        conditions=[{"field": "csat", "op": "lte", "value": 2}],
        actions=[{"type": "digest", "digest": "daily", "users": [ada.pk]}],
    )
    with capture(execute=True):
        answer(
            shop,
            at=timezone.now() - timedelta(minutes=5),
            touchpoint="delivery",
            csat=1,
            comment="Box <b>torn</b>",
        )
        answer(shop, at=IN_WEEK_43, touchpoint="delivery", csat=1, comment="Old")
    tomorrow = timezone.now().astimezone(TALLINN).date() + timedelta(days=1)
    now = datetime.combine(tomorrow, time(9), tzinfo=TALLINN)
    period = digest.period_due(workspace=shop, kind="daily", now=now)
    assert period is not None

    sent = [
        digest.digest_send(workspace=shop, kind="daily", label=period.label, now=now)
        for _ in range(2)
    ]

    assert sent == [1, 0]
    (daily,) = _digests("digest.daily").values()
    assert daily["subject"] == "Shop A: 1 signal from your rules"
    assert "Detractor today" in daily["text"]
    assert "Box &lt;b&gt;torn&lt;/b&gt;" in daily["html"]
    assert "Old" not in daily["text"] and "Scores" not in daily["text"]
    assert "Unsubscribe from the daily digest" in daily["text"]
    assert not DigestItem.objects.filter(sent_at__isnull=True).exists()
