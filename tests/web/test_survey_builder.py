"""The dashboard's survey builder: create, edit one language, preview, refuse."""

from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.errors import InvalidInput
from cxloop.surveys import selectors, services
from cxloop.surveys.models import Response, Survey
from cxloop.web.forms import surveys as builder_forms
from tests import factories


@pytest.fixture
def nps(workspace_a: Workspace) -> Survey:
    return services.survey_create_from_template(
        workspace=workspace_a, template="relationship_nps", key="nps"
    )


def edit_data(survey: Survey, language: str, **changes: Any) -> dict[str, Any]:
    """What the edit page posts when nothing is changed, plus `changes`."""
    survey.refresh_from_db()
    questions = selectors.question_list(survey=survey)
    data: dict[str, Any] = {
        "name": survey.name,
        "status": survey.status,
        "default_language": survey.default_language,
        "touchpoint": survey.touchpoint,
        "trigger_event": survey.trigger_event,
        "title": survey.texts.get(language, {}).get("title", ""),
        "thank_you": survey.texts.get(language, {}).get("thank_you", ""),
        "priority": survey.priority,
        "sample_percent": round(survey.sample_rate * 100),
        "recontact_days": survey.recontact_days,
        "email_delay_minutes": survey.email_delay_minutes,
        "q-TOTAL_FORMS": len(questions) + 1,
        "q-INITIAL_FORMS": len(questions),
        "q-MIN_NUM_FORMS": 0,
        "q-MAX_NUM_FORMS": 100,
    }
    if survey.email_invitations:
        data["email_invitations"] = "on"
    for index, question in enumerate(questions):
        for name, value in builder_forms.question_initial(question, language).items():
            if name == "required":
                if value:
                    data[f"q-{index}-required"] = "on"
            else:
                data[f"q-{index}-{name}"] = value
    data[f"q-{len(questions)}-type"] = "text"
    data.update(changes)
    return data


def test_the_list_shows_every_survey_with_its_responses(
    login: Any, ada: User, nps: Survey
) -> None:
    page = login(ada).get("/app/surveys/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Relationship NPS" in html
    assert "/app/surveys/nps/" in html


def test_creating_from_a_template_makes_a_draft_and_opens_the_editor(
    login: Any, ada: User, workspace_a: Workspace
) -> None:
    response = login(ada).post(
        "/app/surveys/new/",
        {"template": "delivery_csat", "key": "after-delivery", "name": "Tarne"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/app/surveys/after-delivery/"
    survey = selectors.survey_get(workspace=workspace_a, key="after-delivery")
    assert survey.status == Survey.Status.DRAFT
    assert survey.name == "Tarne"
    assert selectors.question_list(survey=survey)


def test_a_taken_key_is_refused_naming_the_field(
    login: Any, ada: User, nps: Survey
) -> None:
    response = login(ada).post(
        "/app/surveys/new/", {"template": "blank", "key": "nps", "name": "Again"}
    )

    assert response.status_code == 422
    assert "A survey with this key already exists." in response.content.decode()


def test_editing_estonian_texts_keeps_the_other_languages(
    login: Any, ada: User, nps: Survey
) -> None:
    english_before = selectors.question_list(survey=nps)[0].texts["en"]["label"]
    data = edit_data(
        nps,
        "et",
        **{"q-0-label": "Kas soovitaksite meid sõbrale?", "title": "Meie küsimus"},
    )

    response = login(ada).post("/app/surveys/nps/?lang=et", data)

    assert response.status_code == 302
    nps.refresh_from_db()
    first = selectors.question_list(survey=nps)[0]
    assert first.texts["et"]["label"] == "Kas soovitaksite meid sõbrale?"
    assert first.texts["en"]["label"] == english_before
    assert nps.texts["et"]["title"] == "Meie küsimus"
    assert nps.texts["en"]["title"]


def test_a_question_is_added_with_a_condition_and_another_removed(
    login: Any, ada: User, nps: Survey
) -> None:
    questions = selectors.question_list(survey=nps)
    last = len(questions)
    data = edit_data(
        nps,
        "en",
        **{
            f"q-{last}-key": "channel",
            f"q-{last}-type": "single_choice",
            f"q-{last}-label": "Where did you hear of us?",
            f"q-{last}-choices": "friend: A friend\nad: An advert",
            f"q-{last}-condition_question": "nps",
            f"q-{last}-condition_op": "gte",
            f"q-{last}-condition_value": "9",
            "q-1-retire": "on",
        },
    )

    response = login(ada).post("/app/surveys/nps/", data)

    assert response.status_code == 302
    keys = [q.key for q in selectors.question_list(survey=nps)]
    assert keys[-1] == "channel"
    assert questions[1].key not in keys
    added = selectors.question_list(survey=nps)[-1]
    assert added.condition == {"question": "nps", "op": "gte", "value": 9}
    assert added.choices[1] == {"key": "ad", "texts": {"en": "An advert"}}


def test_an_answered_question_cannot_change_its_type(
    login: Any, ada: User, nps: Survey, workspace_a: Workspace
) -> None:
    services.response_submit(
        workspace=workspace_a,
        data=services.ResponseInput(
            response_id="r1", survey_key="nps", channel="api", answers={"nps": 9}
        ),
    )
    data = edit_data(nps, "en", **{"q-0-type": "csat"})

    response = login(ada).post("/app/surveys/nps/", data)

    assert response.status_code == 422
    assert selectors.question_list(survey=nps)[0].type == "nps"


def test_the_preview_shows_every_question_in_the_chosen_language_and_stores_nothing(
    login: Any, ada: User, nps: Survey
) -> None:
    data = edit_data(nps, "en", **{"q-0-label": "Would you <script>x</script>?"})
    login(ada).post("/app/surveys/nps/", data)

    page = login(ada).get("/app/surveys/nps/preview/?lang=et")

    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="et">' in html
    assert "Mida peaksime paremini tegema?" in html  # a conditional question too
    assert "Saada" in html  # the respondent's built-in strings in Estonian too
    assert "<script>x</script>" not in html
    assert " disabled " in html
    assert Response.objects.count() == 0


def test_an_agent_may_look_but_not_change(login: Any, ben: User, nps: Survey) -> None:
    client = login(ben)
    data = edit_data(nps, "en", name="Renamed by an agent")

    looked = client.get("/app/surveys/nps/")
    client.post("/app/surveys/nps/", data)
    created = client.post(
        "/app/surveys/new/", {"template": "blank", "key": "x", "name": "X"}
    )

    assert looked.status_code == 200
    nps.refresh_from_db()
    assert nps.name != "Renamed by an agent"
    assert created.status_code == 403


def test_another_workspaces_survey_is_missing(
    client: Client, workspace_b: Workspace, nps: Survey
) -> None:
    cleo = factories.member(workspace_b, "cleo@shop-b.example")
    client.force_login(cleo)

    assert client.get("/app/surveys/nps/").status_code == 404
    assert client.get("/app/surveys/nps/preview/").status_code == 404


def test_the_builder_explains_why_a_person_would_not_be_asked(
    login: Any, ada: User, nps: Survey, workspace_a: Workspace
) -> None:
    from cxloop.surveys import offers

    # No quiet hours: the answer must not depend on the time of day.
    services.contact_policy_update(
        workspace=workspace_a,
        quiet_days=14,
        per_session=1,
        per_quarter=3,
        quiet_hours_start=None,
        quiet_hours_end=None,
    )
    person = offers.Person(customer_ref={"email": "mari@example.ee"})
    offers.survey_opt_out(workspace=workspace_a, person=person)

    opted_out = login(ada).get("/app/surveys/nps/?email=mari@example.ee")
    stranger = login(ada).get("/app/surveys/nps/?email=jaan@example.ee")

    assert "Not now: has opted out of surveys." in opted_out.content.decode()
    assert "Yes: the contact policy allows asking now." in stranger.content.decode()


def test_a_key_longer_than_64_characters_is_refused_not_cut(
    login: Any, ada: User, workspace_a: Workspace
) -> None:
    client = login(ada)
    form = client.get("/app/surveys/").content.decode()
    key_input = form.split('name="key"')[1].split(">")[0]
    assert "maxlength" not in key_input  # the browser would cut a pasted key
    response = client.post(
        "/app/surveys/new/", {"template": "blank", "key": "k" * 65, "name": "Long"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    key_field = page.split('name="key"')[1].split("</div>")[0]
    assert "At most 64 characters, please (this has 65)." in key_field
    assert not Survey.objects.filter(workspace=workspace_a, name="Long").exists()


def test_the_service_refuses_an_overlong_key_or_name_naming_the_field(
    workspace_a: Workspace,
) -> None:
    for fields, field in (({"key": "k" * 65}, "key"), ({"name": "n" * 201}, "name")):
        values = {"key": "short", "name": "Short", **fields}
        with pytest.raises(InvalidInput) as refused:
            services.survey_create(workspace=workspace_a, questions=[], **values)
        assert refused.value.field == field
    assert not Survey.objects.filter(workspace=workspace_a, key="short").exists()


def test_a_very_long_survey_name_is_cut_short_in_the_list_with_the_whole_in_its_title(
    login: Any, ada: User, nps: Survey
) -> None:
    long_name = "Väga pikk nimi " * 13
    services.survey_update(survey=nps, name=long_name[:200])
    page = login(ada).get("/app/surveys/").content.decode()
    assert (
        f'class="survey-name" href="/app/surveys/nps/" title="{long_name[:200]}"'
        in page
    )
