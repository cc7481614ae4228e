"""The contact-pressure governor never asks anyone more often than allowed."""

from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.surveys.governor import (
    QUARTER,
    Candidate,
    Contact,
    Policy,
    decide,
    in_quiet_hours,
)

START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # 14:00 in Tallinn
SURVEYS = [
    Candidate("nps", priority=90, recontact_days=90),
    Candidate("search", priority=50, recontact_days=7),
    Candidate("delivery", priority=70, recontact_days=30, sample_rate=0.5),
]


def simulate(policy: Policy, steps: list[tuple[int, int, int]]) -> list[Contact]:
    """Walk forward in time; ask whenever the governor says so."""
    history: list[Contact] = []
    now = START
    for minutes_later, session, how_many in steps:
        now += timedelta(minutes=minutes_later)
        decision = decide(
            policy=policy,
            candidates=SURVEYS[:how_many],
            history=history,
            now=now,
            person_key="anon-42",
            session_id=f"s{session}",
        )
        if decision.survey_key is not None:
            history.append(Contact(decision.survey_key, now, f"s{session}"))
    return history


policies = st.builds(
    Policy,
    quiet_days=st.integers(0, 30),
    per_session=st.integers(1, 3),
    per_quarter=st.integers(1, 6),
    quiet_hours_start=st.sampled_from([None, time(21), time(22)]),
    quiet_hours_end=st.sampled_from([None, time(8), time(7)]),
)
steps = st.lists(
    st.tuples(st.integers(1, 60 * 24 * 20), st.integers(0, 5), st.integers(1, 3)),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(policy=policies, walk=steps)
def test_nobody_is_asked_more_often_than_the_policy_allows(
    policy: Policy, walk: list[tuple[int, int, int]]
) -> None:
    history = simulate(policy, walk)
    for index, contact in enumerate(history):
        earlier = history[:index]
        window = [c for c in earlier if contact.at - c.at < QUARTER]
        assert len(window) < policy.per_quarter
        same_session = [c for c in earlier if c.session_id == contact.session_id]
        assert len(same_session) < policy.per_session
        if earlier:
            assert contact.at - earlier[-1].at >= timedelta(days=policy.quiet_days)
        survey = next(s for s in SURVEYS if s.survey_key == contact.survey_key)
        again = [c for c in earlier if c.survey_key == contact.survey_key]
        if again:
            assert contact.at - again[-1].at >= timedelta(days=survey.recontact_days)
        assert not in_quiet_hours(policy, contact.at)


def test_the_highest_priority_eligible_survey_wins_and_the_rest_say_why() -> None:
    history = [Contact("nps", START - timedelta(days=40))]
    decision = decide(
        policy=Policy(), candidates=SURVEYS, history=history, now=START, person_key="p1"
    )
    assert decision.reasons["nps"] == "recontact_period"
    assert decision.survey_key in {"delivery", "search"}
    others = {key for key in decision.reasons if key != "nps"}
    assert all(
        decision.reasons[key] in {"lower_priority", "not_sampled"} for key in others
    )


def test_opt_out_and_quiet_hours_block_every_survey() -> None:
    opted = decide(
        policy=Policy(),
        candidates=SURVEYS,
        history=[],
        now=START,
        person_key="p",
        opted_out=True,
    )
    assert opted.survey_key is None
    assert set(opted.reasons.values()) == {"opted_out"}
    late = datetime(2026, 1, 5, 21, 30, tzinfo=UTC)  # 23:30 in Tallinn
    night = decide(
        policy=Policy(), candidates=SURVEYS, history=[], now=late, person_key="p"
    )
    assert night.survey_key is None
    assert set(night.reasons.values()) == {"quiet_hours"}


def test_sampling_is_stable_for_a_person_and_near_the_rate_overall() -> None:
    half = [Candidate("delivery", sample_rate=0.5)]
    shown = [
        decide(
            policy=Policy(), candidates=half, history=[], now=START, person_key=f"p{n}"
        ).survey_key
        for n in range(2000)
    ]
    assert 900 < shown.count("delivery") < 1100
    again = decide(
        policy=Policy(), candidates=half, history=[], now=START, person_key="p7"
    )
    assert again.survey_key == shown[7]
