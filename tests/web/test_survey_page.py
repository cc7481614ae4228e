"""The public survey link page, /s/<link_key>: languages, steps, errors, safety."""

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.surveys import selectors, services
from cxloop.surveys.models import Invitation, Response, Survey

ESTONIAN = {
    "nps": {
        "label": "Kui tõenäoliselt soovitaksite meid sõbrale või kolleegile?",
        "low": "Üldse mitte",
        "high": "Väga tõenäoliselt",
    },
    "improve": {"label": "Mida peaksime paremini tegema?"},
    "reason": {"label": "Mis teile meie juures kõige rohkem meeldib?"},
}
ENGLISH_LABEL = "How likely are you to recommend us"
IMPROVE = "What should we do better?"
REASON = "What do you like most about us?"
STATE = re.compile(r'name="state" value="([^"]+)"')


def nps_survey(
    workspace: Workspace,
    *,
    key: str = "",
    default_language: str = "en",
    status: str = Survey.Status.ACTIVE,
    estonian: bool = True,
) -> Survey:
    """relationship_nps whose texts are exactly English (and Estonian)."""
    survey = services.survey_create_from_template(
        workspace=workspace, template="relationship_nps", key=key
    )
    specs = [
        services.QuestionSpec(
            key=question.key,
            type=question.type,
            texts={
                "en": question.texts["en"],
                **({"et": ESTONIAN[question.key]} if estonian else {}),
            },
            required=question.required,
            choices=question.choices,
            condition=question.condition,
        )
        for question in selectors.question_list(survey=survey)
    ]
    texts = {"en": survey.texts["en"]}
    if estonian:
        texts["et"] = {"title": "Üks kiire küsimus", "thank_you": "Suur aitäh!"}
    return services.survey_update(
        survey=survey,
        status=status,
        default_language=default_language,
        texts=texts,
        questions=specs,
    )


def url(survey: Survey, query: str = "") -> str:
    return f"/s/{survey.link_key}{query}"


def page_of(response: Any) -> str:
    return str(response.content.decode())


def html_lang(response: Any) -> str:
    match = re.search(r'<html lang="([^"]+)"', page_of(response))
    assert match
    return match[1]


def state_of(response: Any) -> str:
    match = STATE.search(page_of(response))
    assert match, "the page has no form state"
    return html.unescape(match[1])


def answer(client: Client, survey: Survey, shown: Any, **answers: Any) -> Any:
    """Submit the step `shown` with `q-<key>` answers, following the redirect."""
    data = {f"q-{key}": value for key, value in answers.items()}
    return client.post(url(survey), {"state": state_of(shown), **data}, follow=True)


@pytest.fixture
def survey(workspace_a: Workspace) -> Survey:
    return nps_survey(workspace_a)


# Languages ------------------------------------------------------------------


def test_the_link_page_asks_the_first_question_in_english_without_a_login(
    client: Client, survey: Survey
) -> None:
    response = client.get(url(survey))

    assert response.status_code == 200
    assert html_lang(response) == "en"
    body = page_of(response)
    assert ENGLISH_LABEL in body
    assert "Shop A" in body
    assert "<legend" in body
    assert body.count('type="radio"') == 11
    assert '<label class="scale-point" for="q-nps-10">' in body
    assert "csrfmiddlewaretoken" in body
    assert "cxloop/survey.css" in body
    assert "cxloop/app.css" not in body
    assert "<script" not in body
    assert IMPROVE not in body


def test_the_link_also_works_with_a_trailing_slash(
    client: Client, survey: Survey
) -> None:
    assert client.get(url(survey, "/")).status_code == 200


def test_lang_et_shows_the_estonian_texts_and_sets_the_html_lang(
    client: Client, survey: Survey
) -> None:
    response = client.get(url(survey, "?lang=et"))

    assert html_lang(response) == "et"
    body = page_of(response)
    assert ESTONIAN["nps"]["label"] in body
    assert "Üks kiire küsimus" in body
    assert "Üldse mitte" in body
    assert ENGLISH_LABEL not in body
    assert response["Content-Language"] == "et"


def test_the_browsers_language_is_used_when_the_survey_is_written_in_it(
    client: Client, survey: Survey
) -> None:
    response = client.get(url(survey), HTTP_ACCEPT_LANGUAGE="et-EE,et;q=0.9,en;q=0.5")

    assert html_lang(response) == "et"
    assert ESTONIAN["nps"]["label"] in page_of(response)


def test_the_browsers_next_language_is_used_when_the_survey_lacks_its_first(
    client: Client, survey: Survey
) -> None:
    response = client.get(url(survey), HTTP_ACCEPT_LANGUAGE="fi-FI,fi;q=0.9,et;q=0.4")

    assert html_lang(response) == "et"


def test_lang_in_the_link_beats_the_browsers_language(
    client: Client, survey: Survey
) -> None:
    response = client.get(url(survey, "?lang=en"), HTTP_ACCEPT_LANGUAGE="et")

    assert html_lang(response) == "en"
    assert ENGLISH_LABEL in page_of(response)


def test_an_unknown_language_falls_back_to_the_surveys_default_language(
    client: Client, workspace_a: Workspace
) -> None:
    survey = nps_survey(workspace_a, default_language="et")

    response = client.get(url(survey, "?lang=xx"), HTTP_ACCEPT_LANGUAGE="de-DE,de")

    assert html_lang(response) == "et"
    assert ESTONIAN["nps"]["label"] in page_of(response)


def test_missing_texts_fall_back_to_the_default_language_and_say_which(
    client: Client, workspace_a: Workspace
) -> None:
    survey = nps_survey(workspace_a, default_language="et")

    response = client.get(url(survey, "?lang=fi"))

    assert html_lang(response) == "fi"
    body = page_of(response)
    assert f'<span lang="et">{ESTONIAN["nps"]["label"]}</span>' in body


def test_texts_missing_in_the_default_language_fall_back_to_english(
    client: Client, workspace_a: Workspace
) -> None:
    survey = nps_survey(workspace_a, default_language="lv", estonian=False)

    response = client.get(url(survey, "?lang=lt"))

    assert html_lang(response) == "lt"
    assert '<span lang="en">How likely are you to recommend us' in page_of(response)


def test_the_language_switcher_offers_five_languages_and_keeps_the_place(
    client: Client, survey: Survey
) -> None:
    step_two = answer(client, survey, client.get(url(survey)), nps=3)
    links = re.findall(r'href="(\?lang=(\w+)[^"]*)"', page_of(step_two))

    assert [code for _href, code in links] == ["en", "et", "lv", "fi", "lt"]
    estonian = client.get(url(survey, html.unescape(links[1][0])))
    assert html_lang(estonian) == "et"
    assert ESTONIAN["improve"]["label"] in page_of(estonian)
    assert Response.objects.count() == 1


# Steps ------------------------------------------------------------------------


def test_a_low_score_asks_what_we_should_do_better(
    client: Client, survey: Survey
) -> None:
    step_two = answer(client, survey, client.get(url(survey)), nps=3)

    assert step_two.status_code == 200
    assert IMPROVE in page_of(step_two)
    assert REASON not in page_of(step_two)
    assert ENGLISH_LABEL not in page_of(step_two)
    assert "optional" in page_of(step_two)
    assert ">Send<" in page_of(step_two)


def test_a_high_score_asks_what_they_like_most(client: Client, survey: Survey) -> None:
    step_two = answer(client, survey, client.get(url(survey)), nps=10)

    assert REASON in page_of(step_two)
    assert IMPROVE not in page_of(step_two)


def test_the_first_step_is_kept_as_a_partial_response_and_the_last_completes_it(
    client: Client, survey: Survey
) -> None:
    step_two = answer(client, survey, client.get(url(survey, "?lang=et")), nps=3)

    partial = Response.objects.get()
    assert (partial.nps, partial.is_complete, partial.channel, partial.locale) == (
        3,
        False,
        "link",
        "et",
    )
    assert partial.workspace == survey.workspace

    thanks = answer(client, survey, step_two, improve="Kiirem tarne, palun.")

    assert thanks.status_code == 200
    assert "Suur aitäh!" in page_of(thanks)
    done = Response.objects.get()
    assert done.response_id == partial.response_id
    assert done.is_complete
    assert done.answers == {"nps": 3, "improve": "Kiirem tarne, palun."}
    assert done.comment == "Kiirem tarne, palun."


def test_the_thanks_page_falls_back_to_a_translated_default(
    client: Client, workspace_a: Workspace
) -> None:
    survey = services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat"
    )
    services.survey_update(survey=survey, texts={})

    thanks = answer(client, survey, client.get(url(survey)), csat=5)

    assert "Thank you!" in page_of(thanks)
    assert Response.objects.get().is_complete


def test_an_optional_last_step_may_be_left_empty(
    client: Client, survey: Survey
) -> None:
    step_two = answer(client, survey, client.get(url(survey)), nps=9)

    answer(client, survey, step_two, reason="")

    done = Response.objects.get()
    assert done.is_complete
    assert done.answers == {"nps": 9}


def test_a_one_click_score_is_stored_at_once_and_the_next_step_is_shown(
    client: Client, survey: Survey
) -> None:
    response = client.get(url(survey, "?score=9"))

    assert response.status_code == 303
    stored = Response.objects.get()
    assert (stored.nps, stored.is_complete) == (9, False)
    step_two = client.get(response["Location"])
    assert REASON in page_of(step_two)
    answer(client, survey, step_two, reason="Friendly people")
    assert Response.objects.get().answers == {"nps": 9, "reason": "Friendly people"}


@pytest.mark.parametrize("score", ["11", "-1", "nine", "9.5", ""])
def test_an_impossible_one_click_score_is_ignored(
    client: Client, survey: Survey, score: str
) -> None:
    response = client.get(url(survey, f"?score={score}"))

    assert response.status_code == 200
    assert ENGLISH_LABEL in page_of(response)
    assert Response.objects.count() == 0


def test_a_link_checkers_head_request_stores_no_score(
    client: Client, survey: Survey
) -> None:
    client.head(url(survey, "?score=9"))

    assert Response.objects.count() == 0


def test_a_no_leads_to_what_they_were_looking_for(
    client: Client, workspace_a: Workspace
) -> None:
    survey = services.survey_create_from_template(
        workspace=workspace_a, template="search_found"
    )
    shown = client.get(url(survey))
    assert 'type="radio" name="q-found" value="no"' in page_of(shown)

    step_two = answer(client, survey, shown, found="no")
    assert "What were you looking for?" in page_of(step_two)
    answer(client, survey, step_two, looking_for="Rubber boots, size 38")

    stored = Response.objects.get()
    assert stored.answers == {"found": False, "looking_for": "Rubber boots, size 38"}
    assert stored.is_complete


# Errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11", "Please choose one of the numbers."),
        ("ten", "Please choose one of the numbers."),
        ("", "Please answer this question."),
    ],
)
def test_an_impossible_score_re_shows_the_step_with_a_message_and_stores_nothing(
    client: Client, survey: Survey, value: str, message: str
) -> None:
    response = answer(client, survey, client.get(url(survey)), nps=value)

    assert response.status_code == 422
    body = page_of(response)
    assert message in body
    assert 'id="q-nps-error"' in body
    assert 'aria-invalid="true"' in body
    assert "<title>Error:" in body
    assert ENGLISH_LABEL in body
    assert Response.objects.count() == 0


def test_a_too_long_text_is_refused_and_the_step_is_not_stored(
    client: Client, survey: Survey
) -> None:
    step_two = answer(client, survey, client.get(url(survey)), nps=4)

    response = answer(client, survey, step_two, improve="x" * 5001)

    assert response.status_code == 422
    assert "Please shorten your answer to 5000 characters or fewer." in page_of(
        response
    )
    stored = Response.objects.get()
    assert stored.answers == {"nps": 4}
    assert not stored.is_complete


def test_an_unknown_choice_is_refused_and_nothing_is_stored(
    client: Client, workspace_a: Workspace
) -> None:
    survey = services.survey_create_from_template(
        workspace=workspace_a, template="checkout_abandonment"
    )
    shown = client.get(url(survey))
    assert 'type="radio" name="q-reason" value="shipping_cost"' in page_of(shown)

    response = answer(client, survey, shown, reason="teleport", comment="Hi")

    assert response.status_code == 422
    assert "Please choose one of the options." in page_of(response)
    assert 'value="Hi"' not in page_of(response)  # the text stays in its textarea
    assert ">Hi</textarea>" in page_of(response)
    assert Response.objects.count() == 0


def test_a_filled_honeypot_gets_the_thanks_and_stores_nothing(
    client: Client, survey: Survey
) -> None:
    shown = client.get(url(survey))

    response = client.post(
        url(survey),
        {"state": state_of(shown), "q-nps": "10", "website": "http://spam.example"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Thank you! Your answer helps us get better." in page_of(response)
    assert Response.objects.count() == 0


def test_the_honeypot_is_hidden_from_people_and_screen_readers(
    client: Client, survey: Survey
) -> None:
    body = page_of(client.get(url(survey)))

    trap = re.search(r'<div class="trap" aria-hidden="true">(.*?)</div>', body, re.S)
    assert trap
    assert 'name="website"' in trap[1]
    assert 'tabindex="-1"' in trap[1]


@pytest.mark.parametrize("status", [Survey.Status.PAUSED, Survey.Status.ARCHIVED])
def test_a_paused_or_archived_survey_is_closed_with_410(
    client: Client, workspace_a: Workspace, status: str
) -> None:
    survey = nps_survey(workspace_a)
    shown = client.get(url(survey))
    services.survey_update(survey=survey, status=status)

    response = client.get(url(survey))
    posted = client.post(url(survey), {"state": state_of(shown), "q-nps": "8"})
    one_click = client.get(url(survey, "?score=10"))

    assert response.status_code == 410
    assert "This survey is closed" in page_of(response)
    assert "Shop A" in page_of(response)
    assert posted.status_code == 410
    assert one_click.status_code == 410
    assert Response.objects.count() == 0


def test_the_closed_page_speaks_the_respondents_language(
    client: Client, workspace_a: Workspace
) -> None:
    survey = nps_survey(workspace_a, status=Survey.Status.PAUSED)

    assert html_lang(client.get(url(survey, "?lang=et"))) == "et"


def test_an_unknown_link_is_a_404(client: Client, survey: Survey) -> None:
    response = client.get("/s/no-such-link")

    assert response.status_code == 404
    assert "Survey not found" in page_of(response)
    assert "Shop A" not in page_of(response)
    assert client.post("/s/no-such-link", {"q-nps": "3"}).status_code == 404


def test_a_draft_survey_has_no_public_link_yet(
    client: Client, workspace_a: Workspace
) -> None:
    survey = services.survey_create_from_template(
        workspace=workspace_a, template="relationship_nps", status="draft"
    )

    assert client.get(url(survey)).status_code == 404
    assert client.get(url(survey, "?score=10")).status_code == 404
    assert Response.objects.count() == 0


# Invitations -------------------------------------------------------------------


def test_an_invitation_links_the_customer_and_speaks_their_language(
    client: Client, survey: Survey
) -> None:
    invitation = services.invitation_create(
        survey=survey,
        customer_ref={"email": "mari@example.ee"},
        locale="et",
        context={"order": "EE-1001"},
    )

    shown = client.get(url(survey, f"?t={invitation.token}"))

    assert html_lang(shown) == "et"
    assert "mari@example.ee" not in page_of(shown)
    assert f"/{invitation.pk}" not in page_of(shown)
    thanks = answer(client, survey, answer(client, survey, shown, nps=6), improve="")
    assert "Suur aitäh!" in page_of(thanks)
    stored = Response.objects.get()
    assert stored.customer_ref == {"email": "mari@example.ee"}
    assert stored.context == {"order": "EE-1001"}
    assert stored.locale == "et"
    assert invitation.token not in stored.response_id
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_lang_in_the_link_beats_the_invitations_locale(
    client: Client, survey: Survey
) -> None:
    invitation = services.invitation_create(survey=survey, locale="et")

    response = client.get(url(survey, f"?t={invitation.token}&lang=en"))

    assert html_lang(response) == "en"


def test_an_invitations_one_click_score_is_kept_once_and_then_thanked(
    client: Client, survey: Survey
) -> None:
    invitation = services.invitation_create(
        survey=survey, customer_ref={"external_id": "c-77"}
    )

    first = client.get(url(survey, f"?t={invitation.token}&score=2"), follow=True)
    again = client.get(url(survey, f"?t={invitation.token}&score=3"), follow=True)
    assert IMPROVE in page_of(again)
    answer(client, survey, again, improve="Answer the phone")
    later = client.get(url(survey, f"?t={invitation.token}&score=10"), follow=True)

    assert IMPROVE in page_of(first)
    stored = Response.objects.get()
    assert stored.answers == {"nps": 3, "improve": "Answer the phone"}
    assert stored.is_complete
    assert "Thank you!" in page_of(later)


def test_an_expired_invitation_answers_anonymously(
    client: Client, survey: Survey
) -> None:
    invitation = services.invitation_create(
        survey=survey,
        customer_ref={"email": "old@example.ee"},
        expires_at=timezone.now() - timedelta(days=1),
    )

    client.get(url(survey, f"?t={invitation.token}&score=9"))

    assert Response.objects.get().customer_ref == {}


def test_another_workspaces_invitation_links_nobody(
    client: Client, survey: Survey, workspace_b: Workspace
) -> None:
    theirs = services.invitation_create(
        survey=nps_survey(workspace_b), customer_ref={"email": "cleo@shop-b.example"}
    )

    client.get(url(survey, f"?t={theirs.token}&score=9"))

    stored = Response.objects.get()
    assert stored.workspace == survey.workspace
    assert stored.customer_ref == {}
    theirs.refresh_from_db()
    assert theirs.used_at is None


def test_an_invitation_in_an_unknown_language_is_refused(survey: Survey) -> None:
    with pytest.raises(InvalidInput):
        services.invitation_create(survey=survey, locale="xx")
    assert Invitation.objects.count() == 0


# Safety ----------------------------------------------------------------------


def test_a_forged_response_id_cannot_overwrite_someone_elses_response(
    client: Client, survey: Survey
) -> None:
    answer(client, survey, client.get(url(survey)), nps=4)
    victim = Response.objects.get()
    shown = client.get(url(survey))
    payload, _sep, signature = state_of(shown).partition(":")
    decoded = signing.b64_decode(payload.encode()).decode()
    forged_payload = signing.b64_encode(
        re.sub(r'"[0-9a-f-]{36}"', f'"{victim.response_id}"', decoded).encode()
    ).decode()

    for forged in (
        f"{forged_payload}:{signature}",
        signing.dumps([survey.link_key, victim.response_id, "en", "", "", False]),
        "",
    ):
        response = client.post(url(survey), {"state": forged, "q-nps": "10"})
        assert response.status_code == 400
        assert "This page could not be read" in page_of(response)

    victim.refresh_from_db()
    assert (victim.nps, Response.objects.count()) == (4, 1)


def test_a_state_from_another_workspaces_survey_is_refused(
    client: Client, survey: Survey, workspace_b: Workspace
) -> None:
    theirs = nps_survey(workspace_b)
    shown = client.get(url(theirs))

    response = client.post(url(survey), {"state": state_of(shown), "q-nps": "10"})

    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_script_in_a_comment_is_stored_as_text_and_never_rendered(
    client: Client, survey: Survey
) -> None:
    attack = "<script>alert('x')</script>"
    step_two = answer(client, survey, client.get(url(survey)), nps=1)

    refused = answer(client, survey, step_two, improve=attack + "x" * 5000)
    assert refused.status_code == 422
    assert "<script>" not in page_of(refused)
    assert "&lt;script&gt;" in page_of(refused)
    answer(client, survey, step_two, improve=attack)

    assert Response.objects.get().comment == attack


def test_a_nul_character_in_a_comment_is_dropped_not_a_server_error(
    client: Client, survey: Survey
) -> None:
    step_two = answer(client, survey, client.get(url(survey)), nps=2)

    answer(client, survey, step_two, improve="Slow\x00 delivery\r\nand rude")

    assert Response.objects.get().comment == "Slow delivery\nand rude"


def test_survey_texts_and_the_workspace_name_are_escaped(
    client: Client, workspace_a: Workspace
) -> None:
    workspace_a.name = "Shop <b>A</b>"
    workspace_a.save()
    survey = nps_survey(workspace_a)
    services.survey_update(
        survey=survey, texts={"en": {"title": '<img src=x onerror="alert(1)">'}}
    )

    body = page_of(client.get(url(survey)))

    assert "<img" not in body
    assert "<b>A</b>" not in body
    assert "&lt;img src=x" in body


def test_the_post_keeps_djangos_csrf_protection(survey: Survey) -> None:
    browser = Client(enforce_csrf_checks=True)
    shown = browser.get(url(survey))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_of(shown))
    assert token

    refused = browser.post(url(survey), {"state": state_of(shown), "q-nps": "7"})
    accepted = browser.post(
        url(survey),
        {"state": state_of(shown), "q-nps": "7", "csrfmiddlewaretoken": token[1]},
    )

    assert refused.status_code == 403
    assert accepted.status_code == 303
    assert Response.objects.get().nps == 7


def test_no_page_of_the_link_needs_javascript(
    client: Client, survey: Survey, workspace_a: Workspace
) -> None:
    closed = nps_survey(workspace_a, key="closed", status=Survey.Status.PAUSED)
    closed_key = closed.link_key
    shown = client.get(url(survey))
    pages = [
        shown,
        answer(client, survey, shown, nps=""),
        answer(client, survey, shown, nps="5"),
        client.get(f"/s/{closed_key}"),
        client.get("/s/nothing-here"),
        client.post(url(survey), {"state": "forged"}),
    ]

    assert [page.status_code for page in pages] == [200, 422, 200, 410, 404, 400]
    for page in pages:
        assert "<script" not in page_of(page)
        assert "cxloop/survey.css" in page_of(page)


def test_the_page_is_never_cached(client: Client, survey: Survey) -> None:
    response = client.get(url(survey))

    assert "no-store" in response["Cache-Control"]


def test_lithuanian_is_one_of_the_sites_languages() -> None:
    assert ("lt", "Lithuanian") in [
        (code, str(name)) for code, name in settings.LANGUAGES
    ]


def test_a_refused_security_token_explains_itself_in_the_respondents_language(
    survey: Survey,
) -> None:
    """A page left open for days (or cookies blocked) fails Django's CSRF check."""
    browser = Client(enforce_csrf_checks=True)
    shown = browser.get(url(survey, "?lang=et"))
    browser.cookies.clear()  # the token cookie the form was paired with is gone

    response = browser.post(
        url(survey, "?lang=et"), {"state": state_of(shown), "q-nps": "9"}
    )

    assert response.status_code == 403
    assert html_lang(response) == "et"
    body = page_of(response)
    assert "Teie vastust ei salvestatud" in body
    assert f'href="/s/{survey.link_key}?lang=et"' in body
    assert Response.objects.count() == 0


def test_the_dashboard_keeps_djangos_own_csrf_page(ada: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ada)

    response = browser.post("/app/settings/", {"name": "x"})

    assert response.status_code == 403
    assert "CSRF verification failed" in page_of(response)
