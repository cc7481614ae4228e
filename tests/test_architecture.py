"""Imports follow the direction in DESIGN.md: an app uses only apps above it.

Domain apps may import the apps listed before them in the table, and only
their `services`, `selectors`, `models` (for foreign keys and types) and
`errors`; `api`, `web` and `cli` may use every app; no app imports `api`,
`web` or `cli`.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cxloop"
DOMAIN_ORDER = [
    "accounts",
    "delivery",
    "customers",
    "journeys",
    "surveys",
    "integrations",
    "textanalysis",
    "loyalty",
    "cases",
    "rules",
    "insights",
]
ENTRY_POINTS = {"api", "web", "cli", "demo", "urls", "server"}
# Infrastructure every layer may use.
SHARED = {
    "errors",
    "envconf",
    "worker",
    "settings",
    "caching",
    "ratelimit",
    "stats",
}
PUBLIC_MODULES = {
    "services",
    "selectors",
    "models",
    "errors",
    "tenancy",
    "hooks",
    "inputs",
}


def imported_cxloop_modules(path: Path) -> list[list[str]]:
    """Each cxloop module a file imports, as parts after `cxloop.`.

    `from cxloop.accounts import services` counts as `accounts.services`.
    """
    tree = ast.parse(path.read_text())
    found: list[list[str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "cxloop":
                continue
            if len(parts) <= 2:
                found.extend([*parts[1:], alias.name] for alias in node.names)
            else:
                found.append(parts[1:])
        elif isinstance(node, ast.Import):
            found.extend(
                a.name.split(".")[1:]
                for a in node.names
                if a.name.startswith("cxloop.")
            )
    return found


def source_files(app: str) -> list[Path]:
    return [p for p in (PACKAGE / app).rglob("*.py") if "migrations" not in p.parts]


def test_the_package_has_the_expected_top_level() -> None:
    assert (PACKAGE / "accounts").is_dir()
    assert (PACKAGE / "api" / "api.py").is_file()


def test_domain_apps_import_only_upward_and_through_public_modules() -> None:
    violations = []
    present = [app for app in DOMAIN_ORDER if (PACKAGE / app).is_dir()]
    for position, app in enumerate(DOMAIN_ORDER):
        if app not in present:
            continue
        allowed_apps = set(DOMAIN_ORDER[:position])
        for path in source_files(app):
            for parts in imported_cxloop_modules(path):
                target = parts[0] if parts else ""
                if target in SHARED or target == app:
                    continue
                if target in ENTRY_POINTS:
                    violations.append(f"{path.relative_to(PACKAGE)} imports {target}")
                elif target in DOMAIN_ORDER and target not in allowed_apps:
                    violations.append(
                        f"{path.relative_to(PACKAGE)} imports {target} (below it)"
                    )
                elif target in allowed_apps and (
                    len(parts) < 2 or parts[1] not in PUBLIC_MODULES
                ):
                    violations.append(
                        f"{path.relative_to(PACKAGE)} uses {'.'.join(parts)}"
                    )
    assert violations == []


def test_infrastructure_never_imports_domain_apps_or_entry_points() -> None:
    violations = [
        f"{path.relative_to(PACKAGE)} imports {parts[0]}"
        for path in source_files("worker")
        for parts in imported_cxloop_modules(path)
        if parts and (parts[0] in DOMAIN_ORDER or parts[0] in ENTRY_POINTS)
    ]
    assert violations == []


def test_the_statistics_module_needs_neither_django_nor_another_cxloop_module() -> None:
    """Every app, however high in the table, may use it."""
    path = PACKAGE / "stats.py"
    tree = ast.parse(path.read_text())
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ]
    assert imported_cxloop_modules(path) == []
    assert not [name for name in imported if name.split(".")[0] == "django"]
