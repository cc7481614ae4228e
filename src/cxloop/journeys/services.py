"""Writes of journey events and of the journey map (stages, touchpoints)."""

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Field
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cxloop.accounts.models import LOCALE_CHOICES, Membership, User, Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import services as customer_services
from cxloop.errors import Conflict, InvalidInput
from cxloop.journeys import rollups
from cxloop.journeys.defaults import DEFAULT_JOURNEY
from cxloop.journeys.models import Event, Stage, Touchpoint

MAX_BATCH = 1000


@dataclass(frozen=True)
class EventInput:
    """One validated event as a sender described it."""

    event_id: str
    type: str
    touchpoint: str = ""
    customer_ref: dict[str, str] = field(default_factory=dict)
    anonymous_id: str = ""
    session_id: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime | None = None
    # Set by callers that already know the profile (an order's milestones);
    # otherwise the reference and anonymous id are resolved.
    customer_id: int | None = None


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int
    stored_ids: list[str]


INSERT_COLUMNS = (
    "workspace",
    "event_id",
    "type",
    "touchpoint",
    "customer_ref",
    "customer",
    "anonymous_id",
    "session_id",
    "properties",
    "occurred_at",
    "received_at",
    "ingest_batch",
)


def _insert_ignoring_known(rows: list[tuple[Any, ...]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING with executemany.

    The ingestion hot path: the ORM's bulk_create spends most of its time
    compiling per-field SQL (about 3x the insert itself on SQLite). JSON,
    time and UUID values are still prepared by their fields, as the ORM
    would; plain text and integers go to the driver as they are.
    """
    if not rows:
        return
    db = connections[Event.objects.db]  # the real connection, not the proxy
    fields = [
        cast(Field[Any, Any], Event._meta.get_field(name)) for name in INSERT_COLUMNS
    ]
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.get_attname_column()[1] or "") for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    conflict = f"{quote('workspace_id')}, {quote('event_id')}"
    # Identifiers come from the model's own metadata, never from input.
    sql = (
        f"INSERT INTO {quote(Event._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({placeholders}) ON CONFLICT ({conflict}) DO NOTHING"
    )
    preparers = [
        None
        if isinstance(field, models.CharField | models.ForeignKey)
        else partial(field.get_db_prep_save, connection=db)
        for field in fields
    ]
    prepared = [
        tuple(
            value if prepare is None else prepare(value)
            for prepare, value in zip(preparers, row, strict=True)
        )
        for row in rows
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _customer_ids(workspace: Workspace, items: list[EventInput]) -> list[int | None]:
    """The profile of each event, resolved for the whole batch at once."""
    signals = [
        customer_services.signals_from_ref(item.customer_ref, item.anonymous_id)
        if item.customer_id is None and (item.customer_ref or item.anonymous_id)
        else None
        for item in items
    ]
    resolved = customer_services.customer_resolve_many(
        workspace=workspace, signals=signals, source="events"
    )
    return [
        item.customer_id if item.customer_id is not None else customer_id
        for item, customer_id in zip(items, resolved, strict=True)
    ]


def event_ingest(*, workspace: Workspace, events: Sequence[EventInput]) -> IngestResult:
    """Store the events whose `event_id` is new to the workspace.

    Idempotent: an event id already stored, or repeated within the batch, is
    counted as a duplicate and stored nothing. Safe under concurrent retries:
    the unique constraint decides, and the batch marker counts what this call
    itself inserted. Each event's customer reference is resolved to a
    profile (created for a new e-mail, phone or shop id, never for a browser
    id alone), before the events' own transaction: on SQLite that one holds
    the only write lock, and resolving usually only reads. A profile the
    resolution created stays if storing then fails; a retry finds it.
    """
    unique: dict[str, EventInput] = {}
    for item in events:
        unique.setdefault(item.event_id, item)
    customer_ids = _customer_ids(workspace, list(unique.values()))
    return _store(workspace, list(unique.values()), customer_ids, len(events))


@transaction.atomic
def _store(
    workspace: Workspace,
    unique: list[EventInput],
    customer_ids: list[int | None],
    sent: int,
) -> IngestResult:
    batch = uuid.uuid4()
    received_at = timezone.now()
    rows = [
        (
            workspace.pk,
            item.event_id,
            item.type,
            item.touchpoint,
            item.customer_ref,
            customer_id,
            item.anonymous_id,
            item.session_id,
            item.properties,
            item.occurred_at or received_at,
            received_at,
            batch,
        )
        for item, customer_id in zip(unique, customer_ids, strict=True)
    ]
    _insert_ignoring_known(rows)
    stored_ids = list(
        Event.objects.filter(
            workspace=workspace,
            event_id__in=[item.event_id for item in unique],
            ingest_batch=batch,
        ).values_list("event_id", flat=True)
    )
    return IngestResult(
        accepted=len(stored_ids),
        duplicates=sent - len(stored_ids),
        stored_ids=stored_ids,
    )


# What customers asks of journey events (registered in apps.py) -----------


def event_move_customers(
    workspace: Workspace, survivor_id: int, merged_ids: Sequence[int]
) -> None:
    """A merge: the merged profiles' events are the survivor's."""
    customer_hooks.rows_move(Event.objects.of(workspace), survivor_id, merged_ids)


def event_identify(workspace: Workspace, owners: Mapping[str, int]) -> None:
    """Visitors identified: their earlier anonymous events join their profiles."""
    customer_hooks.rows_identify(Event.objects.of(workspace), owners)


def event_erase(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """Keep the events (counts, funnels) but nothing that names the person.

    Their moments leave the funnel rollup first, in the same transaction,
    while their session ids can still be read.
    """
    events = Event.objects.of(workspace).filter(
        customer_id__in=list(subject.customer_ids)
    )
    with transaction.atomic():
        rollups.moments_forget(workspace=workspace, events=events)
        erased = events.update(
            properties={}, customer_ref={}, anonymous_id="", session_id=""
        )
    return {"events": erased}


ORDER_TOUCHPOINTS = {
    "order_placed": "checkout",
    "order_paid": "payment",
    "order_fulfilled": "delivery",
    "order_delivered": "delivery",
    "order_cancelled": "checkout",
    "order_refunded": "returns",
}


def event_record_order_milestones(
    workspace: Workspace, milestones: Sequence[customer_hooks.OrderMilestone]
) -> None:
    """Each stage an order reaches becomes one journey event (idempotent)."""
    event_ingest(
        workspace=workspace,
        events=[
            EventInput(
                event_id=f"order:{m.source}:{m.external_id}:{m.type}"[:100],
                type=m.type,
                touchpoint=ORDER_TOUCHPOINTS.get(m.type, ""),
                customer_ref=dict(m.properties.get("customer") or {}),
                properties={k: v for k, v in m.properties.items() if k != "customer"},
                occurred_at=m.at,
                customer_id=m.customer_id,
            )
            for m in milestones
        ],
    )


# The journey map: stages and touchpoints ----------------------------------

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
EVENT_TYPE_PATTERN = re.compile(r"^[A-Za-z0-9_.:\-]{1,100}$")
MAX_LISTED = 50


class _Unchanged:
    """Marks an argument the caller did not pass (None may mean "clear")."""


UNCHANGED: Any = _Unchanged()


def _default_names(name: Any) -> dict[str, str]:
    """A built-in name (lazily translated) in every language cxloop speaks."""
    names = {}
    for code, _label in LOCALE_CHOICES:
        with translation.override(code):
            names[code] = str(name)
    return names


@transaction.atomic
def journey_create_default(*, workspace: Workspace) -> None:
    """Give the workspace the standard e-commerce journey, unless it has stages.

    Names are written in every language, and `name` in the workspace's
    default one, so each member sees them in their own language and the
    team may rename them freely afterwards.
    """
    if Stage.objects.of(workspace).exists():
        return
    default = workspace.default_locale
    for stage_position, spec in enumerate(DEFAULT_JOURNEY):
        stage_names = _default_names(spec.name)
        stage = Stage.objects.create(
            workspace=workspace,
            key=spec.key,
            name=stage_names[default],
            names=stage_names,
            position=stage_position,
        )
        touchpoints = []
        for position, item in enumerate(spec.touchpoints):
            names = _default_names(item.name)
            with translation.override(default):
                description = str(item.description)
            touchpoints.append(
                Touchpoint(
                    workspace=workspace,
                    stage=stage,
                    key=item.key,
                    name=names[default],
                    names=names,
                    position=position,
                    event_types=list(item.event_types),
                    survey_keys=list(item.survey_keys),
                    description=description,
                )
            )
        Touchpoint.objects.bulk_create(touchpoints)


@transaction.atomic
def journey_translate_default(*, workspace: Workspace) -> int:
    """Give built-in stages and touchpoints their names in every language.

    Only a row whose key is a built-in one and whose name is still a
    built-in name (in any language: migration 0004 wrote English ones) is
    touched; a name the team chose, and a translation it wrote, are kept.
    Returns how many rows changed.
    """
    specs: dict[tuple[str, str], Any] = {}
    for stage_spec in DEFAULT_JOURNEY:
        specs[("stage", stage_spec.key)] = stage_spec.name
        for item in stage_spec.touchpoints:
            specs[("touchpoint", item.key)] = item.name
    default = workspace.default_locale
    rows: list[Stage | Touchpoint] = [
        *Stage.objects.of(workspace),
        *Touchpoint.objects.of(workspace),
    ]
    changed = 0
    for row in rows:
        spec_name = specs.get((row._meta.model_name or "", row.key))
        if spec_name is None:
            continue
        builtin = _default_names(spec_name)
        if row.name not in builtin.values():
            continue
        own = {
            code: text
            for code, text in row.names.items()
            if text not in builtin.values()
        }
        names = {**builtin, **own}
        if (names[default], names) != (row.name, row.names):
            row.name, row.names = names[default], names
            row.save(update_fields=["name", "names"])
            changed += 1
    return changed


def workspace_created(workspace: Workspace) -> None:
    """Every workspace starts with a journey map to adapt (see apps.py)."""
    journey_create_default(workspace=workspace)


def _check_key(key: str) -> None:
    if not KEY_PATTERN.match(key):
        raise InvalidInput(
            _("Use 1–64 lower-case letters, digits, _ or -, e.g. site_search."),
            field="key",
        )


def _full_clean(row: Stage | Touchpoint) -> None:
    """Model validation as a domain error naming the first bad field."""
    try:
        row.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from error


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidInput(_("Give a name of 1–200 characters."), field="name")
    return name


LANGUAGES = frozenset(code for code, _label in LOCALE_CHOICES)


def _merge_names(
    *,
    workspace: Workspace,
    current: Mapping[str, str],
    name: str | None,
    names: Mapping[str, str] | None,
) -> tuple[str, dict[str, str]]:
    """The new `name` and `names` of a stage or touchpoint.

    `names` replaces the per-language names (a blank one drops that
    language); `name`, if given, is the default language's text. The two
    are kept in step: `name` is always `names[default language]`.
    """
    default = workspace.default_locale
    merged = dict(current)
    if names is not None:
        merged = {}
        for code, text in names.items():
            if code not in LANGUAGES:
                raise InvalidInput(
                    _("Unknown language %(code)s.") % {"code": code}, field="names"
                )
            if text.strip():
                if len(text.strip()) > 200:
                    raise InvalidInput(
                        _("Give a name of 1–200 characters."), field="names"
                    )
                merged[code] = text.strip()
    if name is not None:
        merged[default] = _check_name(name)
    if not merged.get(default):
        raise InvalidInput(
            _("Give a name in the workspace's default language."), field="name"
        )
    return merged[default], merged


def _next_position(positions: "models.QuerySet[Any]") -> int:
    highest = positions.aggregate(top=models.Max("position"))["top"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def stage_create(
    *,
    workspace: Workspace,
    key: str,
    name: str | None = None,
    names: Mapping[str, str] | None = None,
    position: int | None = None,
) -> Stage:
    """A new stage, named in the default language and/or per language."""
    _check_key(key)
    if Stage.objects.of(workspace).filter(key=key).exists():
        raise Conflict(_("A stage with this key already exists."), field="key")
    name, names = _merge_names(workspace=workspace, current={}, name=name, names=names)
    stage = Stage(
        workspace=workspace,
        key=key,
        name=name,
        names=names,
        position=(
            _next_position(Stage.objects.of(workspace))
            if position is None
            else position
        ),
    )
    _full_clean(stage)
    stage.save()
    return stage


@transaction.atomic
def stage_update(
    *,
    stage: Stage,
    name: str | None = None,
    names: Mapping[str, str] | None = None,
    position: int | None = None,
) -> Stage:
    fields = []
    if name is not None or names is not None:
        stage.name, stage.names = _merge_names(
            workspace=stage.workspace, current=stage.names, name=name, names=names
        )
        fields += ["name", "names"]
    if position is not None:
        stage.position = position
        fields.append("position")
    if fields:
        stage.save(update_fields=fields)
    return stage


@transaction.atomic
def stage_delete(*, stage: Stage) -> None:
    """Only an empty stage goes: its touchpoints must move or go first."""
    if stage.touchpoints.exists():
        raise Conflict(
            _("Move or delete this stage's touchpoints first."), field="stage"
        )
    stage.delete()


def _stage(workspace: Workspace, key: str) -> Stage:
    stage: Stage | None = Stage.objects.of(workspace).filter(key=key).first()
    if stage is None:
        raise InvalidInput(_("No such stage."), field="stage")
    return stage


def _owner(workspace: Workspace, email: str | None) -> User | None:
    """The member an e-mail names; owners must belong to the workspace."""
    if not email:
        return None
    membership = (
        Membership.objects.filter(workspace=workspace, user__email__iexact=email)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise InvalidInput(
            _("The owner must be a member of this workspace."), field="owner"
        )
    return membership.user


def _clean_list(
    values: Sequence[str], *, field: str, pattern: re.Pattern[str]
) -> list[str]:
    cleaned = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    if len(cleaned) > MAX_LISTED:
        raise InvalidInput(_("List at most 50."), field=field)
    for value in cleaned:
        if not pattern.match(value):
            raise InvalidInput(_("Use letters, digits, _ . : or - only."), field=field)
    return cleaned


def _check_event_types_free(
    workspace: Workspace, event_types: list[str], *, exclude_pk: int | None
) -> None:
    """An event type counts at one touchpoint only, so volumes add up."""
    others = Touchpoint.objects.of(workspace).exclude(pk=exclude_pk)
    for other in others.only("key", "name", "names", "event_types"):
        taken = sorted(set(other.event_types) & set(event_types))
        if taken:
            raise InvalidInput(
                _("%(types)s already belongs to the touchpoint %(name)s.")
                % {"types": ", ".join(taken), "name": other.display_name},
                field="event_types",
            )


@transaction.atomic
def touchpoint_create(
    *,
    workspace: Workspace,
    key: str,
    name: str | None = None,
    names: Mapping[str, str] | None = None,
    stage: str,
    owner: str | None = None,
    team: str = "",
    event_types: Sequence[str] = (),
    survey_keys: Sequence[str] = (),
    description: str = "",
    position: int | None = None,
) -> Touchpoint:
    """A new touchpoint; `stage` is a stage key and `owner` a member's e-mail.

    It is named in the default language (`name`) and/or per language
    (`names`).
    """
    _check_key(key)
    if Touchpoint.objects.of(workspace).filter(key=key).exists():
        raise Conflict(_("A touchpoint with this key already exists."), field="key")
    stage_row = _stage(workspace, stage)
    types = _clean_list(event_types, field="event_types", pattern=EVENT_TYPE_PATTERN)
    _check_event_types_free(workspace, types, exclude_pk=None)
    name, names = _merge_names(workspace=workspace, current={}, name=name, names=names)
    touchpoint = Touchpoint(
        workspace=workspace,
        key=key,
        name=name,
        names=names,
        stage=stage_row,
        owner=_owner(workspace, owner),
        team=team.strip(),
        event_types=types,
        survey_keys=_clean_list(survey_keys, field="survey_keys", pattern=KEY_PATTERN),
        description=description.strip(),
        position=(
            _next_position(stage_row.touchpoints.all())
            if position is None
            else position
        ),
    )
    _full_clean(touchpoint)
    touchpoint.save()
    return touchpoint


@transaction.atomic
def touchpoint_update(
    *,
    touchpoint: Touchpoint,
    name: str | None = None,
    names: Mapping[str, str] | None = None,
    stage: str | None = None,
    owner: Any = UNCHANGED,
    team: str | None = None,
    event_types: Sequence[str] | None = None,
    survey_keys: Sequence[str] | None = None,
    description: str | None = None,
    position: int | None = None,
) -> Touchpoint:
    """Change a touchpoint; `owner=None` clears the owner, omitting it keeps it.

    The key never changes: events and responses already carry it.
    """
    workspace = touchpoint.workspace
    fields: list[str] = []
    if name is not None or names is not None:
        touchpoint.name, touchpoint.names = _merge_names(
            workspace=workspace, current=touchpoint.names, name=name, names=names
        )
        fields += ["name", "names"]
    if stage is not None and stage != touchpoint.stage.key:
        touchpoint.stage = _stage(workspace, stage)
        fields.append("stage")
        if position is None:
            position = _next_position(touchpoint.stage.touchpoints.all())
    if owner is not UNCHANGED:
        touchpoint.owner = _owner(workspace, owner)
        fields.append("owner")
    if event_types is not None:
        types = _clean_list(
            event_types, field="event_types", pattern=EVENT_TYPE_PATTERN
        )
        _check_event_types_free(workspace, types, exclude_pk=touchpoint.pk)
        touchpoint.event_types = types
        fields.append("event_types")
    if survey_keys is not None:
        touchpoint.survey_keys = _clean_list(
            survey_keys, field="survey_keys", pattern=KEY_PATTERN
        )
        fields.append("survey_keys")
    for attribute, value in (("team", team), ("description", description)):
        if value is not None:
            setattr(touchpoint, attribute, value.strip())
            fields.append(attribute)
    if position is not None:
        touchpoint.position = position
        fields.append("position")
    if fields:
        _full_clean(touchpoint)
        touchpoint.save(update_fields=fields)
    return touchpoint


@transaction.atomic
def touchpoint_delete(*, touchpoint: Touchpoint) -> None:
    """Remove it from the map; its events and responses are kept."""
    touchpoint.delete()
