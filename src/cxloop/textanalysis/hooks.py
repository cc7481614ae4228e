"""Registries through which apps further down react to analysed comments.

Textanalysis sits above cases, rules and insights in the import direction,
so it cannot call them; they register here from their `AppConfig.ready()`.
A hook runs inside the transaction that stores the analysis: what it writes
commits or rolls back with it, and work for later belongs in
`transaction.on_commit`.
"""

from collections.abc import Sequence
from typing import Protocol


class AnalysedHook(Protocol):
    """Called with the responses whose language, sentiment and topics are known."""

    def __call__(self, *, workspace_id: int, response_ids: Sequence[int]) -> None: ...


_on_response_analysed: list[AnalysedHook] = []


def on_response_analysed(hook: AnalysedHook) -> None:
    if hook not in _on_response_analysed:
        _on_response_analysed.append(hook)


def response_analysed(*, workspace_id: int, response_ids: Sequence[int]) -> None:
    for hook in _on_response_analysed:
        hook(workspace_id=workspace_id, response_ids=response_ids)
