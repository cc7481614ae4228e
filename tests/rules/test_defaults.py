"""A new workspace starts with the default rules of issue 13, and they work."""

import importlib

import pytest
from django.apps import apps

from cxloop.accounts.models import User, Workspace
from cxloop.cases.models import Case
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys import services as journey_services
from cxloop.rules import services
from cxloop.rules.models import DigestItem, Rule
from cxloop.textanalysis.models import CommentAnalysis
from tests import factories as common
from tests.rules import factories

pytestmark = pytest.mark.django_db(transaction=True)
SEEDS = {"detractor-case", "search-not-found-digest", "negative-feedback-case"}


def _rules(workspace: Workspace) -> list[tuple[str, str, list[object], list[object]]]:
    return [
        (rule.seed_key, rule.trigger, rule.conditions, rule.actions)
        for rule in Rule.objects.filter(workspace=workspace).order_by("seed_key")
    ]


@pytest.fixture
def shop(db: None) -> Workspace:
    return common.workspace("shop-d", name="Shop D")


def test_a_new_workspace_starts_with_the_three_default_rules_enabled(
    shop: Workspace,
) -> None:
    rules = Rule.objects.filter(workspace=shop)

    assert {rule.seed_key for rule in rules} == SEEDS
    assert all(rule.enabled for rule in rules)


def test_seeding_the_defaults_again_adds_nothing(shop: Workspace) -> None:
    assert services.rules_seed_defaults(workspace=shop) == []
    assert Rule.objects.filter(workspace=shop).count() == 3


def test_a_new_estonian_workspace_gets_its_default_rules_named_in_estonian(
    db: None,
) -> None:
    estonian = common.workspace("pood-e", name="Pood E", default_locale="et")

    names = set(Rule.objects.filter(workspace=estonian).values_list("name", flat=True))

    assert "Negatiivne vabatekst → juhtum" in names
    assert "Negative free text → case" not in names


def test_the_migration_gives_older_workspaces_the_same_rules_once(
    shop: Workspace,
) -> None:
    older = common.workspace("shop-old", name="Old")
    Rule.objects.filter(workspace=older).delete()
    migration = importlib.import_module("cxloop.rules.migrations.0002_default_rules")

    migration.seed(apps, None)
    migration.seed(apps, None)

    assert _rules(older) == _rules(shop)


def test_the_default_detractor_rule_opens_a_case_with_the_default_sla(
    shop: Workspace,
) -> None:
    factories.survey(shop, "relationship_nps")

    factories.response(shop, {"nps": 6}, survey_key="relationship-nps")
    factories.response(shop, {"nps": 7}, survey_key="relationship-nps")

    case = Case.objects.get()
    assert case.priority == "normal"
    assert case.sla_policy is not None and case.sla_policy.is_default


def test_the_default_search_rule_queues_a_no_for_the_search_owners_daily_digest(
    shop: Workspace,
) -> None:
    owner: User = common.member(shop, "sam@shop-d.example")
    search = journey_selectors.touchpoint_get(workspace=shop, key="site_search")
    journey_services.touchpoint_update(touchpoint=search, owner=owner.email)
    factories.survey(shop, "search_found")

    factories.response(shop, {"found": False}, survey_key="search-found")
    factories.response(shop, {"found": True}, survey_key="search-found")

    (item,) = DigestItem.objects.filter(workspace=shop)
    assert (item.recipient_id, item.digest) == (owner.pk, "daily")
    assert not Case.objects.exists()


def test_the_default_negative_feedback_rule_opens_a_case_once_analysed(
    shop: Workspace,
) -> None:
    from django.db import transaction

    from cxloop.textanalysis import hooks as text_hooks

    review = factories.response(
        shop, {"text": "Rude staff."}, survey_key="feedback", channel="review"
    )
    praise = factories.response(
        shop, {"text": "Lovely shop."}, survey_key="feedback", channel="review"
    )
    # What textanalysis stores, then tells in the same transaction.
    with transaction.atomic():
        for response, label in [(review, "negative"), (praise, "positive")]:
            CommentAnalysis.objects.update_or_create(
                response=response,
                defaults={
                    "workspace": shop,
                    "status": "done",
                    "language": "en",
                    "sentiment_label": label,
                },
            )
        text_hooks.response_analysed(
            workspace_id=shop.pk, response_ids=[review.pk, praise.pk]
        )

    case = Case.objects.get()
    assert case.response_id == review.pk
