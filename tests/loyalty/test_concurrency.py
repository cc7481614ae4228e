"""Several processes earning and redeeming for the same customer at once,
one of them killed with SIGKILL mid-way and run again (a retried task): the
ledger stays whole and every redemption is recorded exactly once."""

import json
import signal
import subprocess
from pathlib import Path

from tests import processes

SETUP = """
from datetime import UTC, datetime
from decimal import Decimal
from cxloop.accounts import services as accounts
from cxloop.customers import services as customers
from cxloop.customers.inputs import IdentitySignals, OrderData
from cxloop.loyalty import services

workspace = accounts.workspace_create(slug="shop", name="Shop")
services.programme_set(workspace=workspace, first_order_bonus=100)
order = customers.order_upsert(
    workspace=workspace,
    data=OrderData(
        source="shop", external_id="first", number="1", status="paid",
        currency="EUR", total=Decimal(200), placed_at=datetime.now(UTC),
        paid_at=datetime.now(UTC), customer=IdentitySignals(email="mari@example.ee"),
    ),
).order
result = order.customer_id
"""

WORKER = """
import json, random, sys, time
from datetime import UTC, datetime
from decimal import Decimal
import django
django.setup()
from django.db import transaction
from cxloop.accounts.models import Workspace
from cxloop.customers import services as customers
from cxloop.customers.inputs import IdentitySignals, OrderData
from cxloop.customers.models import Customer
from cxloop.errors import InvalidInput
from cxloop.loyalty import services

name, steps, log_path, customer_id = sys.argv[1:5]
workspace = Workspace.objects.get(slug="shop")
customer = Customer.objects.get(pk=int(customer_id))
pause = float(sys.argv[5])
with open(log_path, "a") as log:
    for step in range(int(steps)):
        # Each step's amounts depend on its ids only: a rerun repeats them.
        rng = random.Random(f"{name}-{step}")
        points, redemption_id = rng.randint(1, 60), f"{name}-r{step}"
        # One transaction per step, like a task; the pause keeps it open,
        # so that a kill lands in the middle of one.
        with transaction.atomic():
            customers.order_upsert(
                workspace=workspace,
                data=OrderData(
                    source="shop", external_id=f"{name}-{step}", number="",
                    status="paid", currency="EUR", total=Decimal(rng.randint(1, 40)),
                    placed_at=datetime.now(UTC), paid_at=datetime.now(UTC),
                    customer=IdentitySignals(email="mari@example.ee"),
                ),
            )
            try:
                with transaction.atomic():
                    services.points_redeem(
                        workspace=workspace, customer=customer, points=points,
                        redemption_id=redemption_id,
                    )
                outcome = "ok"
            except InvalidInput:
                outcome = "refused"
            time.sleep(pause)
        log.write(json.dumps([redemption_id, outcome, points]) + "\\n")
        log.flush()
"""

LEDGER = """
from cxloop.loyalty.models import Account, Entry
entries = Entry.objects.all()
result = {
    "redeemed": sorted(
        [e.source_id, -e.points] for e in entries.filter(kind="redeem")
    ),
    "orders_earned": entries.filter(source_kind="order").count(),
    "bonuses": entries.filter(source_kind="bonus").count(),
    "balance": list(Account.objects.values_list("balance", flat=True)),
    "sum": sum(entries.values_list("points", flat=True)),
}
"""

STEPS = 12
WORKERS = 3


def _start(
    env: dict[str, str], name: str, steps: int, log: Path, customer: int, pause: float
) -> "subprocess.Popen[bytes]":
    argv = [processes.PYTHON, "-c", WORKER, name, str(steps), str(log)]
    return subprocess.Popen(
        [*argv, str(customer), str(pause)],
        env=env,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _lines(log: Path) -> list[list[object]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line]


def test_processes_earning_and_redeeming_at_once_with_one_killed_keep_the_ledger_whole(
    tmp_path: Path,
) -> None:
    with processes.cxloop_env(tmp_path / "data", migrated=True) as env:
        customer = processes.django_json(env, SETUP)
        logs = [tmp_path / f"w{index}.log" for index in range(WORKERS)]
        victim = _start(env, "w0", STEPS, logs[0], customer, 0.4)
        others = [
            _start(env, f"w{index}", STEPS, logs[index], customer, 0)
            for index in range(1, WORKERS)
        ]
        processes.wait_for(
            lambda: len(_lines(logs[0])) >= 3 or victim.poll() is not None,
            timeout=120,
            what="the first worker to be under way",
        )
        assert victim.poll() is None, victim.communicate()[1].decode()
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        assert victim.returncode == -signal.SIGKILL
        assert len(_lines(logs[0])) < STEPS  # it was killed before the end
        for other in others:
            _out, err = other.communicate(timeout=300)
            assert other.returncode == 0, err.decode()
        # The killed worker's task is retried from the start: same ids.
        rerun = _start(env, "w0", STEPS, logs[0], customer, 0)
        _out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err.decode()

        check = processes.cli(env, "loyalty", "check")
        assert check.returncode == 0, check.stdout + check.stderr
        ledger = processes.django_json(env, LEDGER)

    # The last word on each redemption id is what the ledger holds, once.
    outcomes = {}
    for log in logs:
        for redemption_id, outcome, points in _lines(log):
            outcomes[redemption_id] = (outcome, points)
    spent = sorted(
        [rid, points] for rid, (ok, points) in outcomes.items() if ok == "ok"
    )
    assert ledger["redeemed"] == spent
    assert spent, "no redemption went through"
    assert ledger["orders_earned"] == 1 + WORKERS * STEPS
    assert ledger["bonuses"] == 1
    assert ledger["balance"] == [ledger["sum"]]
    assert ledger["sum"] >= 0
