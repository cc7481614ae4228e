"""A year of the demo shop's orders and browsing, with realistic drop-off.

Orders are Shopify `orders/create` payloads, so they reach cxloop the way a
real shop's do: signed, received, stored and applied by the worker. Browsing
is journey events: visits that search, look at products, fill a cart and
check out, with fewer people at each step. The people who answer the
relationship NPS order again in the 90 days after, the more often and the
more the happier they were (`demodata.story`). Deterministic (seeded).
"""

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from cxloop.demodata import story
from cxloop.demodata.comments import SEARCH_QUERIES
from cxloop.demodata.responses import LANGUAGES, Person, _pick, person_name
from cxloop.demodata.story import Story
from cxloop.surveys.services import ResponseInput

COUNTRIES = {"et": "EE", "lv": "LV", "lt": "LT", "fi": "FI", "en": "GB"}
# [sku, name, category, price]
PRODUCTS = [
    ("SHOVEL-1", "Lumelabidas", "Garden", "24.90"),
    ("SOCKS-2", "Villased sokid", "Clothing", "12.50"),
    ("FLASK-1", "Termos 1 l", "Kitchen", "19.00"),
    ("SLED-1", "Puukelk", "Outdoor", "89.00"),
    ("WAX-3", "Suusamääre", "Outdoor", "14.90"),
    ("BOOTS-4", "Talvesaapad", "Clothing", "79.00"),
    ("GLOVES-2", "Villased kindad", "Clothing", "16.00"),
    ("CANDLE-1", "Mesilasvahaküünal", "Home", "7.50"),
    ("COFFEE-1", "Kohvioad 1 kg", "Kitchen", "18.90"),
    ("LAMP-2", "Laualamp", "Home", "39.00"),
]
COUPONS = ["TALV10", "SOBER5", "JOULUD15"]


@dataclass(frozen=True)
class Shopper:
    number: int
    language: str
    first_name: str
    last_name: str
    email: str
    phone: str
    accepts_marketing: bool

    @property
    def shopify_id(self) -> int:
        return 7_000_000_000 + self.number


def _phone(rng: random.Random, language: str) -> str:
    """A mobile number, written the way people type them (local and +prefix)."""
    digits = "".join(str(rng.randint(0, 9)) for _ in range(7))
    local = {"et": "5", "lv": "2", "lt": "86", "fi": "040", "en": "07700"}[language]
    number = f"{local}{digits}"[
        : {"et": 8, "lv": 8, "lt": 9, "fi": 10, "en": 11}[language]
    ]
    prefix = {"et": "+372", "lv": "+371", "lt": "+370", "fi": "+358", "en": "+44"}[
        language
    ]
    style = rng.random()
    if language == "et" and style < 0.4:
        return f"{number[:4]} {number[4:]}"  # "5123 4567", as Estonians write it
    national = number.lstrip("0") if language in ("fi", "en") else number
    if language == "lt":
        national = number[1:]  # 8 6… is the trunk prefix in Lithuania
    return f"{prefix} {national}" if style < 0.8 else f"00{prefix[1:]}{national}"


def shoppers(rng: random.Random, count: int) -> list[Shopper]:
    people = []
    for number in range(count):
        language, first, last, email = person_name(rng, number)
        people.append(
            Shopper(
                number=number,
                language=language,
                first_name=first,
                last_name=last,
                email=email,
                phone=_phone(rng, language),
                accepts_marketing=rng.random() < 0.55,
            )
        )
    return people


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _lines(
    rng: random.Random, order_id: int, products: tuple[int, int]
) -> tuple[list[dict[str, Any]], Decimal]:
    lines, subtotal = [], Decimal("0")
    for position, product in enumerate(rng.sample(PRODUCTS, rng.randint(*products))):
        sku, name, category, price = product
        quantity = rng.choice([1, 1, 1, 2, 3])
        subtotal += Decimal(price) * quantity
        lines.append(
            {
                "id": order_id * 10 + position,
                "sku": sku,
                "title": name,
                "name": name,
                "product_type": category,
                "quantity": quantity,
                "price": price,
                "total_discount": "0.00",
            }
        )
    return lines, subtotal


def _address(shopper: Shopper) -> dict[str, Any]:
    return {
        "first_name": shopper.first_name,
        "last_name": shopper.last_name,
        "phone": shopper.phone,
        "country_code": COUNTRIES[shopper.language],
    }


def shopify_order(
    rng: random.Random,
    number: int,
    shopper: Shopper,
    placed: datetime,
    now: datetime,
    products: tuple[int, int] = (1, 3),
) -> dict[str, Any]:
    """One `orders/create` body as Shopify sends it (the fields cxloop reads)."""
    order_id = 5_100_000_000 + number
    lines, subtotal = _lines(rng, order_id, products)
    coupon = rng.choice(COUPONS) if rng.random() < 0.2 else ""
    discount = (subtotal * Decimal("0.10")).quantize(Decimal("0.01")) if coupon else 0
    shipping = Decimal("3.99") if subtotal < 50 else Decimal("0")
    delivered = placed + timedelta(days=rng.choice([1, 2, 2, 3, 4, 6]))
    fulfillments = []
    if delivered < now:
        fulfillments = [
            {
                "id": order_id,
                "status": "success",
                "created_at": (placed + timedelta(hours=20)).isoformat(),
                "updated_at": delivered.isoformat(),
                "shipment_status": "delivered",
            }
        ]
    return {
        "id": order_id,
        "name": f"#{1000 + number}",
        "order_number": 1000 + number,
        "email": shopper.email,
        "phone": shopper.phone,
        "created_at": placed.isoformat(),
        "processed_at": placed.isoformat(),
        "updated_at": (delivered if delivered < now else placed).isoformat(),
        "currency": "EUR",
        "subtotal_price": _money(subtotal),
        "total_discounts": _money(Decimal(discount)),
        "total_price": _money(subtotal - Decimal(discount) + shipping),
        "financial_status": "paid",
        "fulfillment_status": "fulfilled" if fulfillments else None,
        "fulfillments": fulfillments,
        "discount_codes": [{"code": coupon, "amount": _money(Decimal(discount))}]
        if coupon
        else [],
        "customer_locale": shopper.language,
        "buyer_accepts_marketing": shopper.accepts_marketing,
        "source_name": "pos" if rng.random() < 0.1 else "web",
        "line_items": lines,
        "customer": {
            "id": shopper.shopify_id,
            "email": shopper.email,
            "phone": shopper.phone,
            "first_name": shopper.first_name,
            "last_name": shopper.last_name,
            "accepts_marketing": shopper.accepts_marketing,
            "default_address": _address(shopper),
        },
        "billing_address": _address(shopper),
        "shipping_address": _address(shopper),
    }


def orders(
    *, count: int, people: list[Shopper], now: datetime, seed: int = 4242
) -> Iterator[dict[str, Any]]:
    """`count` orders over the year; a third of the shoppers come back."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    timeline = Story.of(now)
    regulars = people[: len(people) // 3]
    for number in range(count):
        shopper = rng.choice(regulars if rng.random() < 0.5 else people)
        yield shopify_order(rng, number, shopper, timeline.moment(rng), now)


# Follow-up orders are numbered from here on, apart from the year's orders.
FOLLOW_UP_NUMBERS = 100_000
# How many products a follow-up order holds, per NPS band.
BASKETS = {"promoter": (2, 3), "passive": (1, 3), "detractor": (1, 2)}


def _respondent(person: Person, number: int) -> Shopper:
    """A survey respondent as the shop knows them (numbered apart)."""
    rng = random.Random(person.email)  # noqa: S311 - demo data, not security
    return Shopper(
        number=FOLLOW_UP_NUMBERS + number,
        language=person.language,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        phone=_phone(rng, person.language),
        accepts_marketing=rng.random() < 0.55,
    )


def follow_up_orders(
    *,
    answers: Iterable[ResponseInput],
    people: list[Person],
    now: datetime,
    seed: int = 4343,
) -> Iterator[dict[str, Any]]:
    """What the people who answered the relationship NPS bought in the 90
    days after: promoters come back more often and buy more, detractors
    seldom (`story.REORDER`). Orders that would fall after `now` are not
    placed yet."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    numbers = {person.email: number for number, person in enumerate(people)}
    number = FOLLOW_UP_NUMBERS
    window = timedelta(days=story.REORDER_DAYS).total_seconds()
    for answer in answers:
        email = str(answer.customer_ref.get("email", ""))
        if answer.survey_key != "relationship-nps" or email not in numbers:
            continue
        band = story.nps_band(int(answer.answers["nps"]))
        if rng.random() >= story.REORDER[band]:
            continue
        shopper = _respondent(people[numbers[email]], numbers[email])
        orders = 2 if rng.random() < story.SECOND_ORDER[band] else 1
        assert answer.submitted_at is not None  # noqa: S101 - the demo's own
        for _order in range(orders):
            placed = answer.submitted_at + timedelta(
                seconds=rng.uniform(3600, window - 3600)
            )
            payload = shopify_order(rng, number, shopper, placed, now, BASKETS[band])
            number += 1
            if placed < now:
                yield payload


# The steps of a visit, with the share of visitors who go on to the next one.
FUNNEL = [
    ("page_view", "site_visit", 1.0),
    ("search", "site_search", 0.55),
    ("product_viewed", "product_page", 0.7),
    ("cart_added", "cart", 0.38),
    ("checkout_started", "checkout", 0.62),
]


def visits(
    *, count: int, people: list[Shopper], now: datetime, seed: int = 777
) -> Iterator[dict[str, Any]]:
    """Journey events of `count` visits; each visit is one session."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    timeline = Story.of(now)
    for number in range(count):
        shopper = rng.choice(people) if rng.random() < 0.35 else None
        session = f"demo-s{number:06d}"
        anonymous = f"demo-a{rng.getrandbits(40):010x}"
        moment = timeline.moment(rng)
        language = shopper.language if shopper else _pick(rng, LANGUAGES)
        for step, (event_type, touchpoint, share) in enumerate(FUNNEL):
            if rng.random() > share:
                if step == len(FUNNEL) - 1 or event_type == "checkout_started":
                    break
                if step >= 3:  # left with a full cart
                    yield _event(
                        session,
                        step,
                        "checkout_abandoned",
                        "checkout",
                        moment,
                        anonymous,
                        shopper,
                        {"items": rng.randint(1, 3)},
                    )
                break
            moment += timedelta(seconds=rng.randint(8, 240))
            properties: dict[str, Any] = {"locale": language}
            if event_type == "search":
                properties |= {
                    "query": rng.choice(SEARCH_QUERIES[language]),
                    "results": rng.choice([0, 1, 2])
                    if rng.random() < 0.3
                    else rng.randint(3, 80),
                }
            if event_type == "product_viewed":
                properties["sku"] = rng.choice(PRODUCTS)[0]
            yield _event(
                session,
                step,
                event_type,
                touchpoint,
                moment,
                anonymous,
                shopper,
                properties,
            )
        else:
            # The shop's thank-you page tracks the order in the visit's
            # session; the order itself arrives by webhook.
            finished = rng.random() <= 0.7
            yield _event(
                session,
                len(FUNNEL),
                "order_placed" if finished else "checkout_abandoned",
                "checkout",
                moment + timedelta(minutes=rng.randint(2, 9)),
                anonymous,
                shopper,
                {"locale": language} if finished else {},
            )


def _event(
    session: str,
    step: int,
    event_type: str,
    touchpoint: str,
    moment: datetime,
    anonymous: str,
    shopper: Shopper | None,
    properties: dict[str, Any],
) -> dict[str, Any]:
    return {
        "event_id": f"{session}-{step}",
        "type": event_type,
        "touchpoint": touchpoint,
        "session_id": session,
        "anonymous_id": anonymous,
        "customer_ref": {"email": shopper.email} if shopper else {},
        "properties": properties,
        "occurred_at": moment,
    }
