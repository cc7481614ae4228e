"""A metric table as records, CSV and Parquet, for BI tools and the API.

One row per group: the figure with its interval and n, the previous period
and the tested change. CSV for spreadsheets; Parquet (typed columns, read
as is by DuckDB, pandas or Power BI) through pyarrow, imported only when a
Parquet file is asked for.
"""

import csv
import io
from collections.abc import Sequence
from typing import Any

from cxloop.insights.metrics import MetricGroup

# Column name → Parquet type (pyarrow's name); the CSV has the same columns.
COLUMNS: dict[str, str] = {
    "metric": "string",
    "key": "string",
    "label": "string",
    "value": "float64",
    "ci95_low": "float64",
    "ci95_high": "float64",
    "n": "int64",
    "secondary": "float64",
    "previous": "float64",
    "previous_n": "int64",
    "change": "float64",
    "change_ci95_low": "float64",
    "change_ci95_high": "float64",
    "p_value": "float64",
    "significant": "bool_",
    "too_small": "bool_",
}


def group_record(group: MetricGroup) -> dict[str, Any]:
    """The API's item: `{key, label, value, ci95, n, previous, change, …}`."""
    estimate, comparison = group.estimate, group.comparison
    return {
        "key": group.key,
        "label": group.label,
        "value": estimate.value,
        "ci95": estimate.ci95,
        "n": estimate.n,
        "secondary": group.secondary.value if group.secondary else None,
        "secondary_ci95": group.secondary.ci95 if group.secondary else None,
        "previous": group.previous.value if group.previous else None,
        "previous_n": group.previous.n if group.previous else None,
        "change": comparison.difference if comparison else None,
        "change_ci95": comparison.ci95 if comparison else None,
        "significant": bool(comparison and comparison.significant),
        "p_value": comparison.p_value if comparison else None,
        "too_small": group.too_small,
    }


def table_rows(metric: str, groups: Sequence[MetricGroup]) -> list[dict[str, Any]]:
    """Flat rows (intervals as two columns), in `COLUMNS` order."""
    rows = []
    for group in groups:
        record = group_record(group)
        ci95 = record["ci95"] or (None, None)
        change_ci95 = record["change_ci95"] or (None, None)
        rows.append(
            {
                "metric": metric,
                "key": record["key"],
                "label": record["label"],
                "value": record["value"],
                "ci95_low": ci95[0],
                "ci95_high": ci95[1],
                "n": record["n"],
                "secondary": record["secondary"],
                "previous": record["previous"],
                "previous_n": record["previous_n"],
                "change": record["change"],
                "change_ci95_low": change_ci95[0],
                "change_ci95_high": change_ci95[1],
                "p_value": record["p_value"],
                "significant": record["significant"],
                "too_small": record["too_small"],
            }
        )
    return rows


def _cell(value: Any) -> Any:
    """A CSV cell; labels a spreadsheet would run as a formula are quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def table_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue()


def table_parquet(rows: Sequence[dict[str, Any]]) -> bytes:
    import pyarrow as pa  # heavy: only for Parquet exports
    import pyarrow.parquet as pq

    schema = pa.schema(
        [(column, getattr(pa, kind)()) for column, kind in COLUMNS.items()]
    )
    table = pa.Table.from_pylist(list(rows), schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()
