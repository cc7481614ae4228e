"""Time from `cxloop demo` on an empty data dir to its first served page.

Baseline, measured in the same run: `cxloop migrate` on an empty data dir,
the part of the demo's start-up no implementation can skip. Prints a
Markdown table row per figure for BENCHMARKS.md.

    .venv/bin/python bench/demo_startup.py [--runs 5]
"""

import argparse
import shutil
import time

from _common import (
    data_dir,
    free_port,
    fresh_env,
    machine,
    median,
    run,
    start,
    stop,
    wait_for,
)


def time_migrate() -> float:
    env = fresh_env()
    began = time.monotonic()
    run(["migrate", "--quiet"], env)
    elapsed = time.monotonic() - began
    shutil.rmtree(data_dir(env))
    return elapsed


def time_demo(*, second_run: bool) -> float:
    env = fresh_env()
    if second_run:  # the demo is already loaded: measures the idempotent path
        port = free_port()
        process = start(["demo", "--port", str(port)], env)
        wait_for(f"http://127.0.0.1:{port}/login/", time.monotonic() + 120)
        stop(process)
    port = free_port()
    began = time.monotonic()
    process = start(["demo", "--port", str(port)], env)
    try:
        wait_for(f"http://127.0.0.1:{port}/login/", began + 120)
        return time.monotonic() - began
    finally:
        stop(process)
        shutil.rmtree(data_dir(env))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    migrate, first, again = [], [], []
    for _ in range(runs):
        migrate.append(time_migrate())
        first.append(time_demo(second_run=False))
        again.append(time_demo(second_run=True))
    base = median(migrate)
    print(f"machine: {machine()}; runs: {runs}")
    print("| figure | median s | min s | max s | ratio to baseline (median) |")
    print("| --- | --- | --- | --- | --- |")
    for name, values in (
        ("baseline: `cxloop migrate`, empty data dir", migrate),
        ("`cxloop demo`, empty data dir → first page", first),
        ("`cxloop demo`, second run → first page", again),
    ):
        print(
            f"| {name} | {median(values):.2f} | {min(values):.2f} | {max(values):.2f} "
            f"| {median(values) / base:.2f} |"
        )


if __name__ == "__main__":
    main()
