"""Registries through which apps further down react to stored responses.

Surveys sits above textanalysis, rules and insights in the import direction,
so it cannot call them; they register here from their `AppConfig.ready()`.
A hook runs inside the transaction that stores the response: what it writes
commits or rolls back with the response, and work for later belongs in
`transaction.on_commit`.
"""

from collections.abc import Callable

from cxloop.surveys.models import Response

ResponseHook = Callable[[Response], None]

_on_response_stored: list[ResponseHook] = []


def on_response_stored(hook: ResponseHook) -> None:
    if hook not in _on_response_stored:
        _on_response_stored.append(hook)


def response_stored(response: Response) -> None:
    for hook in _on_response_stored:
        hook(response)
