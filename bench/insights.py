"""Irritants, emerging topics and key drivers over the demo's 30,000 responses.

Loads the demo shop's year of feedback (30,000 responses, customers linked)
into a fresh installation and gives every comment the topic the demo wrote
it for (the demo's own topic keys, so no discovery run is needed), then
times, in one process and interleaved rounds:

- baseline: a plain `COUNT(*)` of the workspace's responses in the period
  (the rows every report reads);
- each selector with its cache emptied (`irritant_report` over 90 days,
  `emerging_report` for the latest week, `driver_report` over 365 days,
  200 bootstrap resamples) and again served from the cache (the check
  whether the data changed included);
- the whole pages `/app/irritants/` and `/app/drivers/` through Django's
  test client (default filters), cold and cached, as the first and a
  second visitor see them.

Uses DATABASE_URL when set (run under scripts/with-postgres.sh), else SQLite.
`--keep DIR` keeps the installation there (to serve it and look around).

    .venv/bin/python bench/insights.py [--rounds 5] [--keep /tmp/cxloop-insights]
"""

import argparse
import shutil
import statistics
import time
import typing
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from _common import bench_env, django_setup, machine

if typing.TYPE_CHECKING:
    from cxloop.accounts.models import Workspace


def load_demo() -> "tuple[Workspace, int]":
    """The demo workspace with 30,000 responses and topic assignments."""
    from django.db import transaction
    from django.utils import timezone

    from cxloop import demo
    from cxloop.demodata.comments import COMMENTS
    from cxloop.surveys.models import Response
    from cxloop.textanalysis.models import Topic, TopicAssignment

    with transaction.atomic():
        context = demo.DemoContext(workspace=demo._demo_workspace())  # noqa: SLF001
    for step in (demo.load_team, demo.load_surveys, demo.load_journey):
        with transaction.atomic():
            step(context)
    demo.load_responses(context)
    workspace = context.workspace
    topic_of: dict[str, str] = {}
    for by_topic in COMMENTS.values():
        for key, polarities in by_topic.items():
            for texts in polarities.values():
                for text in texts:
                    topic_of[text] = key
    topics = {
        key: Topic.objects.create(
            workspace=workspace,
            number=number,
            label=key.replace("_", " ").capitalize(),
            updated_at=timezone.now(),
        )
        for number, key in enumerate(sorted(set(topic_of.values())), start=1)
    }
    rows = (
        Response.objects.of(workspace).exclude(comment="").values_list("pk", "comment")
    )
    assignments = [
        TopicAssignment(workspace=workspace, response_id=pk, topic=topics[topic_of[c]])
        for pk, c in rows
        if c in topic_of
    ]
    TopicAssignment.objects.bulk_create(assignments, batch_size=2000)
    return workspace, len(assignments)


def timed(call: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path)
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
    from cxloop.accounts.models import User
    from cxloop.surveys.models import Response
    from cxloop.textanalysis import selectors

    call_command("migrate", verbosity=0)
    began = time.monotonic()
    workspace, assigned = load_demo()
    loaded = time.monotonic() - began
    now = timezone.now()
    since, year_ago = now - timedelta(days=90), now - timedelta(days=365)
    week = selectors.week_of(workspace=workspace)
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email=demo.ADMIN_EMAIL))

    def fresh(call: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            selectors._reports.clear()  # noqa: SLF001 - a cold cache
            selectors._versions.clear()  # noqa: SLF001
            return call()

        return run

    def recheck(call: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            # Cached reports, but whether the data changed is asked again
            # (as after the few seconds that answer is kept).
            selectors._versions.clear()  # noqa: SLF001
            return call()

        return run

    def page(path: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(path)
            assert response.status_code == 200  # noqa: S101
            return response

        return get

    figures: dict[str, Callable[[], object]] = {
        "count_90": lambda: (
            Response.objects.of(workspace)
            .filter(submitted_at__gte=since, submitted_at__lt=now)
            .count()
        ),
        "count_365": lambda: (
            Response.objects.of(workspace)
            .filter(submitted_at__gte=year_ago, submitted_at__lt=now)
            .count()
        ),
        "irritants": lambda: selectors.irritant_report(
            workspace=workspace,
            since=since,
            until=now,
        ),
        "emerging": lambda: selectors.emerging_report(
            workspace=workspace,
            week=week,
        ),
        "drivers": lambda: selectors.driver_report(
            workspace=workspace,
            target="nps",
            since=year_ago,
            until=now,
        ),
        "page_irritants": page("/app/irritants/"),
        "page_drivers": page("/app/drivers/"),
    }
    # Each report cold (cache emptied) and then at once from the cache.
    order = [
        "count_90",
        "count_365",
        "irritants_cold",
        "irritants",
        "emerging_cold",
        "emerging",
        "drivers_cold",
        "drivers",
        "page_irritants_cold",
        "page_irritants",
        "page_drivers_cold",
        "page_drivers",
    ]
    for key in ("irritants", "emerging", "drivers", "page_irritants", "page_drivers"):
        figures[f"{key}_cold"] = fresh(figures[key])
        figures[key] = recheck(figures[key])
    for key in order:  # warm up: imports, connections, plans
        figures[key]()
    results: dict[str, list[float]] = {key: [] for key in figures}
    for _ in range(args.rounds):
        for key in order:
            results[key] += timed(figures[key], 1)
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    report = selectors.driver_report(
        workspace=workspace,
        target="nps",
        since=year_ago,
        until=now,
    )
    if not args.keep:
        shutil.rmtree(Path(env["CXLOOP_DATA_DIR"]), ignore_errors=True)
    med = {key: statistics.median(times) for key, times in results.items()}
    print(f"machine: {machine()}; database: {database}")
    print(
        f"demo: {Response.objects.of(workspace).count()} responses, "
        f"{assigned} topic assignments, loaded in {loaded:.0f} s; "
        f"drivers over {report.customers} customers; {args.rounds} rounds"
    )
    print("| figure | median ms | ratio to its COUNT |")
    print("| --- | --- | --- |")
    rows = [
        ("baseline: COUNT of the 90 days' responses", "count_90", "count_90"),
        ("baseline: COUNT of the 365 days' responses", "count_365", "count_365"),
        ("`irritant_report`, 90 days, cold cache", "irritants_cold", "count_90"),
        ("`irritant_report`, cached", "irritants", "count_90"),
        ("`emerging_report`, latest week, cold cache", "emerging_cold", "count_90"),
        ("`emerging_report`, cached", "emerging", "count_90"),
        ("`driver_report`, NPS, 365 days, cold cache", "drivers_cold", "count_365"),
        ("`driver_report`, cached", "drivers", "count_365"),
        ("page `/app/irritants/`, cold cache", "page_irritants_cold", "count_90"),
        ("page `/app/irritants/`, cached", "page_irritants", "count_90"),
        ("page `/app/drivers/`, cold cache", "page_drivers_cold", "count_365"),
        ("page `/app/drivers/`, cached", "page_drivers", "count_365"),
    ]
    for label, key, base in rows:
        print(f"| {label} | {med[key]:.1f} | {med[key] / med[base]:.1f} |")


if __name__ == "__main__":
    main()
