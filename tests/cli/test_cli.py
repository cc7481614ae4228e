"""The `cxloop` command, run as a real subprocess against its own database."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import processes
from tests.processes import cli, cli_ok, django_json

PASSWORD = "a long and rather secret passphrase"
SHOWN_PREFIX = len("sk_") + 8

HELP_CASES: list[tuple[tuple[str, ...], list[str]]] = [
    ((), ["demo", "serve", "worker", "migrate", "createuser", "workspace", "apikey"]),
    (("demo",), ["--host", "--port", "--no-worker", "--workers", "--threads"]),
    (("serve",), ["--host", "--port", "--no-worker", "--workers", "--threads"]),
    (("worker",), ["--batch", "REDIS_URL"]),
    (("migrate",), ["--quiet"]),
    (
        ("createuser",),
        ["--email", "--password", "--first-name", "--workspace", "--role"],
    ),
    (("workspace",), ["create", "list"]),
    (
        ("workspace", "create"),
        ["slug", "--name", "--locale", "--region", "--timezone", "--owner"],
    ),
    (("workspace", "list"), ["slug, name, locale, region, time zone"]),
    (("apikey",), ["create", "list", "revoke"]),
    (("apikey", "create"), ["--workspace", "--kind", "--name"]),
    (("apikey", "list"), ["--workspace"]),
    (("apikey", "revoke"), ["prefix", "--workspace"]),
]


def _stderr_line(done: subprocess.CompletedProcess[str]) -> str:
    return " ".join(done.stderr.split())


def _users(env: dict[str, str], email: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = django_json(
        env,
        "from cxloop.accounts.models import User\n"
        f"result = list(User.objects.filter(email={email!r}).values("
        "'email', 'first_name'))",
    )
    return result


def _workspace_lines(env: dict[str, str]) -> list[list[str]]:
    done = cli_ok(env, "workspace", "list")
    return [line.split("\t") for line in done.stdout.splitlines()]


def _key_rows(env: dict[str, str], workspace: str) -> list[list[str]]:
    """`apikey list` as rows of cells, header first."""
    done = cli_ok(env, "apikey", "list", "--workspace", workspace)
    return [line.split() for line in done.stdout.splitlines()]


# ------------------------------------------------------------------- help


@pytest.mark.parametrize(
    ("command", "mentions"),
    HELP_CASES,
    ids=[" ".join(case[0]) or "cxloop" for case in HELP_CASES],
)
def test_every_command_explains_itself_and_its_options_in_help(
    tmp_path: Path, command: tuple[str, ...], mentions: list[str]
) -> None:
    env = processes.base_env(tmp_path)

    done = cli(env, *command, "--help")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {' '.join(('cxloop', *command))}")
    for mention in mentions:
        assert mention in done.stdout


def test_version_names_the_installed_release(tmp_path: Path) -> None:
    from cxloop import __version__

    done = cli(processes.base_env(tmp_path), "--version")

    assert done.returncode == 0
    assert done.stdout.strip() == f"cxloop {__version__}"


def test_a_command_is_required(tmp_path: Path) -> None:
    done = cli(processes.base_env(tmp_path))

    assert done.returncode == 2
    assert "required" in done.stderr


# --------------------------------------------------------------- migrate


def test_migrate_creates_the_schema_and_can_run_again(
    cli_env: dict[str, str],
) -> None:
    first = cli(cli_env, "migrate")
    assert first.returncode == 0, first.stderr
    assert "Database is up to date." in first.stderr

    again = cli(cli_env, "migrate", "--quiet")

    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert again.stderr == ""
    assert _workspace_lines(cli_env) == []


# ------------------------------------------------------------ createuser


def test_a_user_created_with_the_password_in_the_environment_can_log_in(
    migrated_env: dict[str, str],
) -> None:
    email = "grace@example.com"

    done = cli(
        migrated_env,
        "createuser",
        "--email",
        "Grace@Example.com",
        "--first-name",
        "Grace",
        extra_env={"CXLOOP_PASSWORD": PASSWORD},
    )

    assert done.returncode == 0, done.stderr
    assert f"Created user {email}." in done.stderr
    assert done.stdout == ""
    logins = django_json(
        migrated_env,
        "from django.contrib.auth import authenticate\n"
        f"result = [authenticate(username={email!r}, password=p) is not None"
        f" for p in ({PASSWORD!r}, 'not the password')]",
    )
    assert logins == [True, False]


def test_createuser_adds_the_user_to_a_workspace_with_the_given_role(
    migrated_env: dict[str, str], shop: str
) -> None:
    done = cli(
        migrated_env,
        "createuser",
        "--email",
        "hank@shared-shop.example",
        "--workspace",
        shop,
        "--role",
        "agent",
        extra_env={"CXLOOP_PASSWORD": PASSWORD},
    )

    assert done.returncode == 0, done.stderr
    roles = django_json(
        migrated_env,
        "from cxloop.accounts.models import Membership\n"
        "result = list(Membership.objects.filter("
        "user__email='hank@shared-shop.example').values_list("
        "'workspace__slug', 'role'))",
    )
    assert roles == [[shop, "agent"]]


def test_createuser_without_a_password_or_a_terminal_refuses_and_says_why(
    migrated_env: dict[str, str],
) -> None:
    done = cli(migrated_env, "createuser", "--email", "nopass@example.com")

    assert done.returncode == 2
    assert "CXLOOP_PASSWORD" in done.stderr
    assert _users(migrated_env, "nopass@example.com") == []


def test_createuser_refuses_a_second_account_for_the_same_email(
    migrated_env: dict[str, str],
) -> None:
    password = {"CXLOOP_PASSWORD": PASSWORD}
    cli_ok(
        migrated_env,
        "createuser",
        "--email",
        "twice@example.com",
        "--first-name",
        "First",
        extra_env=password,
    )

    done = cli(
        migrated_env,
        "createuser",
        "--email",
        "TWICE@example.com",
        extra_env=password,
    )

    assert done.returncode == 1
    assert "already exists" in done.stderr
    assert _users(migrated_env, "twice@example.com") == [
        {"email": "twice@example.com", "first_name": "First"}
    ]


def test_createuser_with_an_unknown_workspace_leaves_no_account_behind(
    migrated_env: dict[str, str],
) -> None:
    done = cli(
        migrated_env,
        "createuser",
        "--email",
        "typo@example.com",
        "--workspace",
        "no-such-shop",
        extra_env={"CXLOOP_PASSWORD": PASSWORD},
    )

    assert done.returncode == 1
    assert "no-such-shop" in done.stderr
    assert _users(migrated_env, "typo@example.com") == []


# ------------------------------------------------------------- workspace


def test_a_workspace_created_with_every_option_is_listed_with_them(
    migrated_env: dict[str, str],
) -> None:
    created = cli(
        migrated_env,
        "createuser",
        "--email",
        "owner@riga.example",
        extra_env={"CXLOOP_PASSWORD": PASSWORD},
    )
    assert created.returncode == 0, created.stderr

    done = cli(
        migrated_env,
        "workspace",
        "create",
        "riga-shop",
        "--name",
        "Rīgas Veikals",
        "--locale",
        "lv",
        "--region",
        "lv",
        "--timezone",
        "Europe/Riga",
        "--owner",
        "owner@riga.example",
    )

    assert done.returncode == 0, done.stderr
    assert "Created workspace riga-shop (Rīgas Veikals)." in done.stderr
    assert done.stdout == ""
    assert ["riga-shop", "Rīgas Veikals", "lv", "LV", "Europe/Riga"] in (
        _workspace_lines(migrated_env)
    )
    owners = django_json(
        migrated_env,
        "from cxloop.accounts.models import Membership\n"
        "result = list(Membership.objects.filter(workspace__slug='riga-shop')"
        ".values_list('user__email', 'role'))",
    )
    assert owners == [["owner@riga.example", "admin"]]


def test_a_workspace_created_with_only_a_slug_gets_a_name_and_defaults(
    migrated_env: dict[str, str],
) -> None:
    cli_ok(migrated_env, "workspace", "create", "plain-corner-shop")

    assert [
        "plain-corner-shop",
        "Plain Corner Shop",
        "en",
        "EE",
        "Europe/Tallinn",
    ] in _workspace_lines(migrated_env)


def test_creating_a_workspace_with_a_taken_slug_fails_with_a_clear_message(
    migrated_env: dict[str, str],
) -> None:
    cli_ok(migrated_env, "workspace", "create", "taken", "--name", "First")

    done = cli(migrated_env, "workspace", "create", "taken", "--name", "Second")

    assert done.returncode == 1
    assert _stderr_line(done) == ("cxloop: A workspace with this slug already exists.")
    names = [line[1] for line in _workspace_lines(migrated_env) if line[0] == "taken"]
    assert names == ["First"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--owner", "nobody@example.com"], "No user with e-mail nobody@example.com"),
        (["--timezone", "Mars/Olympus_Mons"], "Unknown time zone."),
    ],
    ids=["unknown owner", "unknown time zone"],
)
def test_workspace_create_with_a_bad_option_fails_and_creates_nothing(
    migrated_env: dict[str, str], options: list[str], message: str
) -> None:
    done = cli(migrated_env, "workspace", "create", "never-made", *options)

    assert done.returncode == 1
    assert message in done.stderr
    assert "never-made" not in [line[0] for line in _workspace_lines(migrated_env)]


def test_workspace_create_rejects_a_locale_it_does_not_offer(
    migrated_env: dict[str, str],
) -> None:
    done = cli(migrated_env, "workspace", "create", "klingon", "--locale", "tlh")

    assert done.returncode == 2
    assert "invalid choice: 'tlh'" in done.stderr


# ---------------------------------------------------------------- apikey


# Creates workspaces and keys through the services, in one process: the
# arrangement of a test, not what it is about.
SEED_KEYS = """
from cxloop.accounts import services
from cxloop.accounts.models import Workspace

result = []
for slug, kind, name in KEYS:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        workspace = services.workspace_create(slug=slug)
    issued = services.apikey_create(workspace=workspace, kind=kind, name=name)
    result.append(issued.token)
"""


def _seed_keys(env: dict[str, str], *keys: tuple[str, str, str]) -> list[str]:
    """Create (workspace slug, kind, name) keys; return the whole keys."""
    tokens: list[str] = django_json(env, f"KEYS = {list(keys)!r}\n{SEED_KEYS}")
    return tokens


def _shown(key: str) -> str:
    """What `apikey list` shows of a key: its prefix and an ellipsis."""
    return f"{key[:SHOWN_PREFIX]}…"


@pytest.mark.parametrize(("kind", "prefix"), [("secret", "sk_"), ("public", "pk_")])
def test_apikey_create_prints_only_the_key_on_stdout(
    migrated_env: dict[str, str], shop: str, kind: str, prefix: str
) -> None:
    done = cli(migrated_env, "apikey", "create", "--workspace", shop, "--kind", kind)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert done.stdout == lines[0] + "\n"
    key = lines[0]
    assert key.startswith(prefix)
    assert key.strip() == key
    assert len(key) > 20
    assert key not in done.stderr
    assert f"Created {kind} key {_shown(key)} for {shop}." in done.stderr
    assert "shown only this once" in done.stderr


def test_apikey_list_shows_each_key_by_prefix_and_never_whole(
    migrated_env: dict[str, str],
) -> None:
    keys = _seed_keys(
        migrated_env,
        ("listing-shop", "secret", "crm"),
        ("listing-shop", "public", "website"),
    )

    listing = cli_ok(migrated_env, "apikey", "list", "--workspace", "listing-shop")

    for key in keys:
        assert key not in listing.stdout
        assert _shown(key) in listing.stdout
    header, *rows = [line.split() for line in listing.stdout.splitlines()]
    assert header == ["KEY", "KIND", "NAME", "CREATED", "LAST", "USED", "STATUS"]
    assert sorted((row[0], row[1], row[2], row[-2], row[-1]) for row in rows) == (
        sorted(
            [
                (_shown(keys[0]), "secret", "crm", "never", "active"),
                (_shown(keys[1]), "public", "website", "never", "active"),
            ]
        )
    )


def test_a_key_revoked_by_its_listed_prefix_shows_as_revoked(
    migrated_env: dict[str, str],
) -> None:
    kept, revoked = _seed_keys(
        migrated_env,
        ("revoking-shop", "secret", "kept"),
        ("revoking-shop", "secret", "revoked"),
    )

    done = cli(
        migrated_env,
        "apikey",
        "revoke",
        _shown(revoked),
        "--workspace",
        "revoking-shop",
    )

    assert done.returncode == 0, done.stderr
    assert _stderr_line(done) == f"Revoked {_shown(revoked)}."
    status = {row[0]: row[-1] for row in _key_rows(migrated_env, "revoking-shop")[1:]}
    assert status == {_shown(kept): "active", _shown(revoked): "revoked"}


def test_a_key_can_be_revoked_by_its_bare_prefix(
    migrated_env: dict[str, str], shop: str
) -> None:
    (key,) = _seed_keys(migrated_env, (shop, "public", "bare prefix"))
    bare = key[:SHOWN_PREFIX]

    done = cli(migrated_env, "apikey", "revoke", bare, "--workspace", shop)

    assert done.returncode == 0, done.stderr
    rows = _key_rows(migrated_env, shop)
    assert [row[-1] for row in rows if row[0] == _shown(key)] == ["revoked"]


def test_revoking_a_prefix_no_key_has_fails_with_a_message(
    migrated_env: dict[str, str], shop: str
) -> None:
    done = cli(migrated_env, "apikey", "revoke", "sk_nothere", "--workspace", shop)

    assert done.returncode == 1
    assert _stderr_line(done) == "cxloop: No API key with prefix 'sk_nothere'."


def test_a_key_cannot_be_revoked_through_another_workspace(
    migrated_env: dict[str, str], shop: str
) -> None:
    (key,) = _seed_keys(migrated_env, ("owner-shop", "secret", "theirs"))

    done = cli(migrated_env, "apikey", "revoke", _shown(key), "--workspace", shop)

    assert done.returncode == 1
    assert "No API key with prefix" in done.stderr
    assert _key_rows(migrated_env, "owner-shop")[1][-1] == "active"


@pytest.mark.parametrize(
    "command",
    [
        ["apikey", "create", "--kind", "secret"],
        ["apikey", "list"],
        ["apikey", "revoke", "sk_whatever"],
    ],
    ids=["apikey create", "apikey list", "apikey revoke"],
)
def test_naming_an_unknown_workspace_fails_with_a_message(
    migrated_env: dict[str, str], command: list[str]
) -> None:
    done = cli(migrated_env, *command, "--workspace", "no-such-shop")

    assert done.returncode == 1
    assert _stderr_line(done) == "cxloop: No workspace with slug 'no-such-shop'."
    assert done.stdout == ""


# ------------------------------------------------------- demo and serve


COUNT_ROWS = (
    "from cxloop.accounts.models import Membership, User, Workspace\n"
    "from django.contrib.auth import authenticate\n"
    "from cxloop import demo\n"
    "result = {\n"
    "    'users': User.objects.count(),\n"
    "    'workspaces': Workspace.objects.count(),\n"
    "    'memberships': Membership.objects.count(),\n"
    "    'admin_logs_in': authenticate(\n"
    "        username=demo.ADMIN_EMAIL, password=demo.DEMO_PASSWORD\n"
    "    ) is not None,\n"
    "}\n"
)


def test_loading_the_demo_twice_adds_nothing_the_second_time(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    counts = []
    for _ in range(2):
        with processes.serving("demo", cli_env, tmp_path, "--no-worker") as demo:
            assert "cxloop-demo" in demo.log_tail(lines=200)
        counts.append(django_json(cli_env, COUNT_ROWS))

    assert counts[0] == counts[1]
    assert counts[0]["workspaces"] >= 1
    assert counts[0]["users"] >= 5
    assert counts[0]["memberships"] >= 5
    assert counts[0]["admin_logs_in"] is True


def test_serve_answers_healthz_and_its_embedded_worker_reports_in(
    fresh_migrated_env: dict[str, str], tmp_path: Path
) -> None:
    with processes.serving("serve", fresh_migrated_env, tmp_path) as server:
        first = processes.healthz(server)
        assert first is not None
        assert first["status"] == "ok"
        assert first["database"] == {
            "ok": True,
            "vendor": "postgresql" if processes.on_postgres() else "sqlite",
        }
        body = processes.wait_for(
            lambda: _with_live_worker(processes.healthz(server)),
            timeout=30,
            what="the embedded worker's heartbeat",
            alive=server,
        )
        assert any(
            "cxloop worker" in command for command in processes.group_commands(server)
        )

    assert body["worker"]["ok"] is True
    assert body["worker"]["last_heartbeat_at"] is not None


def _with_live_worker(body: dict[str, Any] | None) -> dict[str, Any] | None:
    return body if body is not None and body["worker"]["ok"] else None


def test_serve_without_worker_starts_none_and_reports_no_heartbeat(
    fresh_migrated_env: dict[str, str], tmp_path: Path
) -> None:
    env = fresh_migrated_env
    with processes.serving("serve", env, tmp_path, "--no-worker") as server:
        body = processes.healthz(server)
        commands = processes.group_commands(server)
        log = server.log_tail()

    assert body is not None, log
    assert body["database"]["ok"] is True
    assert body["worker"] == {
        "last_heartbeat_at": None,
        "heartbeat_age_seconds": None,
        "ok": False,
    }, log
    assert commands
    assert not any("cxloop worker" in command for command in commands), commands


def test_serve_on_an_unmigrated_database_exits_and_says_to_migrate(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    argv = [*processes.CLI, "serve", "--port", str(processes.free_port())]

    with processes.running("serve", argv, cli_env, tmp_path) as server:
        code = server.popen.wait(timeout=60)
        output = server.log_tail()

    assert code != 0
    assert "run `cxloop migrate`" in output
    assert "Traceback" not in output
