"""The demo's year of cases: each complaint's history is consistent and
answered in the customer's language."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.cases.business_hours import Schedule, business_minutes_between
from cxloop.cases.services import CaseImport
from cxloop.demodata import cases as demo_cases

OFFICE = Schedule.office("Europe/Tallinn", ("EE",))
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def complaint(
    key: str, submitted_at: datetime, language: str = "et"
) -> demo_cases.Complaint:
    return demo_cases.Complaint(
        response_id=1,
        response_key=key,
        submitted_at=submitted_at,
        customer_id=7,
        first_name="Mari",
        language=language,
        touchpoint="delivery",
        situation="delivery",
        severe=False,
        comment="Pakk jäi vihma kätte",
    )


def history(
    key: str, submitted_at: datetime, language: str = "et"
) -> CaseImport | None:
    return demo_cases.case_history(
        complaint(key, submitted_at, language),
        schedule=OFFICE,
        now=NOW,
        owner_id=3,
        agent_name="Mikko Virtanen",
        shop_name="Demo shop",
    )


def test_an_old_complaint_is_closed_after_a_reply_in_the_customers_language() -> None:
    case = history("demo-000001", NOW - timedelta(days=200), "lv")

    assert case is not None
    assert case.status == "closed"
    (reply,) = [entry for entry in case.entries if entry.kind == "reply"]
    assert reply.body.startswith("Labdien, Mari!")
    assert "Mikko Virtanen" in reply.body and "{" not in reply.body
    assert case.first_response_at == reply.at


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 365 * 24 * 60))
def test_every_history_happens_in_order_and_never_after_now(
    number: int, minutes_ago: int
) -> None:
    case = history(f"demo-{number:06d}", NOW - timedelta(minutes=minutes_ago))
    if case is None:
        return
    moments = [entry.at for entry in case.entries]
    assert moments == sorted(moments)
    assert all(case.opened_at <= moment <= NOW for moment in moments)
    if case.status in ("resolved", "closed"):
        assert case.first_response_at is not None and case.resolved_at is not None
        assert case.first_response_at <= case.resolved_at
    if case.status == "new":
        assert case.first_response_at is None
    if case.first_response_at is not None:
        assert (
            business_minutes_between(OFFICE, case.opened_at, case.first_response_at) > 0
        )


def test_the_prepared_answers_cover_every_situation_in_five_languages() -> None:
    answers = list(demo_cases.prepared_answers())
    assert {(situation, language) for situation, language, *_ in answers} == {
        (situation, language)
        for situation in ("delivery", "service")
        for language in ("et", "en", "lv", "lt", "fi")
    }
