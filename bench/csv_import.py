"""Identity resolution rate of `cxloop import customers` on a 100k-row CSV.

Writes a customers CSV of N rows (default 100,000) as a shop's old export
looks: about 60,000 people, many of them on several rows, each time written
differently (e-mail in another case, the phone as "5123 4567",
"+372 5123 4567" or "00372 51234567", Latvian numbers read with the row's
country), some rows naming the person only by phone or only by e-mail (so
later rows merge profiles), a few invalid e-mails and phones (kept as
unverified identities and reported) and a few broken rows (no identity, a
bad birthday: rejected). Then, in the same run and database:

- baseline 1: the CSV parsed only (`csv.DictReader`), no database;
- baseline 2: the same rows bulk-inserted into the customers table with
  plain SQL `executemany`, 1,000 per transaction (no resolution at all);
- `cxloop import customers FILE` as a user runs it (a subprocess of the
  real command, progress bar and report file included);
- the same command again: an idempotent re-run (nothing new is created).

Uses DATABASE_URL when set (run it under scripts/with-postgres.sh for
PostgreSQL), else SQLite.

    .venv/bin/python bench/csv_import.py [--rows 100000]
"""

import argparse
import csv
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from _common import CXLOOP, bench_env, data_dir, django_setup, machine, run

FIRST = [
    "Mari",
    "Jaan",
    "Liis",
    "Andres",
    "Kadri",
    "Toomas",
    "Anna",
    "Mārtiņš",
    "Līga",
    "Jānis",
    "Aino",
    "Mikko",
    "Rūta",
    "Jonas",
    "Kärt",
    "Peeter",
]
LAST = [
    "Tamm",
    "Saar",
    "Sepp",
    "Mägi",
    "Kask",
    "Bērziņš",
    "Kalniņa",
    "Virtanen",
    "Korhonen",
    "Kazlauskas",
    "Ilves",
    "Kuusk",
    "Rebane",
    "Lepik",
]
# Shops' e-mail addresses are ASCII: "Mārtiņš Bērziņš" writes martins.berzins.
ASCII = str.maketrans("āēīūņšžčäöõüĀĒĪŪŅŠŽČÄÖÕÜ", "aeiunszcaoouAEIUNSZCAOOU")
HEADER = [
    "E-post",
    "Telefon",
    "Riik",
    "Eesnimi",
    "Perenimi",
    "Keel",
    "Sünnipäev",
    "Nõusolek",
]
MAPPING = {
    "email": "E-post",
    "phone": "Telefon",
    "country": "Riik",
    "first_name": "Eesnimi",
    "last_name": "Perenimi",
    "locale": "Keel",
    "birthday": "Sünnipäev",
    "consent_marketing": "Nõusolek",
}


@dataclass
class Generated:
    rows: int
    people: int
    # Identity values in accepted rows that resolve (valid e-mails, phones).
    identities: int
    invalid_values: int
    broken_rows: int


def _phone_spelling(rng: random.Random, country: str, digits: str) -> str:
    prefix = "+372" if country == "EE" else "+371"
    spelled = [
        f"{digits[:4]} {digits[4:]}",
        f"{prefix} {digits[:4]} {digits[4:]}",
        f"00{prefix[1:]} {digits}",
        f"{prefix}{digits}",
    ]
    return rng.choice(spelled)


def generate(path: Path, count: int, seed: int = 4) -> Generated:
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    people = int(count * 0.6)
    stats = Generated(count, people, 0, 0, 0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for n in range(count):
            # The first `people` rows introduce everybody once (in a shuffled
            # order below); the rest are repeat rows of random people.
            person = n if n < people else rng.randrange(people)
            first, last = FIRST[person % len(FIRST)], LAST[person % len(LAST)]
            country = "LV" if person % 10 == 0 else "EE"
            digits = f"{2 if country == 'LV' else 5}{person:07d}"
            email = f"{first}.{last}.{person}@example.ee".lower().translate(ASCII)
            email = rng.choice([email, email.upper(), email.title(), f" {email} "])
            phone = _phone_spelling(rng, country, digits)
            shown = rng.random()
            if shown < 0.25:
                phone = ""  # e-mail only
            elif shown < 0.40:
                email = ""  # phone only
            roll = rng.random()
            birthday = f"19{60 + person % 40}-0{1 + person % 9}-1{person % 9}"
            email_ok, phone_ok, rejected = bool(email), bool(phone), False
            if roll < 0.02 and email:
                email = email.replace("@", " at ")  # invalid, kept unverified
                email_ok = False
            elif roll < 0.04 and phone:
                phone = phone[:5]  # too short, kept unverified
                phone_ok = False
            elif 0.04 <= roll < 0.045:
                email = phone = ""  # nothing to know the person by: rejected
                rejected = True
            elif 0.045 <= roll < 0.05:
                birthday = "31.02.1980"  # not a date: rejected
                rejected = True
            stats.broken_rows += rejected
            stats.invalid_values += (bool(email) and not email_ok) + (
                bool(phone) and not phone_ok
            )
            if not rejected:
                stats.identities += email_ok + phone_ok
            writer.writerow(
                [
                    email,
                    phone,
                    country,
                    first,
                    last,
                    rng.choice(["et", "et-EE", "lv", "ru", ""]),
                    birthday,
                    rng.choice(["jah", "ei", ""]),
                ]
            )
    return stats


def parse_only(path: Path) -> float:
    began = time.perf_counter()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = sum(1 for _row in csv.DictReader(handle, delimiter=";"))
    return rows / (time.perf_counter() - began)


def raw_insert(path: Path) -> float:
    """The same rows into `customers_customer`, plain SQL, no resolution."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cxloop.accounts import services as accounts

    workspace = accounts.workspace_create(slug="raw", name="Raw")
    now = timezone.now()
    sql = (
        "INSERT INTO customers_customer (workspace_id, first_name, last_name,"
        " locale, timezone, preferred_channel, preferences, attributes,"
        " created_at, updated_at) VALUES (%s, %s, %s, %s, '', '', '{}', '{}',"
        " %s, %s)"
    )
    began = time.perf_counter()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        chunk: list[tuple[object, ...]] = []
        count = 0
        for row in reader:
            chunk.append(
                (workspace.pk, row["Eesnimi"], row["Perenimi"], row["Keel"], now, now)
            )
            if len(chunk) == 1000:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, chunk)
            count += len(chunk)
    return count / (time.perf_counter() - began)


def cli_import(path: Path, env: dict[str, str]) -> tuple[float, str]:
    args = [*CXLOOP, "import", "customers", str(path), "--workspace", "bench"]
    args += ["--delimiter", ";"]
    for name, column in MAPPING.items():
        args += ["--map", f"{name}={column}"]
    began = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - began
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    return seconds, done.stderr.strip().splitlines()[-1].rsplit("\r", 1)[-1]


def counts() -> tuple[int, int, int, int]:
    from cxloop.customers.models import Customer, CustomerMerge, Identity

    bench = {"workspace__slug": "bench"}
    return (
        Customer.objects.filter(**bench, merged_into__isnull=True).count(),
        Identity.objects.filter(**bench, verified=True).count(),
        Identity.objects.filter(**bench, verified=False).count(),
        CustomerMerge.objects.filter(**bench).count(),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    env = bench_env()
    run(["migrate", "--quiet"], env)
    run(["workspace", "create", "bench", "--region", "EE"], env)
    django_setup(env)
    from django.db import connection

    path = data_dir(env) / "kliendid.csv"
    began = time.perf_counter()
    made = generate(path, args.rows)
    generated = time.perf_counter() - began
    parse_rate = parse_only(path)
    raw_rate = raw_insert(path)
    connection.close()  # the import runs in another process
    first_s, first_summary = cli_import(path, env)
    after_first = counts()
    again_s, again_summary = cli_import(path, env)
    after_again = counts()
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    shutil.rmtree(data_dir(env), ignore_errors=True)

    print(f"machine: {machine()}; database: {database}")
    print(
        f"{made.rows} rows of {made.people} people ({made.invalid_values} invalid "
        f"values, {made.broken_rows} broken rows), generated in {generated:.1f} s"
    )
    print(f"first import: {first_summary}")
    print(f"re-run: {again_summary}")
    print(
        "after the first import: {} profiles, {} verified identities, "
        "{} unverified, {} merges".format(*after_first)
    )
    if after_again != after_first:
        print(f"!! the re-run changed the counts: {after_again}")
    first_rate, again_rate = made.rows / first_s, made.rows / again_s
    print("| figure | rows/s | identities resolved/s | ratio to raw insert |")
    print("| --- | --- | --- | --- |")
    print(f"| baseline: CSV parse only | {parse_rate:,.0f} | — | — |")
    print(f"| baseline: raw SQL insert into customers | {raw_rate:,.0f} | — | 1.00 |")
    for label, seconds, rate in (
        ("`cxloop import customers`, first run", first_s, first_rate),
        ("same command again (idempotent re-run)", again_s, again_rate),
    ):
        print(
            f"| {label} ({seconds:.0f} s) | {rate:,.0f} | "
            f"{made.identities / seconds:,.0f} | {rate / raw_rate:.3f} |"
        )


if __name__ == "__main__":
    main()
