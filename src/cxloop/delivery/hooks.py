"""The event types endpoints can subscribe to: a registry other apps extend.

An app below `delivery` in DESIGN's table registers its own types from its
`AppConfig.ready()` (`hooks.event_type_register("case.opened", ...)`), so
`delivery` never imports it. The types named by issue 13 are registered
here, so endpoints can subscribe to cases before that app exists.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    name: str
    description: str | Promise


_registry: dict[str, EventType] = {}


def event_type_register(name: str, description: str | Promise) -> None:
    _registry[name] = EventType(name=name, description=description)


def event_type_list() -> list[EventType]:
    return sorted(_registry.values(), key=lambda event: event.name)


def event_type_exists(name: str) -> bool:
    return name in _registry


# Sent by "Send test event"; never emitted by a change.
TEST_EVENT = "webhook.test"

for _name, _description in [
    ("response.created", _("A survey response was stored.")),
    ("response.analysed", _("A response's comment was analysed.")),
    ("customer.merged", _("Two customer profiles were merged into one.")),
    ("case.opened", _("A case was opened.")),
    ("case.updated", _("A case changed status, owner or priority.")),
    ("case.closed", _("A case was closed.")),
    (TEST_EVENT, _("A test event sent from the settings.")),
]:
    event_type_register(_name, _description)
