"""`cxloop import customers|orders FILE`: a report file and an honest exit code."""

import csv
from pathlib import Path

from tests import processes
from tests.cli.conftest import SHOP


def test_import_customers_writes_a_report_of_rejected_rows(
    migrated_env: dict[str, str], shop: str, tmp_path: Path
) -> None:
    source = tmp_path / "kliendid.csv"
    source.write_text(
        "E-post;Telefon;Eesnimi\nmari@example.ee;5123 4567;Mari\n;;Nobody\n",
        encoding="utf-8",
    )
    done = processes.cli(
        migrated_env,
        "import",
        "customers",
        str(source),
        "--workspace",
        SHOP,
        "--delimiter",
        ";",
        "--map",
        "email=E-post",
        "--map",
        "phone=Telefon",
        "--map",
        "first_name=Eesnimi",
    )
    assert done.returncode == 1  # one row was rejected
    assert "2/2" in done.stderr  # the progress bar reached the end
    assert "1 customers created" in done.stderr
    with open(f"{source}.report.csv", encoding="utf-8") as report:
        rows = list(csv.reader(report))
    assert rows[0] == ["line", "outcome", "reason"]
    assert rows[1][:2] == ["3", "rejected"]
    found = processes.django_json(
        migrated_env,
        "from cxloop.customers.models import Identity\n"
        "result = Identity.objects.get(value='+37251234567').customer.first_name",
    )
    assert found == "Mari"
