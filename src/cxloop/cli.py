"""The `cxloop` command: run, set up and administer a cxloop installation.

Every subcommand honours CXLOOP_DATA_DIR and DATABASE_URL. Commands that
print a secret (`apikey create`) print only that on stdout, so scripts can
capture it; everything else informative goes to stderr.
"""

import argparse
import getpass
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from cxloop import __version__

if TYPE_CHECKING:
    from cxloop.accounts.models import ApiKey

Handler = Callable[[argparse.Namespace], int]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxloop.settings")
    import django

    django.setup()


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


# ---------------------------------------------------------------- commands


def cmd_migrate(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if args.quiet else 1)
    if not args.quiet:
        _err("Database is up to date.")
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from django.db import transaction

    from cxloop.accounts import selectors, services

    # Resolve the workspace first: a typo must not leave a user behind.
    workspace = selectors.workspace_get(slug=args.workspace) if args.workspace else None
    password = args.password or os.environ.get("CXLOOP_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            _err("Give --password or set CXLOOP_PASSWORD (no terminal to ask on).")
            return 2
        password = getpass.getpass("Password: ")
    with transaction.atomic():
        user = services.user_create(
            email=args.email,
            password=password,
            first_name=args.first_name,
            last_name=args.last_name,
        )
        if workspace is not None:
            services.membership_add(workspace=workspace, user=user, role=args.role)
    _err(f"Created user {user.email}.")
    return 0


def cmd_workspace_create(args: argparse.Namespace) -> int:
    from cxloop.accounts import services
    from cxloop.accounts.models import User

    owner = None
    if args.owner:
        owner = User.objects.filter(email=args.owner.lower()).first()
        if owner is None:
            _err(
                f"No user with e-mail {args.owner}; create it with `cxloop createuser`."
            )
            return 1
    workspace = services.workspace_create(
        slug=args.slug,
        name=args.name or "",
        default_locale=args.locale,
        timezone_name=args.timezone,
        phone_region=args.region,
        owner=owner,
    )
    _err(f"Created workspace {workspace.slug} ({workspace.name}).")
    return 0


def cmd_workspace_list(args: argparse.Namespace) -> int:
    from cxloop.accounts.models import Workspace

    for workspace in Workspace.objects.order_by("slug"):
        sys.stdout.write(
            f"{workspace.slug}\t{workspace.name}\t{workspace.default_locale}\t"
            f"{workspace.phone_region}\t{workspace.timezone}\n"
        )
    return 0


def cmd_apikey_create(args: argparse.Namespace) -> int:
    from cxloop.accounts import selectors, services

    workspace = selectors.workspace_get(slug=args.workspace)
    issued = services.apikey_create(workspace=workspace, kind=args.kind, name=args.name)
    sys.stdout.write(issued.token + "\n")
    _err(
        f"Created {args.kind} key {issued.api_key.masked} for {workspace.slug}. "
        "It is shown only this once."
    )
    return 0


def _apikey_row(key: "ApiKey") -> tuple[str, ...]:
    last_used = (
        key.last_used_at.strftime("%Y-%m-%d %H:%M") if key.last_used_at else "never"
    )
    return (
        key.masked,
        key.kind,
        key.name or "-",
        key.created_at.strftime("%Y-%m-%d %H:%M"),
        last_used,
        "active" if key.is_active else "revoked",
    )


def cmd_apikey_list(args: argparse.Namespace) -> int:
    from cxloop.accounts import selectors

    workspace = selectors.workspace_get(slug=args.workspace)
    header = ("KEY", "KIND", "NAME", "CREATED", "LAST USED", "STATUS")
    rows = [
        header,
        *(_apikey_row(key) for key in selectors.apikey_list(workspace=workspace)),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        line = "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        )
        sys.stdout.write(line.rstrip() + "\n")
    return 0


def cmd_apikey_revoke(args: argparse.Namespace) -> int:
    from cxloop.accounts import selectors, services

    workspace = selectors.workspace_get(slug=args.workspace)
    api_key = selectors.apikey_get_by_prefix(workspace=workspace, prefix=args.prefix)
    services.apikey_revoke(api_key=api_key)
    _err(f"Revoked {api_key.masked}.")
    return 0


def cmd_integration_add(args: argparse.Namespace) -> int:
    from cxloop.accounts import selectors
    from cxloop.integrations import services

    workspace = selectors.workspace_get(slug=args.workspace)
    created = services.connection_create(
        workspace=workspace,
        platform=args.platform,
        secret=args.secret or os.environ.get("CXLOOP_SHOP_SECRET", ""),
        shop=args.shop,
        rest_url=args.rest_url,
        rest_key=args.rest_key,
        rest_secret=args.rest_secret or os.environ.get("CXLOOP_SHOP_REST_SECRET", ""),
    )
    url = args.base_url.rstrip("/") + created.connection.webhook_path
    sys.stdout.write(url + "\n")
    _err(
        f"Connected {args.platform} to {workspace.slug}: paste the URL above "
        "into the shop's webhook settings."
    )
    if created.generated_secret:
        sys.stdout.write(created.generated_secret + "\n")
        _err("The second line is the secret to enter in the shop; shown only once.")
    return 0


def cmd_integration_list(args: argparse.Namespace) -> int:
    from cxloop.accounts import selectors as account_selectors
    from cxloop.integrations import selectors

    workspace = account_selectors.workspace_get(slug=args.workspace)
    for connection in selectors.connection_list(workspace=workspace):
        last = connection.last_delivery_at
        sys.stdout.write(
            f"{connection.pk}\t{connection.platform}\t{connection.shop or '-'}\t"
            f"{connection.secret_prefix}\t"
            f"{'active' if connection.active else 'paused'}\t"
            f"{last.strftime('%Y-%m-%d %H:%M') if last else 'never'}\t"
            f"{args.base_url.rstrip('/')}{connection.webhook_path}\n"
        )
    return 0


def cmd_integration_rest_key(args: argparse.Namespace) -> int:
    from cxloop.accounts import selectors as account_selectors
    from cxloop.integrations import selectors, services

    workspace = account_selectors.workspace_get(slug=args.workspace)
    connection = selectors.connection_get(workspace=workspace, pk=args.connection)
    connection = services.connection_set_rest_access(
        connection=connection,
        url=args.rest_url,
        key=args.rest_key,
        secret=args.rest_secret or os.environ.get("CXLOOP_SHOP_REST_SECRET", ""),
    )
    if connection.can_sync:
        _err(f"Connection {connection.pk} syncs with {connection.rest_key_prefix}.")
    else:
        _err(f"Connection {connection.pk} no longer syncs.")
    return 0


def cmd_integration_sync(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from cxloop.accounts import selectors
    from cxloop.integrations import services

    workspace = selectors.workspace_get(slug=args.workspace)
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            _err(f"cxloop: --since takes an ISO date and time, not {args.since!r}")
            return 2
        since = since if since.tzinfo else since.replace(tzinfo=UTC)
    failed = False
    results = services.shop_sync_workspace(
        workspace=workspace, platform=args.platform, since=since
    )
    for result in results:
        if isinstance(result, services.SyncFailed):
            _err(f"cxloop: connection {result.connection_id}: {result.message}")
            failed = True
            continue
        cursor = result.cursor.isoformat() if result.cursor else "-"
        sys.stdout.write(
            f"{result.connection.pk}\tread {result.read}\tnew {result.stored}\t"
            f"known {result.known}\tsynced up to {cursor}\n"
        )
        if not result.complete:
            _err(
                f"Connection {result.connection.pk}: its orders kept changing; "
                "stopped here, and the next sync goes on from where this one got."
            )
    _err("New order states are applied by the worker.")
    return 1 if failed else 0


class _ProgressBar:
    """A one-line progress bar on stderr, redrawn at most 200 times."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done, self.drawn = max(total, 1), label, 0, -1

    def __call__(self, step: int) -> None:
        self.done += step
        permille = self.done * 200 // self.total
        if permille != self.drawn:
            self.drawn = permille
            filled = self.done * 30 // self.total
            sys.stderr.write(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{self.done}/{self.total}"
            )
            sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def _mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, equals, column = pair.partition("=")
        if not equals:
            raise ValueError(f"--map takes field=Column, not {pair!r}")
        mapping[name.strip()] = column.strip()
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    import csv

    from cxloop.accounts import selectors
    from cxloop.integrations import csv_import as imports

    workspace = selectors.workspace_get(slug=args.workspace)
    try:
        mapping = _mapping(args.map)
    except ValueError as error:
        _err(str(error))
        return 2
    with open(args.file, newline="", encoding="utf-8-sig") as handle:
        total = max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=args.delimiter)
        bar = _ProgressBar(total, f"Importing {args.what}")
        run = (
            imports.customer_import
            if args.what == "customers"
            else imports.order_import
        )
        report = run(
            workspace=workspace,
            rows=reader,
            header=reader.fieldnames or [],
            mapping=mapping,
            source=args.source,
            progress=bar,
        )
        bar.close()
    report_path = args.report or f"{args.file}.report.csv"
    with open(report_path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["line", "outcome", "reason"])
        writer.writerows(report.problems)
    _err(
        f"{report.rows} rows: {report.created} {args.what} created, "
        f"{report.updated} updated, {report.rejected} rejected. "
        f"Report: {report_path}"
    )
    return 1 if report.rejected else 0


def cmd_worker(args: argparse.Namespace) -> int:
    from cxloop.worker import runner

    runner.run(batch=args.batch)
    return 0


def cmd_insights_rebuild(args: argparse.Namespace) -> int:
    from cxloop.accounts.models import Workspace
    from cxloop.insights import rollups

    workspaces = Workspace.objects.order_by("pk")
    if args.workspace:
        workspaces = workspaces.filter(slug=args.workspace)
        if not workspaces.exists():
            _err(f"No workspace {args.workspace!r}.")
            return 1
    for workspace in workspaces:
        counted = rollups.scores_rebuild(workspace=workspace)
        _err(f"{workspace.slug}: {counted} responses rolled up")
    return 0


def cmd_loyalty_check(args: argparse.Namespace) -> int:
    from cxloop.accounts.models import Workspace
    from cxloop.loyalty import selectors

    workspace = None
    if args.workspace:
        workspace = Workspace.objects.filter(slug=args.workspace).first()
        if workspace is None:
            _err(f"No workspace {args.workspace!r}.")
            return 1
    mismatches = selectors.ledger_check(workspace=workspace)
    for bad in mismatches:
        sys.stdout.write(
            f"{bad.workspace} customer {bad.customer_id}: stored {bad.stored}, "
            f"entries {bad.entries}, lots {bad.lots}\n"
        )
    _err(f"{len(mismatches)} mismatched balance(s)" if mismatches else "ledger ok")
    return 1 if mismatches else 0


def cmd_textanalysis_evaluate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cxloop.textanalysis import evaluation
    from cxloop.textanalysis.embeddings import default_embedder, topic_embedder

    data = Path(args.data) if args.data else evaluation.default_data_dir()
    if not data.is_dir():
        _err(f"No data sets at {data}: give --data DIR or set CXLOOP_SHARED_DATA.")
        return 1
    report = evaluation.run(
        data,
        languages=args.language or tuple(evaluation.LOADERS),
        limit=args.limit,
        embedder=default_embedder() if args.embeddings else None,
        cache_dir=Path(args.cache) if args.cache else None,
        topic_embedder=topic_embedder() if args.topics else None,
    )
    sys.stdout.write(evaluation.format_report(report))
    return 0


def _unapplied_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def cmd_serve(args: argparse.Namespace) -> int:
    if _unapplied_migrations():
        _err("The database is not migrated yet: run `cxloop migrate` first.")
        return 1
    return _serve(args)


def cmd_demo(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from cxloop import demo

    _err("Preparing the demo shop…")
    call_command("migrate", interactive=False, verbosity=0)
    url = f"http://{args.host}:{args.port}/"
    receiver_url = _demo_receiver_allow(args)
    demo.load(sys.stderr, receiver_url=receiver_url)
    _err(
        f"\n  cxloop demo is starting on {url}\n"
        f"  Log in as {demo.ADMIN_EMAIL} with password {demo.DEMO_PASSWORD}\n"
        f"  The demo shop with the feedback widget: {url}demo/shop\n"
    )
    return _serve(args)


def _demo_receiver_allow(args: argparse.Namespace) -> str:
    """Let the demo's webhooks reach its own receiver page, and nothing else.

    Webhooks refuse loopback addresses; the demo opts in for exactly this URL,
    here and (through the environment) in the embedded worker it starts.
    """
    from django.conf import settings

    from cxloop import demo

    host = "127.0.0.1" if args.host in ("0.0.0.0", "", "::") else args.host  # noqa: S104
    if ":" in host:
        host = f"[{host}]"
    receiver_url = f"http://{host}:{args.port}{demo.RECEIVER_PATH}"
    allowed = [*settings.CXLOOP_WEBHOOK_ALLOW_URLS, receiver_url]
    settings.CXLOOP_WEBHOOK_ALLOW_URLS = allowed
    os.environ["CXLOOP_WEBHOOK_ALLOW_URLS"] = ",".join(allowed)
    return receiver_url


def _serve(args: argparse.Namespace) -> int:
    from cxloop import server

    worker = None
    if not args.no_worker:
        # The embedded worker is a child process so that a stuck task can
        # never stall the web server, and it dies with the server.
        worker = subprocess.Popen([sys.executable, "-m", "cxloop", "worker"])  # noqa: S603
    try:
        server.run(
            host=args.host, port=args.port, workers=args.workers, threads=args.threads
        )
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


# ------------------------------------------------------------------ parser


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: %(default)s)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on (default: %(default)s)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the embedded background worker",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="web server processes (default: %(default)s)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per web process (default: %(default)s)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxloop",
        description="cxloop: self-hosted closed-loop customer experience. "
        "Settings come from CXLOOP_DATA_DIR, DATABASE_URL, REDIS_URL and friends.",
    )
    parser.add_argument("--version", action="version", version=f"cxloop {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="load the demo shop and serve it",
        description=(
            "Create the embedded database, load the demo shop and serve it "
            "with an embedded worker."
        ),
    )
    _add_serve_options(demo)
    demo.set_defaults(handler=cmd_demo)

    serve = sub.add_parser(
        "serve",
        help="run the web server (and an embedded worker)",
        description=(
            "Run the production web server (gunicorn) plus an embedded "
            "background worker unless --no-worker."
        ),
    )
    _add_serve_options(serve)
    serve.set_defaults(handler=cmd_serve)

    worker = sub.add_parser(
        "worker",
        help="run a background worker",
        description=(
            "Run a background worker: tasks, scheduled jobs and a heartbeat. "
            "Uses Redis/RQ when REDIS_URL is set, else the database."
        ),
    )
    worker.add_argument(
        "--batch", action="store_true", help="run the queued tasks, then exit"
    )
    worker.set_defaults(handler=cmd_worker)

    migrate = sub.add_parser(
        "migrate",
        help="create or upgrade the database schema",
        description="Create or upgrade the database schema.",
    )
    migrate.add_argument(
        "--quiet", action="store_true", help="print nothing on success"
    )
    migrate.set_defaults(handler=cmd_migrate)

    createuser = sub.add_parser(
        "createuser",
        help="create a dashboard user",
        description=(
            "Create a user who signs in with e-mail and password (asked for, "
            "or from --password or CXLOOP_PASSWORD)."
        ),
    )
    createuser.add_argument("--email", required=True)
    createuser.add_argument(
        "--password", help="the password (prefer CXLOOP_PASSWORD or the prompt)"
    )
    createuser.add_argument("--first-name", default="")
    createuser.add_argument("--last-name", default="")
    createuser.add_argument("--workspace", help="add the user to this workspace (slug)")
    createuser.add_argument(
        "--role",
        default="admin",
        choices=["admin", "analyst", "agent", "viewer"],
        help="role in --workspace (default: %(default)s)",
    )
    createuser.set_defaults(handler=cmd_createuser)

    workspace = sub.add_parser(
        "workspace",
        help="create or list workspaces",
        description="Create or list workspaces (tenants).",
    )
    workspace_sub = workspace.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    ws_create = workspace_sub.add_parser(
        "create", help="create a workspace", description="Create a workspace."
    )
    ws_create.add_argument("slug", help="short name used in URLs, e.g. my-shop")
    ws_create.add_argument("--name", help="display name (default: from the slug)")
    ws_create.add_argument(
        "--locale",
        default="en",
        choices=["en", "et", "lv", "fi", "lt"],
        help="default language (default: %(default)s)",
    )
    ws_create.add_argument(
        "--region",
        default="EE",
        help="default phone region, ISO 3166 code (default: %(default)s)",
    )
    ws_create.add_argument(
        "--timezone",
        default="Europe/Tallinn",
        help="IANA time zone (default: %(default)s)",
    )
    ws_create.add_argument(
        "--owner", help="e-mail of an existing user who becomes its admin"
    )
    ws_create.set_defaults(handler=cmd_workspace_create)
    ws_list = workspace_sub.add_parser(
        "list",
        help="list workspaces",
        description="List workspaces: slug, name, locale, region, time zone.",
    )
    ws_list.set_defaults(handler=cmd_workspace_list)

    apikey = sub.add_parser(
        "apikey",
        help="create, list or revoke API keys",
        description="Create, list or revoke a workspace's API keys.",
    )
    apikey_sub = apikey.add_subparsers(dest="action", required=True, metavar="ACTION")
    key_create = apikey_sub.add_parser(
        "create",
        help="create a key and print it",
        description="Create a key; only the key is printed on stdout, once.",
    )
    key_create.add_argument("--workspace", required=True, help="workspace slug")
    key_create.add_argument(
        "--kind",
        required=True,
        choices=["secret", "public"],
        help="secret (sk_…, server-side) or public (pk_…, browser-safe)",
    )
    key_create.add_argument("--name", default="", help="what the key is for")
    key_create.set_defaults(handler=cmd_apikey_create)
    key_list = apikey_sub.add_parser(
        "list",
        help="list keys (prefixes only)",
        description="List a workspace's keys by prefix; whole keys are never shown.",
    )
    key_list.add_argument("--workspace", required=True, help="workspace slug")
    key_list.set_defaults(handler=cmd_apikey_list)
    key_revoke = apikey_sub.add_parser(
        "revoke",
        help="revoke a key",
        description="Revoke a key by the prefix `apikey list` shows.",
    )
    key_revoke.add_argument("prefix", help="the key's prefix, e.g. sk_AbCdEfGh")
    key_revoke.add_argument("--workspace", required=True, help="workspace slug")
    key_revoke.set_defaults(handler=cmd_apikey_revoke)
    _add_integration_parser(sub)

    importer = sub.add_parser(
        "import",
        help="import customers or orders from a CSV file",
        description=(
            "Import customers or orders (one row per order line) from CSV. "
            "Columns named like the fields are used as they are; --map "
            "field=Column names others. Re-running a file changes nothing. "
            "Rows that cannot be stored are listed with their reason in a "
            "report file."
        ),
    )
    importer.add_argument("what", choices=["customers", "orders"])
    importer.add_argument("file", help="CSV file with a header row")
    importer.add_argument("--workspace", required=True, help="workspace slug")
    importer.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="e.g. --map email=E-post --map order_id=Tellimus (repeatable)",
    )
    importer.add_argument(
        "--source",
        default="import",
        help="where the data comes from, e.g. shopify (default: %(default)s)",
    )
    importer.add_argument("--delimiter", default=",", help="default: %(default)s")
    importer.add_argument(
        "--report", help="report file (default: FILE.report.csv beside the file)"
    )
    importer.set_defaults(handler=cmd_import)

    insights = sub.add_parser(
        "insights",
        help="maintain the metrics rollup",
        description="Insights: NPS, CSAT, CES and their rollup.",
    )
    insights_sub = insights.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    rebuild = insights_sub.add_parser(
        "rebuild",
        help="rebuild the score rollup from every stored answer",
        description=(
            "Empty the score rollup and count every stored answer again (the "
            "worker also does so by itself after a time zone change). Pages "
            "stay exact meanwhile: they read raw answers until it is done."
        ),
    )
    rebuild.add_argument("--workspace", metavar="SLUG", help="only this workspace")
    rebuild.set_defaults(handler=cmd_insights_rebuild)

    loyalty = sub.add_parser(
        "loyalty",
        help="check the points ledger",
        description="Loyalty: the points ledger.",
    )
    loyalty_sub = loyalty.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = loyalty_sub.add_parser(
        "check",
        help="recompute every balance from the ledger; exit 1 on a mismatch",
        description=(
            "Recompute every customer's points balance from the ledger's "
            "entries and from what their lots hold, print each account where "
            "these and the stored balance disagree (or one is negative), and "
            "exit with 1 if there is any."
        ),
    )
    check.add_argument("--workspace", metavar="SLUG", help="only this workspace")
    check.set_defaults(handler=cmd_loyalty_check)

    textanalysis = sub.add_parser(
        "textanalysis",
        help="evaluate language detection and sentiment",
        description="Text analysis: language, sentiment, topics.",
    )
    textanalysis_sub = textanalysis.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    evaluate = textanalysis_sub.add_parser(
        "evaluate",
        help="measure the models on labelled corpora",
        description=(
            "Measure language detection, sentiment and (with --topics) topic "
            "discovery on the labelled corpora in DIR and print Markdown tables."
        ),
    )
    evaluate.add_argument(
        "--data",
        metavar="DIR",
        help="the shared data directory "
        "(default: CXLOOP_SHARED_DATA, else ../shared/data beside the checkout)",
    )
    evaluate.add_argument(
        "--language",
        action="append",
        choices=["et", "lv", "fi", "en"],
        help="only this corpus's language (repeatable; default: all)",
    )
    evaluate.add_argument(
        "--limit", type=int, help="at most this many rows per corpus (fixed sample)"
    )
    evaluate.add_argument(
        "--embeddings",
        action="store_true",
        help="also measure the embedding-based cold start (minutes on 2 cores)",
    )
    evaluate.add_argument(
        "--topics",
        action="store_true",
        help="also measure topic discovery against nhs-fft's human topics "
        "(embeds the corpus: minutes on 2 cores)",
    )
    evaluate.add_argument(
        "--cache", metavar="DIR", help="keep computed embeddings in DIR for reruns"
    )
    evaluate.set_defaults(handler=cmd_textanalysis_evaluate)
    return parser


def _add_integration_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    base_url = os.environ.get("CXLOOP_BASE_URL", "http://127.0.0.1:8000")
    integration = sub.add_parser(
        "integration",
        help="connect e-shops (Shopify, WooCommerce, Magento 2)",
        description="Connect e-shops whose orders and customers cxloop receives.",
    )
    integration_sub = integration.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    add = integration_sub.add_parser(
        "add",
        help="connect a shop and print its webhook URL",
        description=(
            "Connect a shop; the webhook URL to paste into the shop is printed "
            "on stdout (and, when cxloop made the secret, the secret after it)."
        ),
    )
    add.add_argument("platform", choices=["shopify", "woocommerce", "magento"])
    add.add_argument("--workspace", required=True, help="workspace slug")
    add.add_argument(
        "--secret",
        help=(
            "Shopify: the app's client secret (required). WooCommerce, Magento: "
            "the shop's webhook secret or token; made for you when omitted. "
            "CXLOOP_SHOP_SECRET works too and stays out of the shell history."
        ),
    )
    add.add_argument("--shop", default="", help="the shop's domain, for reference")
    add.add_argument(
        "--base-url",
        default=base_url,
        help="this server's public address (default: CXLOOP_BASE_URL or %(default)s)",
    )
    add.add_argument(
        "--rest-url",
        default="",
        help="WooCommerce, Magento: the shop's address, for the catch-up sync "
        "(https://…)",
    )
    add.add_argument(
        "--rest-key",
        default="",
        help="WooCommerce: a REST API consumer key (ck_…); Magento: an "
        "integration's access token",
    )
    add.add_argument(
        "--rest-secret",
        default="",
        help="WooCommerce: its consumer secret (cs_…); CXLOOP_SHOP_REST_SECRET "
        "works too",
    )
    add.set_defaults(handler=cmd_integration_add)
    rest_key = integration_sub.add_parser(
        "rest-key",
        help="give a WooCommerce or Magento connection a REST API key for the sync",
        description="Give a WooCommerce connection the REST API key the catch-up "
        "sync reads the shop with (read access is enough), or a Magento one an "
        "integration's access token (as --rest-key, no secret); give the values "
        "empty to take it away.",
    )
    rest_key.add_argument("connection", type=int, help="connection id (see list)")
    rest_key.add_argument("--workspace", required=True, help="workspace slug")
    rest_key.add_argument("--rest-url", required=True, help="https://the-shop…")
    rest_key.add_argument(
        "--rest-key",
        required=True,
        help="consumer key (ck_…), or Magento's access token",
    )
    rest_key.add_argument(
        "--rest-secret",
        default="",
        help="consumer secret (cs_…); CXLOOP_SHOP_REST_SECRET works too",
    )
    rest_key.set_defaults(handler=cmd_integration_rest_key)
    sync = integration_sub.add_parser(
        "sync",
        help="read the orders a shop changed since the last sync",
        description=(
            "Catch up on what webhooks did not deliver: read the orders changed "
            "since the last sync from the shop's REST API and store them to be "
            "applied. Prints, per connection: id, orders read, new, already "
            "known, and how far the sync got."
        ),
    )
    sync.add_argument("platform", choices=["woocommerce", "magento"])
    sync.add_argument("--workspace", required=True, help="workspace slug")
    sync.add_argument(
        "--since",
        help="read the orders changed after this time (ISO 8601) instead of "
        "after the last sync; one with an offset is converted to UTC, one "
        "without is read as UTC",
    )
    sync.set_defaults(handler=cmd_integration_sync)
    listing = integration_sub.add_parser(
        "list",
        help="list a workspace's shop connections",
        description="List connections: id, platform, shop, secret prefix, "
        "status, last delivery, webhook URL.",
    )
    listing.add_argument("--workspace", required=True, help="workspace slug")
    listing.add_argument("--base-url", default=base_url, help="this server's address")
    listing.set_defaults(handler=cmd_integration_list)


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    _setup_django()
    from cxloop.errors import DomainError

    handler: Handler = args.handler
    try:
        code = handler(args)
    except DomainError as error:
        _err(f"cxloop: {error.message}")
        code = 1
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
