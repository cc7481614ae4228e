"""Registries through which apps further down react to case changes.

Cases sits above `rules` and `insights` in the import direction, so it
cannot call them; they register here from their `AppConfig.ready()`. A hook
runs inside the transaction of the change: what it writes commits or rolls
back with the case, and work for later belongs in `transaction.on_commit`.
"""

from typing import Any, Protocol

from cxloop.cases.models import Case


class CaseHook(Protocol):
    """Called with the changed case and each changed field's (old, new).

    A new case comes with `changes == {"status": (None, "new")}`.
    """

    def __call__(
        self, case: Case, *, changes: dict[str, tuple[Any, Any]], actor_id: int | None
    ) -> None: ...


_on_case_changed: list[CaseHook] = []


def on_case_changed(hook: CaseHook) -> None:
    if hook not in _on_case_changed:
        _on_case_changed.append(hook)


def case_changed(
    case: Case, *, changes: dict[str, tuple[Any, Any]], actor_id: int | None
) -> None:
    for hook in _on_case_changed:
        hook(case, changes=changes, actor_id=actor_id)
