"""The filter bars that share the period form say when a period runs backwards."""

from collections.abc import Callable

import pytest
from django.test import Client

from cxloop.accounts.models import User

Login = Callable[[User], Client]


@pytest.mark.parametrize(
    "url",
    [
        "/app/feedback/",
        "/app/topics/",
        "/app/irritants/",
        "/app/drivers/",
        "/app/insights/business/",
    ],
)
def test_a_from_date_after_the_to_date_is_explained_on_the_from_field(
    login: Login, ada: User, url: str
) -> None:
    response = login(ada).get(url, {"since": "2026-05-01", "until": "2026-04-01"})
    assert response.status_code == 200
    page = response.content.decode()
    since_field = page.split('id="id_since"')[1].split("</div>")[0]
    assert "The start must not be after the end." in since_field


@pytest.mark.parametrize(
    "url",
    ["/app/feedback/", "/app/topics/", "/app/irritants/", "/app/insights/business/"],
)
def test_the_touchpoint_filter_lists_the_workspaces_touchpoints_by_name(
    login: Login, ada: User, url: str
) -> None:
    page = login(ada).get(url).content.decode()
    assert '<option value="delivery">Delivery</option>' in page
    assert '<select name="touchpoint"' in page
