"""A year of cases for the demo shop, from its own detractors and complaints.

Deterministic (seeded by each response's id), so every `cxloop demo` builds
the same history. What a CX team would recognise: most cases are answered
within a working morning, about one in eight misses its first-response
target (more of them before Christmas, when the couriers are late), some
wait for the customer, a few are reopened, and replies go out in the
customer's own language, started from the team's prepared answers.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from cxloop.cases.business_hours import Schedule, business_deadline
from cxloop.cases.services import CaseImport, ImportedEntry

# (situation, language) → (name, subject, body); placeholders as the reply
# composer fills them.
ANSWERS: dict[str, dict[str, tuple[str, str, str]]] = {
    "delivery": {
        "en": (
            "Late or damaged parcel",
            "Your order from {shop_name}",
            "Hello {first_name},\n\nthank you for telling us, and I am sorry your "
            "parcel did not arrive as it should. I have asked the courier to look "
            "into it and will write to you again within one working day.\n\n"
            "{agent_name}\n{shop_name}",
        ),
        "et": (
            "Hilinenud või kahjustatud pakk",
            "Teie tellimus poest {shop_name}",
            "Tere, {first_name}!\n\nAitäh, et andsite teada, ja vabandame, et pakk "
            "ei jõudnud teieni nii, nagu pidi. Palusin kulleril asja uurida ja "
            "kirjutan teile uuesti ühe tööpäeva jooksul.\n\n{agent_name}\n{shop_name}",
        ),
        "lv": (
            "Kavēts vai bojāts sūtījums",
            "Jūsu pasūtījums no {shop_name}",
            "Labdien, {first_name}!\n\nPaldies, ka informējāt, un atvainojamies, ka "
            "sūtījums nenonāca pie jums, kā vajadzēja. Esmu lūgusi kurjeru to "
            "pārbaudīt un atbildēšu jums vienas darba dienas laikā.\n\n"
            "{agent_name}\n{shop_name}",
        ),
        "lt": (
            "Vėluojanti ar sugadinta siunta",
            "Jūsų užsakymas iš {shop_name}",
            "Laba diena, {first_name},\n\ndėkojame, kad pranešėte, ir atsiprašome, "
            "kad siunta nepasiekė jūsų taip, kaip turėjo. Paprašiau kurjerio tai "
            "patikrinti ir parašysiu jums per vieną darbo dieną.\n\n"
            "{agent_name}\n{shop_name}",
        ),
        "fi": (
            "Myöhästynyt tai vaurioitunut paketti",
            "Tilauksesi kaupasta {shop_name}",
            "Hei {first_name},\n\nkiitos, että kerroit, ja pahoittelemme, ettei "
            "pakettisi tullut perille niin kuin piti. Pyysin kuljetusliikettä "
            "selvittämään asian ja palaan asiaan yhden arkipäivän kuluessa.\n\n"
            "{agent_name}\n{shop_name}",
        ),
    },
    "service": {
        "en": (
            "We heard you",
            "About your feedback to {shop_name}",
            "Hello {first_name},\n\nthank you for your honest feedback. I have read "
            "it carefully and would like to put things right: could you tell me a "
            "little more, or shall I call you?\n\n{agent_name}\n{shop_name}",
        ),
        "et": (
            "Kuulsime teid",
            "Teie tagasiside poele {shop_name}",
            "Tere, {first_name}!\n\nAitäh ausa tagasiside eest. Lugesin selle "
            "hoolega läbi ja tahaksin asja heastada: kas saaksite veidi "
            "täpsemalt kirjutada või võin teile helistada?\n\n{agent_name}\n"
            "{shop_name}",
        ),
        "lv": (
            "Mēs jūs dzirdējām",
            "Par jūsu atsauksmi {shop_name}",
            "Labdien, {first_name}!\n\nPaldies par godīgo atsauksmi. Es to "
            "uzmanīgi izlasīju un vēlos situāciju labot: vai varat pastāstīt "
            "sīkāk, vai varu jums piezvanīt?\n\n{agent_name}\n{shop_name}",
        ),
        "lt": (
            "Mes jus išgirdome",
            "Dėl jūsų atsiliepimo apie {shop_name}",
            "Laba diena, {first_name},\n\ndėkojame už nuoširdų atsiliepimą. "
            "Atidžiai jį perskaičiau ir norėčiau viską ištaisyti: gal galite "
            "parašyti plačiau, ar galiu jums paskambinti?\n\n{agent_name}\n"
            "{shop_name}",
        ),
        "fi": (
            "Kuulimme sinua",
            "Palautteestasi kaupalle {shop_name}",
            "Hei {first_name},\n\nkiitos rehellisestä palautteestasi. Luin sen "
            "huolella ja haluaisin korjata asian: voisitko kertoa hieman "
            "tarkemmin, vai saanko soittaa sinulle?\n\n{agent_name}\n{shop_name}",
        ),
    },
}

NOTES = [
    "Called the courier: the parcel was left at the wrong pick-up point.",
    "Refund of the delivery fee approved.",
    "Customer prefers a call after 17:00.",
    "Same address had two late deliveries last month; flagged to logistics.",
    "Replacement sent with express delivery.",
]
LANGUAGES = ("et", "en", "lv", "lt", "fi")


@dataclass(frozen=True)
class Complaint:
    """A demo response that a default rule would have turned into a case."""

    response_id: int
    response_key: str
    submitted_at: datetime
    customer_id: int
    first_name: str
    language: str
    touchpoint: str
    situation: str
    severe: bool
    comment: str


def _business_after(schedule: Schedule, start: datetime, minutes: float) -> datetime:
    return business_deadline(schedule, start, max(1, round(minutes)))


def _lateness(rng: random.Random, complaint: Complaint) -> float:
    """Business minutes to the first reply: mostly a morning, sometimes days."""
    rush = complaint.submitted_at.month == 12 and complaint.situation == "delivery"
    slow = rng.random() < (0.25 if rush else 0.1)
    return rng.lognormvariate(6.4 if slow else 4.6, 0.5)


def _reply(complaint: Complaint, agent: str, shop: str) -> str:
    _name, _subject, body = ANSWERS[complaint.situation][complaint.language]
    return (
        body.replace("{first_name}", complaint.first_name or "")
        .replace("{agent_name}", agent)
        .replace("{shop_name}", shop)
    )


def case_history(
    complaint: Complaint,
    *,
    schedule: Schedule,
    now: datetime,
    owner_id: int | None,
    agent_name: str,
    shop_name: str,
) -> CaseImport | None:
    """The case a complaint became, with what happened to it until `now`."""
    rng = random.Random(complaint.response_key)  # noqa: S311 - demo data
    opened = complaint.submitted_at + timedelta(minutes=rng.randint(1, 20))
    if opened >= now:
        return None
    answered = _business_after(schedule, opened, _lateness(rng, complaint))
    waits = rng.random() < 0.3
    # A customer asked for details answers in about two working days; one
    # in six never does, and the case is resolved without them a week on.
    silent = waits and rng.random() < 0.16
    customer_back = (
        _business_after(schedule, answered, rng.lognormvariate(7.0, 0.8))
        if waits and not silent
        else answered
    )
    resolved = (
        answered + timedelta(days=7)
        if silent
        else _business_after(schedule, customer_back, rng.lognormvariate(5.0, 0.7))
    )
    closed = resolved + timedelta(days=3)
    entries: list[ImportedEntry] = []
    status = "new"
    first_response_at = None
    if answered <= now:
        status, first_response_at = "open", answered
        entries.append(
            ImportedEntry(
                kind="reply",
                at=answered,
                author_id=owner_id,
                body=_reply(complaint, agent_name, shop_name),
                data={"language": complaint.language},
            )
        )
        if rng.random() < 0.35:
            note_at = answered + timedelta(minutes=rng.randint(5, 90))
            if note_at <= now:
                entries.append(
                    ImportedEntry(
                        kind="note",
                        at=note_at,
                        author_id=owner_id,
                        body=rng.choice(NOTES),
                    )
                )
        if waits:
            status = "pending"
            entries.append(_status(answered, "open", "pending", owner_id))
            if not silent and customer_back <= now:
                status = "open"
                entries.append(_status(customer_back, "pending", "open", None))
    resolved_at = closed_at = None
    if first_response_at is not None and resolved <= now:
        status, resolved_at = "resolved", resolved
        entries.append(_status(resolved, status, "resolved", owner_id))
        if closed <= now:
            status, closed_at = "closed", closed
            entries.append(_status(closed, "resolved", "closed", None))
    entries.sort(key=lambda entry: entry.at)
    return CaseImport(
        title=_title(complaint),
        opened_at=opened,
        status=status,
        source="response",
        priority="high" if complaint.severe else "normal",
        customer_id=complaint.customer_id,
        touchpoint_key=complaint.touchpoint,
        response_id=complaint.response_id,
        owner_id=owner_id,
        language=complaint.language,
        description=complaint.comment,
        first_response_at=first_response_at,
        resolved_at=resolved_at,
        closed_at=closed_at,
        entries=entries,
    )


def _status(at: datetime, old: str, new: str, author_id: int | None) -> ImportedEntry:
    return ImportedEntry(
        kind="status", at=at, author_id=author_id, data={"from": old, "to": new}
    )


def _title(complaint: Complaint) -> str:
    text = " ".join(complaint.comment.split())
    if text:
        return text if len(text) <= 80 else f"{text[:79].rstrip()}…"
    if complaint.situation == "delivery":
        return "Unhappy with the delivery"
    return "Detractor without a comment"


def prepared_answers() -> Iterator[tuple[str, str, str, str, str]]:
    """(situation, language, name, subject, body) of the demo's prepared answers."""
    for situation, by_language in ANSWERS.items():
        for language in LANGUAGES:
            name, subject, body = by_language[language]
            yield situation, language, name, subject, body
