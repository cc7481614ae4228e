"""Teams: "my team" holds the cases of the teams a member leads or is in."""

import pytest

from cxloop.accounts.models import User, Workspace
from cxloop.cases import selectors, services
from cxloop.cases.models import Case
from cxloop.errors import Conflict, InvalidInput, NotFound
from cxloop.journeys.models import Touchpoint


def _open(workspace: Workspace, team: str) -> Case:
    return services.case_open(
        workspace=workspace, title="Late", source=Case.Source.MANUAL, team=team
    )


def _team_view(workspace: Workspace, user: User) -> set[str]:
    found = selectors.case_search(
        workspace=workspace, filters=selectors.CaseFilter(view="team"), user=user
    )
    return {case.team for case in found}


def test_my_team_holds_the_cases_of_teams_i_lead_or_belong_to(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    services.team_save(workspace=workspace_a, name="Logistics", member_ids=[ben.pk])
    services.team_save(workspace=workspace_a, name="Payments", lead_id=ben.pk)
    services.team_save(workspace=workspace_a, name="Returns", member_ids=[ada.pk])
    for team in ("Logistics", "Payments", "Returns", ""):
        _open(workspace_a, team)

    assert _team_view(workspace_a, ben) == {"Logistics", "Payments"}
    assert _team_view(workspace_a, ada) == {"Returns"}


def test_the_team_of_a_touchpoint_i_own_still_counts_as_mine(
    workspace_a: Workspace, ben: User
) -> None:
    touchpoint = Touchpoint.objects.of(workspace_a).get(key="delivery")
    touchpoint.owner, touchpoint.team = ben, "Couriers"
    touchpoint.save()
    _open(workspace_a, "Couriers")

    assert _team_view(workspace_a, ben) == {"Couriers"}


def test_a_team_takes_only_members_of_its_workspace_and_a_unique_name(
    workspace_a: Workspace, ben: User, cleo: User
) -> None:
    with pytest.raises(InvalidInput) as stranger:
        services.team_save(workspace=workspace_a, name="A", member_ids=[cleo.pk])
    with pytest.raises(InvalidInput) as foreign_lead:
        services.team_save(workspace=workspace_a, name="A", lead_id=cleo.pk)
    services.team_save(workspace=workspace_a, name="A")
    with pytest.raises(Conflict) as clash:
        services.team_save(workspace=workspace_a, name="A")

    assert stranger.value.field == "member_ids"
    assert foreign_lead.value.field == "lead_id"
    assert clash.value.field == "name"


def test_renaming_a_team_renames_it_on_its_cases(
    workspace_a: Workspace, ben: User
) -> None:
    team = services.team_save(workspace=workspace_a, name="Logistics", lead_id=ben.pk)
    case = _open(workspace_a, "Logistics")

    services.team_save(
        workspace=workspace_a, name="Couriers", lead_id=ben.pk, team=team
    )

    case.refresh_from_db()
    assert case.team == "Couriers"
    assert list(team.members.all()) == [ben]


def test_another_workspace_cannot_read_a_team(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    team = services.team_save(workspace=workspace_a, name="Logistics")

    with pytest.raises(NotFound):
        selectors.team_get(workspace=workspace_b, pk=team.pk)
    assert list(selectors.team_list(workspace=workspace_b)) == []


def test_a_team_s_people_are_its_lead_and_members_once_each(
    workspace_a: Workspace, ada: User, ben: User
) -> None:
    services.team_save(
        workspace=workspace_a, name="Logistics", lead_id=ada.pk, member_ids=[ben.pk]
    )

    people = selectors.team_members(workspace=workspace_a, name="Logistics")

    assert sorted(user.email for user in people) == [
        "ada@shop-a.example",
        "ben@shop-a.example",
    ]
    assert selectors.team_members(workspace=workspace_a, name="Nobody") == []
