"""CX and business linkage at the demo's size and at 100,000 customers.

Two shops in one fresh installation:

- the demo shop as `cxloop demo` loads it (its year of 30,000 responses and
  1,000 Shopify orders, applied as the worker would);
- a big shop written directly: 100,000 customers, 1,000,000 orders over two
  years (a third of the customers are regulars who place most of them),
  and 150,000 scored answers (100,000 NPS, 50,000 delivery CSAT) from
  them. Sizes change with --customers, --orders and --answers.

In interleaved rounds, each shop's figures are timed:

- baselines: a plain `COUNT(*)` of the shop's orders, and of its scored
  answers (the two tables the report links);
- `order_gaps` alone (the shop's usual time between orders);
- `linkage_report` with 90- and 180-day windows, its kept reports emptied
  first, and once more as a second call finds it kept;
- the demo's page `/app/insights/business/` through Django's test client.

Uses DATABASE_URL when set (run under scripts/with-postgres.sh), else SQLite.

    .venv/bin/python bench/linkage.py [--rounds 3] [--customers 100000]
"""

import argparse
import random
import shutil
import statistics
import time
import typing
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from _common import bench_env, django_setup, machine

if typing.TYPE_CHECKING:
    from cxloop.accounts.models import Workspace

BATCH = 5000


def load_demo() -> "Workspace":
    """The demo shop; its Shopify orders applied here, as the worker does."""
    from django.db import transaction

    from cxloop import demo
    from cxloop.integrations import services as integrations
    from cxloop.integrations.models import WebhookDelivery

    with transaction.atomic():
        context = demo.DemoContext(workspace=demo._demo_workspace())  # noqa: SLF001
    for step in (
        demo.load_team,
        demo.load_surveys,
        demo.load_journey,
        demo.load_orders,
    ):
        with transaction.atomic():
            step(context)
    for pk in WebhookDelivery.objects.values_list("pk", flat=True):
        integrations.delivery_apply(delivery_id=pk)
    demo.load_responses(context)
    return context.workspace


def load_big(customers: int, orders: int, answers: int) -> "Workspace":
    """A shop of `customers` with `orders` orders and `answers` answers."""
    from django.utils import timezone

    from cxloop.accounts import services as accounts
    from cxloop.customers.models import Customer, Order
    from cxloop.surveys.models import Response, Survey

    rng = random.Random(14)  # noqa: S311 - bench data, not security
    workspace = accounts.workspace_create(slug="big", name="Big shop")
    now = timezone.now()
    span = timedelta(days=730).total_seconds()
    Customer.objects.bulk_create(
        (Customer(workspace=workspace) for _ in range(customers)), batch_size=BATCH
    )
    ids = list(
        Customer.objects.filter(workspace=workspace).values_list("pk", flat=True)
    )
    regulars = ids[: len(ids) // 3]

    def moment() -> typing.Any:
        return now - timedelta(seconds=rng.random() * span)

    def order(number: int) -> Order:
        who = rng.choice(regulars if rng.random() < 0.7 else ids)
        return Order(
            workspace=workspace,
            customer_id=who,
            source="shopify",
            external_id=str(number),
            status=Order.Status.CANCELLED if rng.random() < 0.03 else "paid",
            currency="EUR",
            total=Decimal(rng.randint(500, 25000)) / 100,
            placed_at=moment(),
        )

    for start in range(0, orders, BATCH):
        Order.objects.bulk_create(
            [order(n) for n in range(start, min(orders, start + BATCH))]
        )
    relationship = Survey.objects.create(
        workspace=workspace, key="relationship", name="NPS", status="active"
    )
    delivery = Survey.objects.create(
        workspace=workspace,
        key="delivery-csat",
        name="Delivery",
        status="active",
        touchpoint="delivery",
    )

    def answer(number: int) -> Response:
        nps = number % 3 != 2
        return Response(
            workspace=workspace,
            response_id=f"b{number}",
            survey=relationship if nps else delivery,
            touchpoint="" if nps else "delivery",
            channel=Response.Channel.EMAIL,
            customer_id=rng.choice(ids),
            answers={},
            nps=rng.randint(0, 10) if nps else None,
            csat=None if nps else rng.randint(1, 5),
            body_digest="x",
            submitted_at=moment(),
        )

    for start in range(0, answers, BATCH):
        Response.objects.bulk_create(
            [answer(n) for n in range(start, min(answers, start + BATCH))]
        )
    return workspace


def timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=150_000)
    parser.add_argument(
        "--keep", type=Path, help="keep the installation there; reuse it if loaded"
    )
    args = parser.parse_args()
    env = bench_env()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        env["CXLOOP_DATA_DIR"] = str(args.keep)
    django_setup(env)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cxloop import demo
    from cxloop.accounts.models import User, Workspace
    from cxloop.customers import selectors as customer_selectors
    from cxloop.customers.models import Order
    from cxloop.insights import linkage
    from cxloop.surveys import selectors as survey_selectors

    call_command("migrate", verbosity=0)
    began = time.monotonic()
    small = load_demo()
    demo_loaded = time.monotonic() - began
    began = time.monotonic()
    big = Workspace.objects.filter(slug="big").first() or load_big(
        args.customers, args.orders, args.answers
    )
    big_loaded = time.monotonic() - began
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would
        cursor.execute("ANALYZE")
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email=demo.ADMIN_EMAIL))

    def cold(call: Callable[[], object]) -> object:
        linkage._reports.clear()  # noqa: SLF001 - no report kept
        return call()

    def page() -> object:
        response = client.get("/app/insights/business/")
        assert response.status_code == 200  # noqa: S101
        return response

    figures: dict[str, Callable[[], object]] = {}
    for name, shop in (("demo", small), ("big", big)):
        report = linkage.linkage_report(workspace=shop)
        since = datetime.combine(
            report.since, datetime.min.time(), tzinfo=ZoneInfo(shop.timezone)
        )
        figures |= {
            f"{name}_count_orders": lambda shop=shop: Order.objects.filter(
                workspace=shop
            ).count(),
            f"{name}_count_answers": lambda shop=shop, since=since: (
                survey_selectors.scored_answers(
                    workspace=shop, since=since, before=timezone.now()
                ).count()
            ),
            f"{name}_gaps": lambda shop=shop: customer_selectors.order_gaps(
                workspace=shop
            ),
            f"{name}_90": lambda shop=shop: cold(
                lambda: linkage.linkage_report(workspace=shop)
            ),
            # Right after the 90 days' report, which it finds kept.
            f"{name}_cached": lambda shop=shop: linkage.linkage_report(workspace=shop),
            f"{name}_180": lambda shop=shop: cold(
                lambda: linkage.linkage_report(workspace=shop, window_days=180)
            ),
        }
    figures["demo_page"] = lambda: cold(page)
    figures["demo_page_cached"] = page
    for call in figures.values():  # warm up: imports, connections, plans
        call()
    results: dict[str, list[float]] = {key: [] for key in figures}
    for _ in range(args.rounds):
        for key, call in figures.items():
            results[key].append(timed(call))
    med = {key: statistics.median(times) for key, times in results.items()}
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"machine: {machine()}; database: {database}; {args.rounds} rounds")
    for name, shop, loaded in (("demo", small, demo_loaded), ("big", big, big_loaded)):
        report = linkage.linkage_report(workspace=shop)
        orders = Order.objects.filter(workspace=shop).count()
        answers = survey_selectors.scored_answers(
            workspace=shop, since=None, before=timezone.now()
        ).count()
        print(
            f"{name}: {orders:,} orders, {answers:,} scored answers, loaded in "
            f"{loaded:.0f} s; the 90-day report links {report.customers:,} "
            f"customers; usual time between orders {report.churn.days} days "
            f"({report.churn.gaps:,} gaps read)"
        )
    print("| figure | demo ms | ratio | big ms | ratio |")
    print("| --- | --- | --- | --- | --- |")
    rows = [
        ("baseline: COUNT of the period's scored answers", "count_answers"),
        ("COUNT of the shop's orders", "count_orders"),
        ("`order_gaps` (usual time between orders)", "gaps"),
        ("`linkage_report`, 90 days", "90"),
        ("`linkage_report`, 180 days", "180"),
        ("`linkage_report`, 90 days, kept from the call before", "cached"),
    ]
    for label, key in rows:
        cells = []
        for name in ("demo", "big"):
            value = med[f"{name}_{key}"]
            cells.append(f"{value:.1f} | {value / med[f'{name}_count_answers']:.1f}")
        print(f"| {label} | {' | '.join(cells)} |")
    for label, key in (("", "demo_page"), (", report kept", "demo_page_cached")):
        ratio = med[key] / med["demo_count_answers"]
        page_label = f"page `/app/insights/business/`{label}"
        print(f"| {page_label} | {med[key]:.1f} | {ratio:.1f} | | |")
    if not args.keep:
        shutil.rmtree(Path(env["CXLOOP_DATA_DIR"]), ignore_errors=True)


if __name__ == "__main__":
    main()
