"""Registries through which apps further down react to accounts' events.

Accounts sits at the top of the import direction, so it cannot call the apps
below it; they register here from their `AppConfig.ready()` instead.
"""

from collections.abc import Callable

from cxloop.accounts.models import Workspace

WorkspaceHook = Callable[[Workspace], None]

_on_workspace_created: list[WorkspaceHook] = []


def on_workspace_created(hook: WorkspaceHook) -> None:
    if hook not in _on_workspace_created:
        _on_workspace_created.append(hook)


def workspace_created(workspace: Workspace) -> None:
    for hook in _on_workspace_created:
        hook(workspace)
