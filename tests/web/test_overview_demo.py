"""The Overview and Journeys over the demo shop: the same figures as the
pages they summarise, and a figure for every touchpoint that has answers."""

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cxloop.accounts.models import Membership, Workspace
from cxloop.cases import recovery
from cxloop.cases.models import ACTIVE_STATUSES, Case
from cxloop.surveys.models import Response
from tests.demo_shop import demo_person

pytestmark = pytest.mark.django_db


def _client(role: str = Membership.Role.ANALYST) -> Client:
    client = Client()
    client.force_login(demo_person(role))
    return client


def test_the_overview_counts_open_cases_and_sla_as_the_recovery_page_does(
    demo_shop: Workspace,
) -> None:
    page = _client().get("/app/?period=90").content.decode()

    cases = page.split('id="cases-heading"')[1].split("</section>")[0]
    for priority in Case.Priority.values:
        count = Case.objects.filter(
            workspace=demo_shop, status__in=ACTIVE_STATUSES, priority=priority
        ).count()
        box = cases.split(f'class="priority-{priority}"')[1].split("</div>")[0]
        assert f">{count}</a>" in box
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(demo_shop.timezone))
    measured = recovery.recovery_measures(
        workspace=demo_shop, since=today - timedelta(days=89), until=today
    ).overall.sla_attainment
    assert measured.n > 0
    assert f"n = {measured.n}" in cases
    assert f'<p class="sla-value">{round(measured.value or 0)} %</p>' in cases


def test_every_touchpoint_with_answers_shows_its_own_score_on_journeys(
    demo_shop: Workspace,
) -> None:
    page = _client().get("/app/journeys/?days=90").content.decode()

    since = timezone.now() - timedelta(days=90)
    answered = set(
        Response.objects.filter(workspace=demo_shop, submitted_at__gte=since)
        .exclude(touchpoint="")
        .values_list("touchpoint", flat=True)
    )
    assert {"delivery", "site_search", "support_contact"} <= answered
    for key in answered:
        card = page.split(f'data-touchpoint="{key}"')[1].split("</li>")[0]
        score = card.split('class="touchpoint-score"')[1].split("</div>")[0]
        assert re.search(r"\d", score), (key, score)


def test_a_viewer_reads_the_overview_of_the_demo(demo_shop: Workspace) -> None:
    response = _client(Membership.Role.VIEWER).get("/app/?period=365")

    assert response.status_code == 200
    page = response.content.decode()
    for part in ("Week by week", "The journey", "Top irritants", "Latest comments"):
        assert part in page
