"""Writes of the journey map: stages and touchpoints, the default journey."""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cxloop.accounts.models import LOCALE_CHOICES, Membership, User, Workspace
from cxloop.errors import Conflict, InvalidInput
from cxloop.journeys.defaults import DEFAULT_JOURNEY
from cxloop.journeys.models import Stage, Touchpoint

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
