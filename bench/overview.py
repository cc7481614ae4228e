"""The measured pages over the demo's 30,000 responses: Overview, Journeys,
a team scorecard and CX and business, warm and cold.

Loads the demo's year of feedback as `bench/insights.py` does (30,000
responses, topics assigned from the demo's own keys), builds the score
rollup as the worker would (`insights.rollups.scores_rebuild`), then times
each page through Django's test client in one process, interleaved rounds:

- baseline: a plain `COUNT(*)` of the workspace's responses of the last
  365 days (the rows the year's trend covers);
- each page "cold": every in-process cache emptied first (the text
  analysis reports, the CX and business report, Django's cache), as the
  first visitor after a deploy or a data change sees it (imports and
  database connections are warm: that is the process, not the page);
- each page "warm": at once again, as the next visitor sees it.

Uses DATABASE_URL when set (run under scripts/with-postgres.sh), else SQLite.

    .venv/bin/python bench/overview.py [--rounds 5]
    bash scripts/with-postgres.sh .venv/bin/python bench/overview.py
"""

import argparse
import importlib
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from _common import bench_env, django_setup, machine

PAGES = {
    "overview": "/app/",
    "journeys": "/app/journeys/",
    "scorecard": "/app/scorecards/team/Logistics/",
    "business": "/app/insights/business/",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    env = bench_env()
    django_setup(env)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cxloop import caching, demo
    from cxloop.accounts.models import User
    from cxloop.insights import rollups
    from cxloop.surveys.models import Response
    from cxloop.textanalysis import selectors as text_selectors

    # The irritants bench's loader (a sibling script, not a package).
    load_demo = importlib.import_module("insights").load_demo
    call_command("migrate", verbosity=0)
    began = time.monotonic()
    workspace, _assigned = load_demo()
    loaded = time.monotonic() - began
    began = time.monotonic()
    rolled = rollups.scores_rebuild(workspace=workspace)
    rolled_in = time.monotonic() - began
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email=demo.ADMIN_EMAIL))
    year_ago = timezone.now() - timedelta(days=365)

    def count() -> object:
        return Response.objects.of(workspace).filter(submitted_at__gte=year_ago).count()

    def page(path: str, *, cold: bool) -> Callable[[], object]:
        def get() -> object:
            if cold:
                caching.clear_all()
                cache.clear()
                text_selectors._reports.clear()  # noqa: SLF001 - a cold cache
                text_selectors._versions.clear()  # noqa: SLF001
            response = client.get(path)
            assert response.status_code == 200, path  # noqa: S101
            return response

        return get

    figures: dict[str, Callable[[], object]] = {"count": count}
    for name, path in PAGES.items():
        figures[f"{name}_cold"] = page(path, cold=True)
        figures[name] = page(path, cold=False)
    for call in figures.values():  # warm up: imports, connections, plans
        call()
    results: dict[str, list[float]] = {key: [] for key in figures}
    for _ in range(args.rounds):
        for key, call in figures.items():
            start = time.perf_counter()
            call()
            results[key].append((time.perf_counter() - start) * 1000)
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    shutil.rmtree(Path(env["CXLOOP_DATA_DIR"]), ignore_errors=True)
    med = {key: statistics.median(times) for key, times in results.items()}
    print(f"machine: {machine()}; database: {database}")
    print(
        f"demo: {Response.objects.of(workspace).count()} responses loaded in "
        f"{loaded:.0f} s; rollup of {rolled} responses built in {rolled_in:.1f} s; "
        f"{args.rounds} rounds"
    )
    print("| figure | median ms | ratio to the COUNT |")
    print("| --- | --- | --- |")
    print(f"| baseline: COUNT of the year's responses | {med['count']:.1f} | 1.0 |")
    for name, path in PAGES.items():
        for key, label in ((f"{name}_cold", "cold"), (name, "warm")):
            ratio = med[key] / med["count"]
            print(f"| page `{path}`, {label} | {med[key]:.0f} | {ratio:.0f}× |")


if __name__ == "__main__":
    main()
