"""The demo's answers to "How easy was it to get this resolved?" (CES 1–7).

About a third of the customers whose case was resolved answer the follow-up
the day after; a case that missed its targets is remembered as harder.
Deterministic, seeded by the case number.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from cxloop.surveys.services import ResponseInput

ANSWER_SHARE = 0.35


@dataclass(frozen=True)
class Resolved:
    case_id: int
    number: int
    resolved_at: datetime
    breached: bool
    email: str
    language: str


def follow_up_answers(
    resolved: list[Resolved], *, survey_key: str, now: datetime
) -> Iterator[ResponseInput]:
    for case in resolved:
        rng = random.Random(f"follow-up-{case.number}")  # noqa: S311 - demo data
        answered_at = case.resolved_at + timedelta(hours=rng.randint(20, 50))
        if not case.email or answered_at > now or rng.random() >= ANSWER_SHARE:
            continue
        centre = 4.2 if case.breached else 5.9
        score = min(7, max(1, round(rng.gauss(centre, 1.2))))
        yield ResponseInput(
            survey_key=survey_key,
            answers={"ces": score},
            channel="email",
            response_id=f"demo-follow-up-{case.number:05d}",
            locale=case.language,
            customer_ref={"email": case.email},
            context={"case_id": case.case_id, "case_number": case.number},
            submitted_at=answered_at,
        )
