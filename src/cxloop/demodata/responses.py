"""A year of demo feedback for the demo shop, with realistic patterns.

Deterministic (seeded), so every `cxloop demo` builds the same shop. Patterns
a CX team would look for: delivery complaints peak before Christmas, about a
third of searches with few results end in "No, I didn't find it", effort is
worse on the phone than in chat, and each language has its own voice.
Some people keep meeting the same trouble (a courier area that is always
late, a support line that never answers), and it shows in their
relationship NPS too, so the key-driver analysis has something to find.
"""

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cxloop.demodata.comments import COMMENTS, FIRST_NAMES, LAST_NAMES, SEARCH_QUERIES
from cxloop.surveys.services import ResponseInput

LANGUAGES = {"et": 0.40, "lv": 0.20, "lt": 0.15, "fi": 0.15, "en": 0.10}
EMAIL_DOMAINS = {"et": "ee", "lv": "lv", "lt": "lt", "fi": "fi", "en": "co.uk"}
SURVEY_SHARE = {
    "delivery-csat": 0.30,
    "relationship-nps": 0.20,
    "search-found": 0.15,
    "feedback": 0.12,
    "support-ces": 0.10,
    "product-page-content": 0.08,
    "checkout-abandonment": 0.05,
}
TOPICS = {
    "delivery-csat": [
        "delivery_speed",
        "delivery_damage",
        "parcel_locker",
        "courier",
        "packaging",
    ],
    "relationship-nps": [
        "price",
        "product_quality",
        "delivery_speed",
        "app_website",
        "loyalty",
        "returns",
    ],
    "search-found": ["search", "stock"],
    "feedback": [
        "product_quality",
        "delivery_speed",
        "support_phone",
        "price",
        "packaging",
        "returns",
    ],
    "support-ces": ["support_phone", "support_chat", "returns"],
    "product-page-content": ["product_info", "product_quality"],
    "checkout-abandonment": ["checkout", "payment", "price"],
}
ABANDON_REASONS = {
    "shipping_cost": 0.30,
    "delivery_time": 0.15,
    "payment": 0.15,
    "price": 0.15,
    "just_browsing": 0.20,
    "other": 0.05,
}
FEEDBACK_CHANNELS = {"review": 0.5, "social": 0.15, "call": 0.15, "chat": 0.2}


# Share of people whose deliveries (support contacts) keep going wrong.
DELIVERY_TROUBLE, SUPPORT_TROUBLE = 0.25, 0.15


@dataclass(frozen=True)
class Person:
    language: str
    email: str
    delivery_trouble: bool = False
    support_trouble: bool = False


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    )


def person_name(rng: random.Random, number: int) -> tuple[str, str, str, str]:
    """A demo person's language, first and last name, and e-mail address."""
    language = _pick(rng, LANGUAGES)
    first = rng.choice(FIRST_NAMES[language])
    last = rng.choice(LAST_NAMES[language])
    local = f"{_ascii(first)}.{_ascii(last)}{number % 97 or ''}".replace(" ", "")
    return language, first, last, f"{local}@example.{EMAIL_DOMAINS[language]}"


def _people(rng: random.Random, count: int, luck: random.Random) -> list[Person]:
    people = []
    for number in range(count):
        language, _first, _last, email = person_name(rng, number)
        delivery, support = luck.random(), luck.random()
        people.append(
            Person(
                language, email, delivery < DELIVERY_TROUBLE, support < SUPPORT_TROUBLE
            )
        )
    return people


def _moment(rng: random.Random, now: datetime) -> datetime:
    # More shopping (and feedback) in November and December.
    while True:
        moment = now - timedelta(seconds=rng.uniform(0, 365 * 24 * 3600))
        if rng.random() < (1.0 if moment.month in (11, 12) else 0.62):
            return moment


def _is_rush(moment: datetime) -> bool:
    return (moment.month == 12 and moment.day <= 24) or (
        moment.month == 11 and moment.day >= 20
    )


def _scale_score(rng: random.Random, low: int, high: int, mood: float) -> int:
    """A score on low..high; mood in [-1, 1] shifts it down or up."""
    centre = low + (high - low) * (0.72 + 0.25 * mood)
    return max(low, min(high, round(rng.gauss(centre, (high - low) * 0.22))))


def _polarity(value: int, low: int, high: int) -> str:
    position = (value - low) / (high - low)
    if position < 0.45:
        return "negative"
    return "neutral" if position < 0.75 else "positive"


def _comment(rng: random.Random, language: str, topic: str, polarity: str) -> str:
    return rng.choice(COMMENTS[language][topic][polarity])


def _maybe_comment(
    rng: random.Random, language: str, topics: list[str], polarity: str, *, rush: bool
) -> str:
    share = 0.75 if polarity == "negative" else 0.45
    if rng.random() > share:
        return ""
    topic = (
        "delivery_speed"
        if rush and polarity == "negative" and rng.random() < 0.6
        else rng.choice(topics)
    )
    return _comment(rng, language, topic, polarity)


def _answers(
    rng: random.Random, survey: str, person: Person, moment: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    language = person.language
    rush = _is_rush(moment)
    mood = -0.55 if rush and survey in ("delivery-csat", "feedback") else 0.0
    if survey == "delivery-csat" and person.delivery_trouble:
        mood -= 1.0
    topics = TOPICS[survey]
    if survey == "relationship-nps":
        mood -= 0.9 * person.delivery_trouble + 0.5 * person.support_trouble
        score = _scale_score(rng, 0, 10, mood - 0.05)
        key = "improve" if score <= 6 else "reason"
        text = _maybe_comment(
            rng,
            language,
            topics,
            _polarity(score, 0, 10),
            # Late deliveries are what they remember.
            rush=rush or person.delivery_trouble,
        )
        return {"nps": score, **({key: text} if text else {})}, {}
    if survey in ("delivery-csat", "feedback"):
        score_key, text_key = (
            ("csat", "comment") if survey == "delivery-csat" else ("rating", "text")
        )
        score = _scale_score(rng, 1, 5, mood)
        text = _maybe_comment(rng, language, topics, _polarity(score, 1, 5), rush=rush)
        if survey == "feedback" and not text:
            text = _comment(rng, language, rng.choice(topics), _polarity(score, 1, 5))
        return {score_key: score, **({text_key: text} if text else {})}, {}
    if survey == "support-ces":
        by_phone = rng.random() < 0.5
        trouble = -0.8 if person.support_trouble else 0.0
        score = _scale_score(rng, 1, 7, trouble + (-0.35 if by_phone else 0.1))
        topic = "support_phone" if by_phone else "support_chat"
        text = _maybe_comment(
            rng, language, [topic, "returns"], _polarity(score, 1, 7), rush=False
        )
        return {"ces": score, **({"comment": text} if text else {})}, {
            "contact": "phone" if by_phone else "chat"
        }
    if survey == "search-found":
        query = rng.choice(SEARCH_QUERIES[language])
        results = rng.choice([0, 1, 2]) if rng.random() < 0.35 else rng.randint(3, 120)
        found = rng.random() > (0.62 if results < 3 else 0.13)
        context = {"query": query, "results": results}
        if found:
            return {"found": True}, context
        text = _maybe_comment(rng, language, topics, "negative", rush=False)
        return {"found": False, **({"looking_for": text} if text else {})}, context
    if survey == "product-page-content":
        answered = rng.random() > 0.22
        polarity = "positive" if answered else "negative"
        text = (
            ""
            if answered
            else _maybe_comment(rng, language, topics, polarity, rush=False)
        )
        return {"answered": answered, **({"missing": text} if text else {})}, {}
    reason = _pick(rng, ABANDON_REASONS)
    text = (
        _maybe_comment(rng, language, topics, "negative", rush=False)
        if rng.random() < 0.4
        else ""
    )
    return {"reason": reason, **({"comment": text} if text else {})}, {}


def _channel(rng: random.Random, survey: str) -> str:
    if survey == "feedback":
        return _pick(rng, FEEDBACK_CHANNELS)
    if survey in ("search-found", "product-page-content", "checkout-abandonment"):
        return "widget"
    return "email" if rng.random() < 0.8 else "link"


def generate(*, count: int, now: datetime, seed: int = 2026) -> Iterator[ResponseInput]:
    """`count` responses over the year before `now`, oldest ids first."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    luck = random.Random(seed + 1)  # noqa: S311 - apart, so names stay the same
    people = _people(rng, max(1, count // 4), luck)
    for number in range(count):
        survey = _pick(rng, SURVEY_SHARE)
        person = rng.choice(people)
        moment = _moment(rng, now)
        answers, context = _answers(rng, survey, person, moment)
        identified = (
            survey not in ("search-found", "product-page-content") or rng.random() < 0.4
        )
        yield ResponseInput(
            survey_key=survey,
            answers=answers,
            channel=_channel(rng, survey),
            response_id=f"demo-{number:06d}",
            locale=person.language,
            customer_ref={"email": person.email} if identified else {},
            anonymous_id="" if identified else f"anon-{rng.getrandbits(48):012x}",
            context=context,
            submitted_at=moment,
        )
