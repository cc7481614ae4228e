"""The invitation e-mail: the survey's first question with one-click answers.

Rendered in the invitation's language (else the survey's default) from the
survey's own texts; a scale question gets one link per score, so answering
takes one click and the page goes on with the rest.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from cxloop.surveys import selectors, steps
from cxloop.surveys.models import Invitation, Question, Survey


@dataclass(frozen=True)
class ScoreLink:
    score: int
    url: str


@dataclass(frozen=True)
class InvitationEmail:
    language: str
    subject: str
    text: str
    html: str


def _absolute(path: str) -> str:
    return settings.CXLOOP_BASE_URL.rstrip("/") + path


def _survey_url(survey: Survey, **params: str) -> str:
    path = reverse("survey_page", args=[survey.link_key])
    return _absolute(f"{path}?{urlencode(params)}")


def _language(invitation: Invitation, questions: list[Question]) -> str:
    survey = invitation.survey
    return steps.choose_language(
        requested=invitation.locale,
        offered=steps.offered_languages(
            survey.texts, questions, survey.default_language
        ),
        default=survey.default_language,
    )


def invitation_email(invitation: Invitation) -> InvitationEmail:
    survey = invitation.survey
    questions = selectors.question_list(survey=survey)
    language = _language(invitation, questions)
    default = survey.default_language
    first = questions[0] if questions else None
    token = {"t": invitation.token, "lang": language}
    scale = first.scale if first is not None and not first.condition else None
    links = (
        [
            ScoreLink(n, _survey_url(survey, **token, score=str(n)))
            for n in range(scale[0], scale[1] + 1)
        ]
        if scale
        else []
    )
    with override(language):
        title = steps.text_of(survey.texts, "title", language=language, default=default)
        question = (
            steps.text_of(first.texts, "label", language=language, default=default)
            if first is not None
            else None
        )
        context = {
            "workspace": survey.workspace.name,
            "title": str(title or survey.name),
            "question": str(question or ""),
            "links": links,
            "ends": [str(end) for end in steps.scale_ends(first, language, default)]
            if first is not None and scale
            else [],
            "start_url": _survey_url(survey, **token),
            "opt_out_url": opt_out_url(invitation, language),
            "language": language,
        }
        subject = _("%(workspace)s: %(title)s") % {
            "workspace": context["workspace"],
            "title": context["title"],
        }
        return InvitationEmail(
            language=language,
            subject=subject,
            text=render_to_string("surveys/email/invitation.txt", context),
            html=render_to_string("surveys/email/invitation.html", context),
        )


def invitation_send(invitation: Invitation) -> None:
    """Hand the e-mail to Django's configured e-mail backend (SMTP in production)."""
    email = invitation_email(invitation)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        to=[invitation.email],
        headers={
            "Content-Language": email.language,
            # Mail clients show an unsubscribe button for this (RFC 2369).
            "List-Unsubscribe": f"<{opt_out_url(invitation, email.language)}>",
        },
    )
    message.attach_alternative(email.html, "text/html")
    message.send()


def opt_out_url(invitation: Invitation, language: str) -> str:
    path = reverse("survey_opt_out", args=[invitation.survey.link_key])
    return _absolute(f"{path}?{urlencode({'t': invitation.token, 'lang': language})}")
