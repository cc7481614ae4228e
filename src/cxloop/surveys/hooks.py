"""Registries through which apps further down react to stored responses.

Surveys sits above textanalysis, rules and insights in the import direction,
so it cannot call them; they register here from their `AppConfig.ready()`.
A hook runs inside the transaction that stores the response: what it writes
commits or rolls back with the response, and work for later belongs in
`transaction.on_commit`.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from cxloop.accounts.models import Workspace
from cxloop.surveys.models import Response


class ResponseHook(Protocol):
    """Called with a stored response; `previous_comment` is None when it is new.

    A partial response is stored again at every step of the survey page, so
    a hook can skip work when the comment did not change.
    """

    def __call__(
        self, response: Response, *, previous_comment: str | None = None
    ) -> None: ...


class RecordsHook(Protocol):
    """Fields a lower app adds to responses' records, by response pk."""

    def __call__(
        self, *, workspace: Workspace, response_pks: Sequence[int]
    ) -> Mapping[int, Mapping[str, Any]]: ...


# workspace, the `response_id`s an import stored in its transaction.
ImportHook = Callable[[Workspace, Sequence[str]], None]

_on_response_stored: list[ResponseHook] = []
_on_response_records: list[RecordsHook] = []
_on_responses_imported: list[ImportHook] = []


def on_response_stored(hook: ResponseHook) -> None:
    if hook not in _on_response_stored:
        _on_response_stored.append(hook)


def response_stored(response: Response, *, previous_comment: str | None = None) -> None:
    for hook in _on_response_stored:
        hook(response, previous_comment=previous_comment)


def on_responses_imported(hook: ImportHook) -> None:
    """Responses bulk-stored by an import, which skips `on_response_stored`
    (no rules, no analysis requests per row) but must still be counted."""
    if hook not in _on_responses_imported:
        _on_responses_imported.append(hook)


def responses_imported(workspace: Workspace, response_ids: Sequence[str]) -> None:
    if response_ids:
        for hook in _on_responses_imported:
            hook(workspace, response_ids)


def on_response_records(hook: RecordsHook) -> None:
    """Add fields (e.g. language, sentiment, topics) to exported records."""
    if hook not in _on_response_records:
        _on_response_records.append(hook)


def response_records_extra(
    *, workspace: Workspace, response_pks: Sequence[int]
) -> dict[int, dict[str, Any]]:
    extra: dict[int, dict[str, Any]] = {}
    for hook in _on_response_records:
        for pk, fields in hook(workspace=workspace, response_pks=response_pks).items():
            extra.setdefault(pk, {}).update(fields)
    return extra
