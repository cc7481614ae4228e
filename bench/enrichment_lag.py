"""How long a new comment waits for its language, sentiment and topics.

Serves `cxloop serve` with its embedded worker (as `make demo` and a small
installation run it) on loopback, posts survey responses with a comment one
at a time at a steady pace through `POST /api/v1/responses`, and polls
`GET /api/v1/responses` every 50 ms until each carries its sentiment. The lag
is the time from the POST's answer to the first poll that sees the
enrichment. The baseline in the same run is the time until the first poll
sees the response at all (stored, not yet enriched): the poll's own delay.

A fresh workspace has no text-only topic model yet, so every comment is
embedded on the spot (the slowest path a new comment takes); the issue's
target is 5 s, and Formbricks publishes a p95 of 159 s.

    cd bench && ../.venv/bin/python enrichment_lag.py [--comments 60] [--every 0.5]
    bash scripts/with-postgres.sh \
        bash -c "cd bench && ../.venv/bin/python enrichment_lag.py"
"""

import argparse
import http.client
import shutil
import time
import uuid

import orjson
from _common import (
    bench_env,
    bench_installation,
    data_dir,
    free_port,
    machine,
    median,
    start,
    stop,
    wait_for,
)

POLL_SECONDS = 0.05
COMMENTS = [
    "Kuller tuli kaks päeva hiljem ja pakk oli märg.",
    "Toimitus oli nopea ja tuote juuri oikea, kiitos!",
    "Kurjers kavējās, un neviens neatbildēja uz e-pastu.",
    "Prekė atkeliavo greitai, labai patenkinta.",
    "The checkout kept failing with my card, very annoying.",
    "Väga sõbralik klienditeenindus, aitasid kohe.",
]


class Api:
    def __init__(self, port: int, key: str) -> None:
        self.port = port
        self.headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
        }

    def call(self, method: str, path: str, body: bytes | None = None) -> object:
        # A connection per call: the server closes idle keep-alive ones.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=self.headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        if response.status not in (200, 201):
            raise RuntimeError(f"{method} {path}: {response.status} {data[:200]!r}")
        return orjson.loads(data)


def post(api: Api, number: int) -> str:
    response_id = str(uuid.uuid4())
    comment = f"{COMMENTS[number % len(COMMENTS)]} ({number})"  # distinct texts
    body = {
        "response_id": response_id,
        "survey": "feedback",
        "channel": "api",
        "answers": {"rating": 1 + number % 5, "text": comment},
    }
    api.call("POST", "/api/v1/responses", orjson.dumps(body))
    return response_id


def poll(api: Api) -> tuple[set[str], set[str]]:
    """Ids of the newest responses seen, and of those already enriched."""
    page = api.call("GET", "/api/v1/responses?limit=100")
    if not isinstance(page, dict):
        raise RuntimeError(f"unexpected page: {page!r}")
    seen = {item["response_id"] for item in page["items"]}
    enriched = {item["response_id"] for item in page["items"] if item["sentiment"]}
    return seen, enriched


def measure(api: Api, comments: int, every: float) -> tuple[list[float], list[float]]:
    """(seconds until stored and listed, seconds until enriched) per comment."""
    posted: dict[str, float] = {}
    listed: dict[str, float] = {}
    enriched: dict[str, float] = {}
    next_post, number = time.monotonic(), 0
    deadline = time.monotonic() + comments * every + 120
    while len(enriched) < comments and time.monotonic() < deadline:
        if number < comments and time.monotonic() >= next_post:
            response_id = post(api, number)
            posted[response_id] = time.monotonic()
            number, next_post = number + 1, next_post + every
        seen, done = poll(api)
        now = time.monotonic()
        for response_id in seen & posted.keys():
            listed.setdefault(response_id, now)
        for response_id in done & posted.keys():
            enriched.setdefault(response_id, now)
        time.sleep(POLL_SECONDS)
    if len(enriched) < comments:
        raise RuntimeError(f"only {len(enriched)} of {comments} enriched in time")
    return (
        [listed[r] - posted[r] for r in posted],
        [enriched[r] - posted[r] for r in posted],
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=60)
    parser.add_argument("--every", type=float, default=0.5)
    args = parser.parse_args()
    env = bench_env()
    key = bench_installation(env)
    port = free_port()
    server = start(["serve", "--port", str(port)], env)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
        api = Api(port, key)
        post(api, 0)  # the worker loads its models on the first comment
        time.sleep(20)
        listed, lags = measure(api, args.comments, args.every)
    finally:
        stop(server)
    shutil.rmtree(data_dir(env))
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    print(f"machine: {machine()}; database: {database}")
    print(f"{args.comments} comments, one every {args.every} s; poll every 50 ms")
    print("| figure | p50 s | p95 s | max s | ratio (p50) |")
    print("| --- | --- | --- | --- | --- |")
    base = median(listed)
    for name, values in (
        ("baseline: stored and listed", listed),
        ("enriched (language, sentiment, topics)", lags),
    ):
        print(
            f"| {name} | {median(values):.2f} | {percentile(values, 0.95):.2f} "
            f"| {max(values):.2f} | {median(values) / base:.1f} |"
        )


if __name__ == "__main__":
    main()
