"""Every HTML page carries a strict Content-Security-Policy, and no page needs
inline code that such a policy would refuse."""

import re
from collections.abc import Callable

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.surveys import services as survey_services
from tests import factories
from tests.textanalysis import topic_factories as f

Login = Callable[[User], Client]

DASHBOARD = [
    "/app/",
    "/app/feedback/",
    "/app/surveys/",
    "/app/surveys/feedback/",
    "/app/customers/",
    "/app/journeys/",
    "/app/journeys/touchpoints/cart/",
    "/app/topics/",
    "/app/irritants/",
    "/app/drivers/",
    "/app/insights/business/",
    "/app/settings/",
    "/app/settings/members/",
    "/app/settings/api-keys/",
    "/app/settings/shops/",
]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def _directives(header: str) -> dict[str, str]:
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in header.split(";")
        if part.strip()
    }


def _assert_strict(response: object) -> None:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = _directives(header)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def _assert_no_inline_code(path: str, page: str) -> None:
    assert not INLINE_SCRIPT.search(page), f"inline <script> on {path}"
    assert not HANDLER.search(page), f"inline event handler on {path}"
    assert not STYLE_ATTRIBUTE.search(page), f"style attribute on {path}"
    assert "<style" not in page, f"<style> element on {path}"


@pytest.fixture
def busy_workspace(workspace_a: Workspace) -> Workspace:
    """Enough data that the charts, funnels and topic bars are drawn."""
    late = f.topic(workspace_a, "Late delivery")
    f.responses(workspace_a, [{"csat": 5}] * 30, comment="fine")
    f.responses(workspace_a, [{"csat": 1}] * 8, comment="late", topics=(late,))
    factories.secret_key(workspace_a, name="Sync")
    return workspace_a


def test_every_dashboard_page_sends_a_strict_policy_and_has_no_inline_code(
    login: Login, ada: User, busy_workspace: Workspace
) -> None:
    client = login(ada)
    for path in DASHBOARD:
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_strict(response)
        _assert_no_inline_code(path, response.content.decode())


def test_the_login_page_sends_the_policy_too(client: Client) -> None:
    response = client.get("/login/")
    _assert_strict(response)
    _assert_no_inline_code("/login/", response.content.decode())


def test_a_survey_page_sends_the_policy_and_has_no_inline_code(
    client: Client, workspace_a: Workspace
) -> None:
    survey = survey_services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat", key="delivery-csat"
    )
    response = client.get(f"/s/{survey.link_key}")
    assert response.status_code == 200
    _assert_strict(response)
    _assert_no_inline_code("/s/", response.content.decode())


def test_the_demo_shop_runs_under_the_strict_policy(client: Client, db: None) -> None:
    from cxloop import demo

    context = demo.DemoContext(workspace=demo._demo_workspace())
    demo.load_shop(context)
    response = client.get("/demo/shop")
    assert response.status_code == 200
    _assert_strict(response)
    _assert_no_inline_code("/demo/shop", response.content.decode())


def test_the_api_docs_render_with_inline_styles_but_no_inline_scripts(
    client: Client,
) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    directives = _directives(response["Content-Security-Policy"])
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" in directives["style-src"]


def test_json_and_static_scripts_get_no_page_policy(
    client: Client, workspace_a: Workspace
) -> None:
    key = factories.public_key(workspace_a)
    api = client.get("/api/v1/workspace", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert "Content-Security-Policy" not in api
    widget = client.get("/static/cxloop/widget.js")
    assert "Content-Security-Policy" not in widget


def test_no_static_page_can_run_a_script_from_its_query_string(client: Client) -> None:
    # The test shop page took `?src=` for its script: on cxloop's origin,
    # anyone's script with the dashboard's cookies. It is gone, and any
    # static HTML would get the strict policy.
    assert client.get("/static/cxloop/widget-test.html").status_code == 404
    from cxloop.web.csp import policy_for

    directives = _directives(policy_for("/static/cxloop/any.html"))
    assert directives["script-src"] == "'self'"
