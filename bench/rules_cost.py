"""What 50 active rules cost per response, next to storing the response.

In one process on a fresh installation (SQLite, or `DATABASE_URL`): a
workspace with customers who have orders, and three phases over the same
number of responses, each response in its own transaction as the API
stores it:

1. baseline: `response_submit` with no enabled rule (the rules hook costs one
   indexed query and writes nothing);
2. stored with 50 enabled rules (the hook notes each response for the worker
   in the response's transaction);
3. the worker's evaluation of those noted responses: all 50 rules' conditions
   against each (survey, scores, channel, language, customer attributes,
   segment, order value…), and the actions of those that match (a tag, a
   digest entry), with the firing log.

    cd bench && ../.venv/bin/python rules_cost.py [--responses 300]
    bash scripts/with-postgres.sh \
        bash -c "cd bench && ../.venv/bin/python rules_cost.py"
"""

import argparse
import random
import shutil
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from _common import bench_env, data_dir, django_setup, machine

CHANNELS = ["link", "widget", "email", "api", "review"]
LANGUAGES = ["et", "lv", "lt", "fi", "en"]


def rule_specs(count: int) -> list[dict[str, Any]]:
    """`count` varied rules; a few match often, most rarely, as in a real shop."""
    conditions: list[list[dict[str, Any]]] = [
        [{"field": "nps", "op": "lte", "value": 6}],
        [{"field": "csat", "op": "lte", "value": 2}],
        [{"field": "survey", "op": "eq", "value": "delivery-csat"}],
        [{"field": "channel", "op": "in", "value": ["review", "email"]}],
        [{"field": "language", "op": "eq", "value": "lv"}],
        [{"field": "segment", "op": "eq", "value": "returning"}],
        [{"field": "order_value", "key": "total", "op": "gte", "value": 500}],
        [{"field": "customer_attribute", "key": "tier", "op": "eq", "value": "gold"}],
        [
            {"field": "nps_band", "op": "eq", "value": "promoter"},
            {"field": "language", "op": "in", "value": ["et", "fi"]},
        ],
        [{"field": "question", "key": "csat", "op": "between", "value": [1, 3]}],
    ]
    actions: list[list[dict[str, Any]]] = [
        [{"type": "tag_response", "tags": ["watch"]}],
        [{"type": "digest", "digest": "daily", "touchpoint_owner": True}],
    ]
    return [
        {
            "name": f"Rule {number:02d}",
            "trigger": "response.stored",
            "match": "all",
            "conditions": conditions[number % len(conditions)],
            "actions": actions[number % len(actions)],
        }
        for number in range(count)
    ]


def setup(customers: int) -> tuple[Any, list[str]]:
    from cxloop.accounts import services as accounts
    from cxloop.customers import services as customer_services
    from cxloop.customers.inputs import IdentitySignals, OrderData, ProfileData
    from cxloop.surveys import services as surveys

    workspace = accounts.workspace_create(slug="bench", name="Bench")
    for template in ("relationship_nps", "delivery_csat"):
        surveys.survey_create_from_template(
            workspace=workspace, template=template, key=template.replace("_", "-")
        )
    emails = [f"shopper{number}@example.ee" for number in range(customers)]
    rng = random.Random(7)  # noqa: S311 - bench data
    placed = datetime(2026, 6, 1, tzinfo=UTC)
    for number, email in enumerate(emails):
        customer_services.order_upsert(
            workspace=workspace,
            data=OrderData(
                source="bench",
                external_id=f"order-{number}",
                number=str(number),
                status="delivered",
                currency="EUR",
                total=Decimal(rng.choice([20, 80, 250, 700])),
                placed_at=placed + timedelta(days=number % 90),
                customer=IdentitySignals(email=email),
                profile=ProfileData(
                    first_name="Mari",
                    attributes={"tier": rng.choice(["gold", "silver", "bronze"])},
                ),
            ),
        )
    return workspace, emails


def submit(workspace: Any, emails: list[str], number: int) -> None:
    from django.db import transaction

    from cxloop.surveys import services as surveys

    rng = random.Random(number)  # noqa: S311 - bench data
    nps_survey = number % 2 == 0
    with transaction.atomic():
        surveys.response_submit(
            workspace=workspace,
            data=surveys.ResponseInput(
                response_id=str(uuid.uuid4()),
                survey_key="relationship-nps" if nps_survey else "delivery-csat",
                answers={"nps": rng.randint(0, 10)}
                if nps_survey
                else {"csat": rng.randint(1, 5)},
                channel=rng.choice(CHANNELS),
                locale=rng.choice(LANGUAGES),
                customer_ref={"email": rng.choice(emails)},
                submitted_at=datetime.now(UTC),
            ),
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=300)
    parser.add_argument("--rules", type=int, default=50)
    args = parser.parse_args()
    env = bench_env()
    django_setup(env)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cxloop.rules import services as rules
    from cxloop.rules.models import PendingEvaluation, Rule, RuleFiring

    workspace, emails = setup(200)
    Rule.objects.filter(workspace=workspace).update(enabled=False)
    started = time.perf_counter()
    for number in range(args.responses):
        submit(workspace, emails, number)
    baseline = time.perf_counter() - started

    for spec in rule_specs(args.rules):
        rules.rule_create(workspace=workspace, data=rules.RuleData(**spec))
    started = time.perf_counter()
    for number in range(args.responses, 2 * args.responses):
        submit(workspace, emails, number)
    with_rules = time.perf_counter() - started

    noted = list(PendingEvaluation.objects.values_list("object_id", flat=True))
    started = time.perf_counter()
    rules.pending_evaluate(trigger="response.stored", kind="response", object_ids=noted)
    evaluated = time.perf_counter() - started
    firings = RuleFiring.objects.count()

    shutil.rmtree(data_dir(env), ignore_errors=True)
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    per = 1000 / args.responses
    print(f"machine: {machine()}; database: {database}")
    print(
        f"{args.responses} responses per phase, {args.rules} enabled rules, "
        f"{len(noted)} noted, {firings} firings"
    )
    print("| phase | ms per response | ratio to storing |")
    print("| --- | --- | --- |")
    for name, seconds in (
        ("baseline: store a response, no enabled rule", baseline),
        ("store a response with 50 enabled rules (the hook)", with_rules),
        ("evaluate 50 rules on it (the worker)", evaluated),
    ):
        print(f"| {name} | {seconds * per:.2f} | {seconds / baseline:.2f} |")


if __name__ == "__main__":
    main()
