"""/api/v1/teams, /api/v1/sla-policies, /api/v1/business-calendar and
/api/v1/cases/recovery."""

from typing import Any

from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.cases import services
from cxloop.cases.models import Case
from tests.api.test_cases import call, open_case


def test_a_team_is_created_listed_changed_and_deleted(
    client: Client, key_a: str, ada: User, ben: User
) -> None:
    created = call(
        client,
        "post",
        "/api/v1/teams",
        key_a,
        {"name": "Logistics", "lead_id": ada.pk, "member_ids": [ben.pk]},
    )
    assert created.status_code == 201, created.json()
    team = created.json()
    assert team["member_ids"] == sorted([ada.pk, ben.pk])
    case = open_case(client, key_a, team="Logistics")

    renamed = call(
        client, "patch", f"/api/v1/teams/{team['id']}", key_a, {"name": "Couriers"}
    )

    assert renamed.status_code == 200
    assert renamed.json()["lead_id"] == ada.pk
    after = call(client, "get", f"/api/v1/cases/{case['id']}", key_a).json()
    assert after["team"] == "Couriers"
    listed = call(client, "get", "/api/v1/teams", key_a).json()
    assert [item["name"] for item in listed["items"]] == ["Couriers"]
    deleted = call(client, "delete", f"/api/v1/teams/{team['id']}", key_a)
    assert deleted.status_code == 204
    assert call(client, "get", "/api/v1/teams", key_a).json()["items"] == []


def test_a_team_member_from_another_workspace_is_a_422_naming_the_field(
    client: Client, key_a: str, cleo: User
) -> None:
    refused = call(
        client,
        "post",
        "/api/v1/teams",
        key_a,
        {"name": "Logistics", "member_ids": [cleo.pk]},
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "member_ids"
    twice = call(client, "post", "/api/v1/teams", key_a, {"name": "A"})
    again = call(client, "post", "/api/v1/teams", key_a, {"name": "A"})
    assert twice.status_code == 201
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "name"


def test_another_workspace_gets_404_for_a_team_and_sees_none(
    client: Client, key_a: str, key_b: str
) -> None:
    team = call(client, "post", "/api/v1/teams", key_a, {"name": "Logistics"}).json()

    url = f"/api/v1/teams/{team['id']}"
    assert call(client, "get", url, key_b).status_code == 404
    assert call(client, "patch", url, key_b, {"name": "Mine"}).status_code == 404
    assert call(client, "delete", url, key_b).status_code == 404
    assert call(client, "get", "/api/v1/teams", key_b).json()["items"] == []


def test_an_sla_policy_with_escalation_is_created_and_used_by_new_cases(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    created = call(
        client,
        "post",
        "/api/v1/sla-policies",
        key_a,
        {
            "name": "VIP",
            "targets": {"urgent": {"first_response": 30, "resolution": 240}},
            "business_hours": False,
            "escalation": "reassign",
            "is_default": True,
        },
    )
    assert created.status_code == 201, created.json()
    policy = created.json()
    assert policy["escalation"] == "reassign"
    assert policy["targets"] == {"urgent": {"first_response": 30, "resolution": 240}}

    listed = call(client, "get", "/api/v1/sla-policies", key_a).json()["items"]
    assert [(item["name"], item["is_default"]) for item in listed] == [
        ("VIP", True),
        ("Standard", False),
    ]
    case = services.case_open(
        workspace=workspace_a, title="x", source=Case.Source.MANUAL
    )
    assert case.sla_policy_id == policy["id"]
    changed = call(
        client,
        "patch",
        f"/api/v1/sla-policies/{policy['id']}",
        key_a,
        {"escalation": "notify"},
    ).json()
    assert changed["escalation"] == "notify" and changed["name"] == "VIP"
    refused = call(client, "delete", f"/api/v1/sla-policies/{policy['id']}", key_a)
    assert refused.status_code == 409
    standard = next(item for item in listed if item["name"] == "Standard")
    gone = call(client, "delete", f"/api/v1/sla-policies/{standard['id']}", key_a)
    assert gone.status_code == 204


def test_a_bad_sla_policy_is_a_4xx_naming_the_field(client: Client, key_a: str) -> None:
    def post(body: dict[str, Any]) -> Any:
        return call(client, "post", "/api/v1/sla-policies", key_a, body)

    negative = post({"name": "A", "targets": {"normal": {"resolution": -5}}})
    unknown = post({"name": "A", "targets": {"someday": {"resolution": 5}}})
    escalation = post({"name": "A", "targets": {}, "escalation": "shout"})

    for refused in (negative, unknown, escalation):
        assert refused.status_code == 422
    assert "targets" in str(negative.json()["errors"][0])
    assert "escalation" in str(escalation.json()["errors"][0])


def test_another_workspace_gets_404_for_an_sla_policy(
    client: Client, key_a: str, key_b: str
) -> None:
    policy = call(
        client, "post", "/api/v1/sla-policies", key_a, {"name": "A", "targets": {}}
    ).json()

    url = f"/api/v1/sla-policies/{policy['id']}"
    assert call(client, "get", url, key_b).status_code == 404
    assert call(client, "patch", url, key_b, {"name": "B"}).status_code == 404
    assert call(client, "delete", url, key_b).status_code == 404
    names = [
        p["name"]
        for p in call(client, "get", "/api/v1/sla-policies", key_b).json()["items"]
    ]
    assert "A" not in names


def test_the_business_calendar_is_read_and_replaced(
    client: Client, key_a: str, key_b: str
) -> None:
    schedule = {
        "timezone": "Europe/Riga",
        "hours": {"0": [["08:00", "12:00"], ["13:00", "18:00"]]},
        "holiday_countries": ["LV"],
        "closed_days": ["2026-12-31"],
    }

    replaced = call(
        client, "put", "/api/v1/business-calendar", key_a, {"schedule": schedule}
    )

    assert replaced.status_code == 200, replaced.json()
    read = call(client, "get", "/api/v1/business-calendar", key_a).json()
    assert read["schedule"]["timezone"] == "Europe/Riga"
    assert read["schedule"]["hours"]["0"] == [["08:00", "12:00"], ["13:00", "18:00"]]
    assert read["schedule"]["closed_days"] == ["2026-12-31"]
    other = call(client, "get", "/api/v1/business-calendar", key_b).json()
    assert other["schedule"]["timezone"] != "Europe/Riga"


def test_a_bad_calendar_is_a_422_naming_the_field(client: Client, key_a: str) -> None:
    refused = call(
        client,
        "put",
        "/api/v1/business-calendar",
        key_a,
        {"schedule": {"timezone": "Mars/Olympus", "hours": {}}},
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"].startswith("schedule")


def test_recovery_groups_cases_by_priority_and_flags_small_groups(
    client: Client, key_a: str, key_b: str
) -> None:
    open_case(client, key_a, priority="high")
    open_case(client, key_a, priority="high")
    open_case(client, key_a)

    found = call(client, "get", "/api/v1/cases/recovery?group_by=priority", key_a)

    assert found.status_code == 200, found.json()
    body = found.json()
    assert [(g["key"], g["cases"], g["small"]) for g in body["groups"]] == [
        ("high", 2, True),
        ("normal", 1, True),
    ]
    assert body["overall"]["cases"] == 3 and body["min_n"] == 30
    assert "association" in body["orders_after"]["note"]
    other = call(client, "get", "/api/v1/cases/recovery", key_b).json()
    assert other["overall"]["cases"] == 0 and other["groups"] == []


def test_recovery_refuses_a_bad_period_or_grouping_naming_the_field(
    client: Client, key_a: str
) -> None:
    reversed_period = call(
        client, "get", "/api/v1/cases/recovery?since=2026-12-09&until=2026-12-01", key_a
    )
    grouping = call(client, "get", "/api/v1/cases/recovery?group_by=colour", key_a)
    far = call(client, "get", "/api/v1/cases/recovery?until=9999-12-31", key_a)

    assert reversed_period.status_code == 422
    assert reversed_period.json()["errors"][0]["field"] == "since"
    assert grouping.status_code == 422
    assert "group_by" in str(grouping.json()["errors"][0])
    assert far.status_code == 422


def test_the_new_routes_are_in_the_openapi_document(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in (
        "/api/v1/cases/recovery",
        "/api/v1/teams",
        "/api/v1/teams/{team_id}",
        "/api/v1/sla-policies",
        "/api/v1/sla-policies/{policy_id}",
        "/api/v1/business-calendar",
    ):
        assert path in paths
    assert "observational" in paths["/api/v1/cases/recovery"]["get"]["description"]
