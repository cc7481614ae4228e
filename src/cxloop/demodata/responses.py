"""A year of demo feedback for the demo shop, with realistic patterns.

Deterministic (seeded), so every `cxloop demo` builds the same shop. Patterns
a CX team would look for: delivery complaints peak before Christmas, about a
third of searches with few results end in "No, I didn't find it", effort is
worse on the phone than in chat, and each language has its own voice.
Some people keep meeting the same trouble (a courier area that is always
late, a support line that never answers, a search that never finds what
they want), and it shows in their relationship NPS too, so the key-driver
analysis has something to find. On top of these, `demodata.story` tells the
year's story: a December delivery problem, its fix in January, and a small
search irritant with a large effect.
"""

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cxloop.demodata import story
from cxloop.demodata.comments import COMMENTS, FIRST_NAMES, LAST_NAMES, SEARCH_QUERIES
from cxloop.demodata.story import Story
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
# The negative `search` comments that complain about the search rather than
# name what was sought (the lists are in the same order in every language):
# what a customer the search keeps failing writes when asked what to improve.
SEARCH_COMPLAINTS = (0, 2, 5, 6, 8, 9)
FEW_RESULTS = 0.35  # share of searches with fewer than three results


@dataclass(frozen=True)
class Person:
    language: str
    email: str
    delivery_trouble: bool = False
    support_trouble: bool = False
    search_trouble: bool = False
    first_name: str = ""
    last_name: str = ""


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


def _people(
    rng: random.Random, count: int, luck: random.Random, search: random.Random
) -> list[Person]:
    people = []
    for number in range(count):
        language, first, last, email = person_name(rng, number)
        delivery, support = luck.random(), luck.random()
        people.append(
            Person(
                language,
                email,
                delivery_trouble=delivery < DELIVERY_TROUBLE,
                support_trouble=support < SUPPORT_TROUBLE,
                search_trouble=search.random() < story.SEARCH_TROUBLE,
                first_name=first,
                last_name=last,
            )
        )
    return people


def _generators(seed: int) -> tuple[random.Random, random.Random, random.Random]:
    # Traits come from generators apart from the main one, so names stay the
    # same whichever traits are added.
    return (
        random.Random(seed),  # noqa: S311 - demo data, not security
        random.Random(seed + 1),  # noqa: S311
        random.Random(seed + 2),  # noqa: S311
    )


def respondents(*, count: int, seed: int = 2026) -> list[Person]:
    """The people who answer `generate(count=count, seed=seed)`'s surveys."""
    rng, luck, search = _generators(seed)
    return _people(rng, max(1, count // 4), luck, search)


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
    rng: random.Random,
    language: str,
    topics: list[str],
    polarity: str,
    *,
    about: tuple[str, ...] = (),
) -> str:
    """Perhaps a comment; a negative one is mostly `about` when given."""
    share = 0.75 if polarity == "negative" else 0.45
    if rng.random() > share:
        return ""
    topic = (
        rng.choice(about)
        if about and polarity == "negative" and rng.random() < 0.6
        else rng.choice(topics)
    )
    return _comment(rng, language, topic, polarity)


def _search_complaint(rng: random.Random, language: str) -> str:
    negative = COMMENTS[language]["search"]["negative"]
    return negative[rng.choice(SEARCH_COMPLAINTS)]


def _delivery_mood(timeline: Story, moment: datetime) -> float:
    """The year's delivery: rushed before Christmas, worse still during the
    December problem, and a little better once it was fixed."""
    mood = -0.55 if _is_rush(moment) else 0.0
    if timeline.delivery_problem(moment):
        mood += story.PROBLEM_DELIVERY_MOOD
    elif timeline.after_fix(moment):
        mood += story.FIXED_DELIVERY_MOOD
    return mood


# What a negative comment is mostly about: late parcels before Christmas,
# late parcels and couriers during the December problem.
RUSH_ABOUT = ("delivery_speed",)
PROBLEM_ABOUT = ("delivery_speed", "courier")


def _delivery_about(timeline: Story, moment: datetime) -> tuple[str, ...]:
    if timeline.delivery_problem(moment):
        return PROBLEM_ABOUT
    return RUSH_ABOUT if _is_rush(moment) else ()


def _relationship_nps(
    rng: random.Random, person: Person, moment: datetime, timeline: Story
) -> dict[str, Any]:
    mood = -0.9 * person.delivery_trouble - 0.5 * person.support_trouble
    problem = timeline.delivery_problem(moment)
    if problem:
        mood += story.PROBLEM_NPS_MOOD
    if person.search_trouble:
        mood += story.SEARCH_TROUBLE_NPS_MOOD
    score = _scale_score(rng, 0, 10, mood - 0.05)
    key = "improve" if score <= 6 else "reason"
    polarity = _polarity(score, 0, 10)
    if (
        person.search_trouble
        and polarity == "negative"
        and rng.random() < story.SEARCH_TROUBLE_SAYS_SO
    ):
        # As often as `_maybe_comment` comments on a negative answer.
        text = _search_complaint(rng, person.language) if rng.random() < 0.75 else ""
    else:
        # Late deliveries are what they remember.
        late = problem or _is_rush(moment) or person.delivery_trouble
        text = _maybe_comment(
            rng,
            person.language,
            TOPICS["relationship-nps"],
            polarity,
            about=RUSH_ABOUT if late else (),
        )
    return {"nps": score, **({key: text} if text else {})}


def _answers(
    rng: random.Random, survey: str, person: Person, moment: datetime, timeline: Story
) -> tuple[dict[str, Any], dict[str, Any]]:
    language = person.language
    topics = TOPICS[survey]
    if survey == "relationship-nps":
        return _relationship_nps(rng, person, moment, timeline), {}
    if survey in ("delivery-csat", "feedback"):
        mood = _delivery_mood(timeline, moment)
        if survey == "delivery-csat" and person.delivery_trouble:
            mood -= 1.0
        score_key, text_key = (
            ("csat", "comment") if survey == "delivery-csat" else ("rating", "text")
        )
        score = _scale_score(rng, 1, 5, mood)
        text = _maybe_comment(
            rng,
            language,
            topics,
            _polarity(score, 1, 5),
            about=_delivery_about(timeline, moment),
        )
        if survey == "feedback" and not text:
            text = _comment(rng, language, rng.choice(topics), _polarity(score, 1, 5))
        return {score_key: score, **({text_key: text} if text else {})}, {}
    if survey == "support-ces":
        by_phone = rng.random() < 0.5
        trouble = -0.8 if person.support_trouble else 0.0
        score = _scale_score(rng, 1, 7, trouble + (-0.35 if by_phone else 0.1))
        topic = "support_phone" if by_phone else "support_chat"
        text = _maybe_comment(rng, language, [topic, "returns"], _polarity(score, 1, 7))
        return {"ces": score, **({"comment": text} if text else {})}, {
            "contact": "phone" if by_phone else "chat"
        }
    if survey == "product-page-content":
        answered = rng.random() > 0.22
        polarity = "positive" if answered else "negative"
        text = "" if answered else _maybe_comment(rng, language, topics, polarity)
        return {"answered": answered, **({"missing": text} if text else {})}, {}
    reason = _pick(rng, ABANDON_REASONS)
    text = (
        _maybe_comment(rng, language, topics, "negative") if rng.random() < 0.4 else ""
    )
    return {"reason": reason, **({"comment": text} if text else {})}, {}


def _search_found(
    rng: random.Random, person: Person, troubled: list[Person]
) -> tuple[Person, dict[str, Any], dict[str, Any]]:
    """A site search and its answer, perhaps by someone else than `person`.

    A search that finds nothing was often made by one of the few people the
    search keeps failing (they look for model numbers, make typos), and
    they, unlike most, say what they were looking for.
    """
    results = (
        rng.choice([0, 1, 2]) if rng.random() < FEW_RESULTS else rng.randint(3, 120)
    )
    found = rng.random() > (0.62 if results < 3 else 0.13)
    if not found and troubled and rng.random() < story.SEARCH_TROUBLE_NOT_FOUND:
        person = rng.choice(troubled)
    language = person.language
    context = {"query": rng.choice(SEARCH_QUERIES[language]), "results": results}
    if found:
        return person, {"found": True}, context
    text = ""
    if person.search_trouble:
        text = _maybe_comment(
            rng, language, TOPICS["search-found"], "negative", about=("search",)
        )
    elif rng.random() < story.SEARCH_OTHERS_SAY:
        text = _maybe_comment(rng, language, TOPICS["search-found"], "negative")
    return person, {"found": False, **({"looking_for": text} if text else {})}, context


def _channel(rng: random.Random, survey: str) -> str:
    if survey == "feedback":
        return _pick(rng, FEEDBACK_CHANNELS)
    if survey in ("search-found", "product-page-content", "checkout-abandonment"):
        return "widget"
    return "email" if rng.random() < 0.8 else "link"


def generate(*, count: int, now: datetime, seed: int = 2026) -> Iterator[ResponseInput]:
    """`count` responses over the year before `now` (see `Story.start`)."""
    rng, luck, search = _generators(seed)
    people = _people(rng, max(1, count // 4), luck, search)
    troubled = [person for person in people if person.search_trouble]
    timeline = Story.of(now)
    for number in range(count):
        survey = _pick(rng, SURVEY_SHARE)
        person = rng.choice(people)
        moment = timeline.moment(rng)
        if survey == "search-found":
            person, answers, context = _search_found(rng, person, troubled)
        else:
            answers, context = _answers(rng, survey, person, moment, timeline)
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
