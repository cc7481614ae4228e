"""Rule evaluation cost per response with 50 active rules, next to storing it.

In one process against a fresh installation (SQLite, or PostgreSQL with
`DATABASE_URL`): responses to the delivery CSAT survey are stored through
`surveys.services.response_submit`, first with every rule disabled (the
baseline: storing a response and its other hooks), then with 50 enabled
rules listening to stored responses (for an answer some rule could match, the
hook writes a pending row and enqueues the evaluation; the happy two thirds
are not noted). The evaluations are then run by the sweep, as the worker
would, and timed apart. A third of the responses are unhappy, so
some rules fire (tags and digest items; no cases, whose cost is the cases
app's).

    .venv/bin/python bench/rules.py [--responses 400]
    bash scripts/with-postgres.sh .venv/bin/python bench/rules.py
"""

import argparse
import shutil
import time
from typing import Any

from _common import bench_env, bench_installation, data_dir, django_setup, machine

RULES = 50


LATE = {"field": "question", "key": "comment", "op": "contains", "value": "late"}
CHANNEL = {"field": "channel", "op": "in", "value": ["api", "link"]}
GOLD = {"field": "customer_attribute", "key": "tier", "op": "eq", "value": "gold"}
TOUCHPOINTS = ["delivery", "checkout", "payment", "site_search", "returns"]


def _rule_specs() -> list[dict[str, Any]]:
    """50 rules of the kinds a shop writes: scores, text, channel, attributes.

    Spread over five touchpoints, so an unhappy delivery answer matches a
    few of them (as in a real workspace), and every rule is still evaluated.
    """
    specs = []
    for n in range(RULES):
        conditions: list[dict[str, Any]] = [
            {"field": "touchpoint", "op": "eq", "value": TOUCHPOINTS[n % 5]},
            {"field": "csat", "op": "lte", "value": 1 + n % 3},
        ]
        if n % 2:
            conditions.append(LATE)
        if n % 5 == 0:
            conditions.append(CHANNEL)
        if n % 7 == 0:
            conditions.append(GOLD)
        action = (
            {"type": "tag_response", "tags": [f"rule-{n}"]}
            if n % 2
            else {"type": "digest", "digest": "daily", "touchpoint_owner": True}
        )
        specs.append(
            {
                "name": f"Bench rule {n}",
                "conditions": conditions,
                "actions": [action],
                "match": "all",
            }
        )
    return specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=400)
    args = parser.parse_args()
    env = bench_env()
    bench_installation(env)
    django_setup(env)

    from cxloop.accounts.models import Workspace
    from cxloop.rules import services as rules
    from cxloop.rules.models import PendingEvaluation, Rule, RuleFiring
    from cxloop.surveys import services as surveys

    workspace = Workspace.objects.get(slug="bench")
    Rule.objects.filter(workspace=workspace).update(enabled=False)  # the defaults
    surveys.survey_create_from_template(workspace=workspace, template="delivery_csat")
    made = [
        rules.rule_create(
            workspace=workspace,
            data=rules.RuleData(trigger="response.stored", enabled=False, **spec),
        )
        for spec in _rule_specs()
    ]

    def store(count: int, label: str) -> float:
        started = time.perf_counter()
        for n in range(count):
            unhappy = n % 3 == 0
            surveys.response_submit(
                workspace=workspace,
                data=surveys.ResponseInput(
                    survey_key="delivery-csat",
                    response_id=f"{label}-{n}",
                    channel="api",
                    customer_ref={"email": f"c{n % 50}@bench.example"},
                    answers={
                        "csat": 1 if unhappy else 4,
                        "comment": "late again" if unhappy else "fine",
                    },
                ),
            )
        return (time.perf_counter() - started) / count * 1000

    store(50, "warm")
    baseline = store(args.responses, "plain")
    Rule.objects.filter(pk__in=[rule.pk for rule in made]).update(enabled=True)
    with_rules = store(args.responses, "ruled")
    pending = PendingEvaluation.objects.count()
    started = time.perf_counter()
    while rules.pending_sweep():
        pass
    elapsed = time.perf_counter() - started
    evaluation = elapsed / args.responses * 1000
    per_evaluated = elapsed / max(pending, 1) * 1000

    print(f"machine: {machine()}")
    print(f"database: {env.get('DATABASE_URL', 'sqlite').split('@')[-1]}")
    print(
        f"responses: {args.responses} per phase, {RULES} rules, {pending} noted "
        "(the rest no rule could match)"
    )
    firings = RuleFiring.objects.count()
    print(f"firings: {firings} ({firings / max(pending, 1):.1f} per noted response)")
    print(f"store, no enabled rule:   {baseline:7.2f} ms/response (baseline)")
    print(
        f"store, 50 rules listening: {with_rules:7.2f} ms/response "
        f"({with_rules / baseline:.2f}x the baseline)"
    )
    print(
        f"evaluate 50 rules:        {evaluation:7.2f} ms per stored response "
        f"({evaluation / baseline:.2f}x storing it; "
        f"{per_evaluated:.1f} ms per noted one)"
    )
    shutil.rmtree(data_dir(env), ignore_errors=True)


if __name__ == "__main__":
    main()
