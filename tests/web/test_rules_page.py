"""Settings → Rules: admins configure with rows, not JSON; the others read."""

from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import Membership, User, Workspace
from cxloop.rules.models import Rule
from cxloop.surveys import services as survey_services
from tests import factories

pytestmark = pytest.mark.django_db
LIST = "/app/settings/rules/"
NEW = "/app/settings/rules/new/"


def _form(**fields: Any) -> dict[str, Any]:
    data = {
        "name": "Unhappy delivery",
        "description": "",
        "trigger": "response.stored",
        "match": "all",
        "enabled": "on",
        "throttle_days": "7",
        "conditions-TOTAL_FORMS": "2",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-field": "csat",
        "conditions-0-op": "lte",
        "conditions-0-value": "2",
        "conditions-1-field": "touchpoint",
        "conditions-1-op": "eq",
        "conditions-1-value": "delivery",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-type": "tag_response",
        "actions-0-tags": "late, wet",
        "actions-0-priority": "normal",
        "actions-0-digest": "daily",
        "do": "save",
    }
    data.update(fields)
    return data


def test_an_admin_creates_a_rule_from_condition_and_action_rows(
    client: Client, ada: User, workspace_a: Workspace
) -> None:
    client.force_login(ada)

    response = client.post(NEW, _form())

    rule = Rule.objects.get(workspace=workspace_a, name="Unhappy delivery")
    assert response.status_code == 302
    assert rule.conditions == [
        {"field": "csat", "op": "lte", "value": 2.0},
        {"field": "touchpoint", "op": "eq", "value": "delivery"},
    ]
    assert rule.actions == [{"type": "tag_response", "tags": ["late", "wet"]}]
    assert rule.created_by == ada


def test_a_bad_condition_row_shows_its_error_beside_the_value(
    client: Client, ada: User, workspace_a: Workspace
) -> None:
    client.force_login(ada)

    response = client.post(NEW, _form(**{"conditions-0-value": "two"}))

    assert response.status_code == 200
    assert "Condition 1: give a number." in response.content.decode()
    assert not Rule.objects.filter(name="Unhappy delivery").exists()


def test_add_a_condition_shows_one_more_empty_row_and_saves_nothing(
    client: Client, ada: User
) -> None:
    client.force_login(ada)

    response = client.post(NEW, _form(do="add_condition"))

    assert response.status_code == 200
    assert 'name="conditions-2-field"' in response.content.decode()
    assert not Rule.objects.filter(name="Unhappy delivery").exists()


def test_preview_shows_how_many_responses_would_have_matched(
    client: Client, ada: User, workspace_a: Workspace
) -> None:
    survey_services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat"
    )
    for csat, comment in [(1, "<b>wet</b> parcel"), (2, ""), (5, "")]:
        survey_services.response_submit(
            workspace=workspace_a,
            data=survey_services.ResponseInput(
                survey_key="delivery-csat",
                answers={"csat": csat, "comment": comment}
                if comment
                else {"csat": csat},
                channel="api",
            ),
        )
    client.force_login(ada)

    page = client.post(NEW, _form(do="preview")).content.decode()

    assert "would have matched 2 times in the last 30 days" in page
    assert "&lt;b&gt;wet&lt;/b&gt; parcel" in page
    assert not Rule.objects.filter(name="Unhappy delivery").exists()


def test_an_admin_edits_a_rule_and_sees_its_rows_filled_in(
    client: Client, ada: User, workspace_a: Workspace
) -> None:
    client.force_login(ada)
    client.post(NEW, _form())
    rule = Rule.objects.get(name="Unhappy delivery")

    page = client.get(f"/app/settings/rules/{rule.pk}/edit/").content.decode()
    client.post(
        f"/app/settings/rules/{rule.pk}/edit/",
        _form(**{"conditions-0-value": "1", "name": "Very unhappy"}),
    )

    assert 'value="late, wet"' in page
    rule.refresh_from_db()
    assert rule.name == "Very unhappy"
    assert rule.conditions[0]["value"] == 1.0


def test_the_list_toggles_a_rule_off(client: Client, ada: User) -> None:
    client.force_login(ada)
    client.post(NEW, _form())
    rule = Rule.objects.get(name="Unhappy delivery")

    client.post(f"/app/settings/rules/{rule.pk}/enabled/", {"enabled": "0"})

    rule.refresh_from_db()
    assert not rule.enabled
    assert "Unhappy delivery" in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    "role",
    [Membership.Role.ANALYST, Membership.Role.AGENT, Membership.Role.VIEWER],
)
def test_other_roles_read_rules_but_cannot_change_them(
    client: Client, workspace_a: Workspace, role: str
) -> None:
    reader = factories.member(workspace_a, f"{role}@shop-a.example", role)
    rule = Rule.objects.filter(workspace=workspace_a).first()
    assert rule is not None
    client.force_login(reader)

    listed = client.get(LIST)
    detail = client.get(f"/app/settings/rules/{rule.pk}/")

    assert listed.status_code == detail.status_code == 200
    assert rule.name in listed.content.decode()
    assert "New rule" not in listed.content.decode()
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _form()).status_code == 403
    assert (
        client.post(
            f"/app/settings/rules/{rule.pk}/enabled/", {"enabled": "0"}
        ).status_code
        == 403
    )
    assert client.post(f"/app/settings/rules/{rule.pk}/delete/").status_code == 403
    assert Rule.objects.filter(pk=rule.pk, enabled=True).exists()


def test_another_workspaces_admin_cannot_reach_a_rule(
    client: Client, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    client.force_login(ada)
    client.post(NEW, _form(name="Shop A only"))
    rule = Rule.objects.get(workspace=workspace_a, name="Shop A only")
    client.force_login(cleo)

    assert client.get(f"/app/settings/rules/{rule.pk}/").status_code == 404
    assert client.get(f"/app/settings/rules/{rule.pk}/edit/").status_code == 404
    assert client.post(f"/app/settings/rules/{rule.pk}/delete/").status_code == 404
    assert rule.name not in client.get(LIST).content.decode()
    assert Rule.objects.filter(pk=rule.pk).exists()


def test_the_settings_tabs_link_to_the_rules(client: Client, ben: User) -> None:
    client.force_login(ben)

    assert (
        'href="/app/settings/rules/"' in client.get("/app/settings/").content.decode()
    )
