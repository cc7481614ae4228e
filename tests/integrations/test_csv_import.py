"""CSV imports of customers and orders: mapping, rejected rows, re-runs."""

import csv
import io
from decimal import Decimal

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer, Identity, Order
from cxloop.errors import DomainError
from cxloop.integrations import csv_import as imports

CUSTOMERS = """E-post,Telefon,Eesnimi,Perenimi,Sünnipäev,Uudiskiri
mari@example.ee,5123 4567,Mari,Maasikas,1990-05-17,jah
MARI@example.ee,,,,,
jaan(at)example.ee,+372 5555 1234,Jaan,Tamm,,ei
,,Nobody,,,
kati@example.ee,,Kati,,17.05.1990,
"""
MAPPING = {
    "email": "E-post",
    "phone": "Telefon",
    "first_name": "Eesnimi",
    "last_name": "Perenimi",
    "birthday": "Sünnipäev",
    "consent_marketing": "Uudiskiri",
}

HEADER = "order_id,placed_at,status,currency,total,email,sku,name,category,quantity"
ORDERS = f"""{HEADER},unit_price
A1,2026-10-01 12:00,delivered,EUR,"59,80",mari@example.ee,COF-1,Coffee,coffee,2,"24,90"
A1,2026-10-01 12:00,delivered,EUR,"59,80",mari@example.ee,FIL-1,Filters,accessories,1,10
A2,,placed,EUR,10,mari@example.ee,FIL-1,Filters,accessories,1,10
A3,2026-10-03T09:00:00+00:00,posted,EUR,10,mari@example.ee,FIL-1,Filters,,1,10
"""


def run_customers(workspace: Workspace) -> imports.ImportReport:
    reader = csv.DictReader(io.StringIO(CUSTOMERS))
    return imports.customer_import(
        workspace=workspace,
        rows=reader,
        header=reader.fieldnames or [],
        mapping=MAPPING,
    )


def test_customers_import_with_a_mapping_and_report_what_they_could_not(
    workspace_a: Workspace,
) -> None:
    report = run_customers(workspace_a)
    assert (report.rows, report.created, report.updated, report.rejected) == (
        5,
        2,
        1,
        2,
    )
    assert [(line, outcome) for line, outcome, _reason in report.problems] == [
        (4, "kept"),
        (5, "rejected"),
        (6, "rejected"),
    ]
    assert "birthday" in report.problems[2][2]
    mari = Customer.objects.get(identities__value="mari@example.ee")
    assert (mari.full_name, str(mari.birthday), mari.consent_marketing) == (
        "Mari Maasikas",
        "1990-05-17",
        True,
    )
    jaan = Customer.objects.get(identities__value="+37255551234")
    assert jaan.identities.get(kind="email").verified is False


def test_importing_the_same_file_again_changes_nothing(
    workspace_a: Workspace,
) -> None:
    run_customers(workspace_a)
    before = (Customer.objects.count(), Identity.objects.count())
    again = run_customers(workspace_a)
    assert again.created == 0
    assert (Customer.objects.count(), Identity.objects.count()) == before


def test_orders_import_one_row_per_line(workspace_a: Workspace) -> None:
    reader = csv.DictReader(io.StringIO(ORDERS))
    report = imports.order_import(
        workspace=workspace_a,
        rows=reader,
        header=reader.fieldnames or [],
        mapping={},
        source="oldshop",
    )
    assert (report.created, report.rejected) == (1, 2)
    assert [line for line, _o, _r in report.problems] == [4, 5]
    order = Order.objects.get()
    assert (order.source, order.external_id, order.total) == (
        "oldshop",
        "A1",
        Decimal("59.80"),
    )
    assert order.placed_at.utcoffset() is not None
    assert [line.sku for line in order.lines.all()] == ["COF-1", "FIL-1"]


def test_a_mapping_naming_a_missing_column_is_refused(
    workspace_a: Workspace,
) -> None:
    with pytest.raises(DomainError, match="Mobiil"):
        imports.customer_import(
            workspace=workspace_a,
            rows=[],
            header=["E-post"],
            mapping={"phone": "Mobiil"},
        )
