"""The one exception type services raise when they refuse to do something."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A refusal with a translated message, optionally about one input field.

    The API turns it into a 4xx JSON error (`status` decides which), web views
    show it as a form error.
    """

    status = 400

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    status = 403


class InvalidInput(DomainError):
    """A value passed the schema but not the domain's rules (e.g. time zone)."""

    status = 422
