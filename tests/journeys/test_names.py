"""Stage and touchpoint names per language, and the fallbacks around them."""

import pytest
from django.utils import translation

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.journeys import selectors, services
from cxloop.journeys.models import Stage, Touchpoint
from tests import factories


def _search(workspace: Workspace) -> Touchpoint:
    return selectors.touchpoint_get(workspace=workspace, key="site_search")


def test_a_new_workspace_names_its_journey_in_all_five_languages(db: None) -> None:
    workspace = factories.workspace("pood", default_locale="et")
    search = _search(workspace)
    assert search.name == "Otsing veebilehel"  # the default language's text
    assert search.names == {
        "en": "Site search",
        "et": "Otsing veebilehel",
        "lv": "Meklēšana vietnē",
        "fi": "Sivuston haku",
        "lt": "Paieška svetainėje",
    }
    stage = selectors.stage_get(workspace=workspace, key="after_purchase")
    assert set(stage.names) == {"en", "et", "lv", "fi", "lt"}


def test_a_name_is_shown_in_the_page_language_else_the_default_one(
    workspace_a: Workspace,
) -> None:
    touchpoint = services.touchpoint_create(
        workspace=workspace_a,
        key="pickup",
        stage="after_purchase",
        names={"en": "Parcel pickup", "et": "Paki kättesaamine"},
    )
    with translation.override("et"):
        assert touchpoint.display_name == "Paki kättesaamine"
    with translation.override("fi"):  # no Finnish name: the default language's
        assert touchpoint.display_name == "Parcel pickup"


def test_renaming_in_the_default_language_keeps_the_other_languages(
    workspace_a: Workspace,
) -> None:
    search = _search(workspace_a)
    services.touchpoint_update(touchpoint=search, name="Search box")
    search.refresh_from_db()
    assert search.names["en"] == "Search box"
    assert search.names["et"] == "Otsing veebilehel"


def test_names_refuse_an_unknown_language_and_a_missing_default(
    workspace_a: Workspace,
) -> None:
    search = _search(workspace_a)
    with pytest.raises(InvalidInput) as unknown:
        services.touchpoint_update(touchpoint=search, names={"xx": "?"})  # type: ignore[dict-item]
    assert unknown.value.field == "names"
    with pytest.raises(InvalidInput) as missing:
        services.touchpoint_update(touchpoint=search, names={"et": "Otsing"})
    assert missing.value.field == "name"
    search.refresh_from_db()
    assert search.name == "Site search"


def test_built_in_names_written_in_english_are_translated_and_own_names_kept(
    db: None,
) -> None:
    workspace = factories.workspace("vana", default_locale="et")
    # As migration 0004 left older workspaces: English names, one language.
    Stage.objects.of(workspace).update(name="Purchase", names={})
    Touchpoint.objects.of(workspace).update(name="Site search", names={})
    Touchpoint.objects.of(workspace).filter(key="cart").update(
        name="Meie korv", names={"et": "Meie korv"}
    )

    services.journey_translate_default(workspace=workspace)

    search = _search(workspace)
    assert (search.name, search.names["fi"]) == ("Otsing veebilehel", "Sivuston haku")
    cart = selectors.touchpoint_get(workspace=workspace, key="cart")
    assert (cart.name, cart.names) == ("Meie korv", {"et": "Meie korv"})
    assert selectors.stage_get(workspace=workspace, key="purchase").name == "Ost"


def test_the_demo_names_its_journey_and_surveys_in_all_five_languages(
    db: None,
) -> None:
    from cxloop import demo
    from cxloop.surveys import selectors as survey_selectors
    from cxloop.surveys import services as survey_services

    context = demo.DemoContext(workspace=demo._demo_workspace())
    # As a demo loaded before names had languages left it: one language each.
    for row in Touchpoint.objects.of(context.workspace):
        row.names = {"et": row.name}
        row.save(update_fields=["names"])
    old = survey_services.survey_create_from_template(
        workspace=context.workspace, template="delivery_csat", key="delivery-csat"
    )
    old.name = "CSAT after delivery"
    old.texts = {
        code: {k: v for k, v in fields.items() if k != "name"}
        for code, fields in old.texts.items()
    }
    old.save()
    for name, step in demo.STEPS:
        if name in ("team", "surveys", "journey"):
            step(context)

    for touchpoint in selectors.touchpoint_list(workspace=context.workspace):
        assert set(touchpoint.names) == {"en", "et", "lv", "fi", "lt"}, touchpoint.key
    delivery = selectors.touchpoint_get(workspace=context.workspace, key="delivery")
    assert (delivery.name, delivery.names["lv"]) == ("Tarne", "Piegāde")
    survey = survey_selectors.survey_get(
        workspace=context.workspace, key="delivery-csat"
    )
    with translation.override("lt"):
        assert survey.display_name == "Pasitenkinimas po pristatymo"
