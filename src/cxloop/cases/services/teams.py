"""Teams that work cases together, each with a lead told of breaches."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from cxloop.accounts.models import User, Workspace
from cxloop.cases.models import Case, Team
from cxloop.errors import Conflict, InvalidInput

MAX_MEMBERS = 500


def _members(workspace: Workspace, user_ids: Sequence[int], field: str) -> list[User]:
    wanted = list(dict.fromkeys(user_ids))
    if len(wanted) > MAX_MEMBERS:
        raise InvalidInput(_("A team has at most 500 members."), field=field)
    found = list(
        User.objects.filter(pk__in=wanted, memberships__workspace=workspace).distinct()
    )
    if len(found) != len(wanted):
        raise InvalidInput(
            _("Every member must be a member of this workspace."), field=field
        )
    return found


@transaction.atomic
def team_save(
    *,
    workspace: Workspace,
    name: str,
    lead_id: int | None = None,
    member_ids: Sequence[int] = (),
    team: Team | None = None,
) -> Team:
    """Create or change a team; the lead counts as one of its members.

    Renaming a team renames it on the workspace's cases too, so "my team"
    and the breach e-mails keep finding them.
    """
    name = name.strip()
    if not name or len(name) > 100 or "\x00" in name:
        raise InvalidInput(
            _("Give the team a name of up to 100 characters."), field="name"
        )
    clash = Team.objects.of(workspace).filter(name=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise Conflict(_("Another team has this name."), field="name")
    lead = _members(workspace, [lead_id], "lead_id")[0] if lead_id else None
    members = _members(workspace, member_ids, "member_ids")
    if lead is not None and lead not in members:
        members.append(lead)
    old_name = team.name if team is not None else None
    team = team or Team(workspace=workspace)
    team.name = name
    team.lead = lead
    team.full_clean(exclude=["workspace", "members"])
    team.save()
    team.members.set(members)
    if old_name is not None and old_name != name:
        Case.objects.of(workspace).filter(team=old_name).update(team=name)
    return team


@transaction.atomic
def team_delete(*, team: Team) -> None:
    """Remove the team; its cases keep its name, as for a team never set up."""
    team.delete()
