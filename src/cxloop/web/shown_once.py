"""A secret shown once, on the page a post/redirect/get leads to.

A new API key or shop secret is kept only as a digest, so the page after the
form is the one chance to copy it. It waits in the session for exactly one
page view; one not shown within SHOW_WITHIN_SECONDS is dropped, never shown
later (a reload must not show it again, nor create a second one).
"""

import time

from django.http import HttpRequest

SHOW_WITHIN_SECONDS = 120


def keep_for_next_page(request: HttpRequest, name: str, **values: str) -> None:
    request.session[name] = {**values, "at": time.time()}


def take_kept(request: HttpRequest, name: str) -> dict[str, str] | None:
    """What `keep_for_next_page` left under `name`, once, if still fresh."""
    stored = request.session.pop(name, None)
    if not isinstance(stored, dict):
        return None
    if time.time() - float(stored.get("at", 0)) > SHOW_WITHIN_SECONDS:
        return None
    return {key: str(value) for key, value in stored.items() if key != "at"}
