"""The public survey link page, /s/<link_key>: no login, no JavaScript."""

import dataclasses
from http import HTTPStatus
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cxloop import ratelimit
from cxloop.surveys import services
from cxloop.surveys.steps import SurveyPage


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_page(request: HttpRequest, link_key: str) -> HttpResponse:
    query = services.PageQuery(
        lang=request.GET.get("lang", ""),
        accept_language=request.headers.get("Accept-Language", ""),
        invitation=request.GET.get("t", ""),
        # Only a real visit answers: link checkers often send HEAD.
        score=request.GET.get("score", "") if request.method == "GET" else "",
        step=request.GET.get("step", ""),
    )
    refusal = _rate_limited(request)
    if refusal is not None:
        page = services.survey_page_refused(link_key=link_key, query=query)
    elif request.method == "POST":
        form = dict(request.POST.lists())
        page = services.survey_page_submit(link_key=link_key, query=query, form=form)
    else:
        page = services.survey_page_open(link_key=link_key, query=query)
    if page.redirect:
        url = reverse("survey_page", args=[link_key])
        # 303: the next page is a plain GET, so reloading it re-posts nothing.
        step = urlencode({"step": page.redirect})
        return HttpResponseRedirect(f"{url}?{step}", status=303)
    response = _render(request, page)
    if refusal is not None:
        response["Retry-After"] = str(refusal.retry_after)
    return response


def _rate_limited(request: HttpRequest) -> ratelimit.Refusal | None:
    """Only answers count: reading the page again costs nothing."""
    if request.method != "POST":
        return None
    return ratelimit.hit(
        "address", ratelimit.client_ip(request), settings.CXLOOP_RATE_LIMIT_PER_IP
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_opt_out(request: HttpRequest, link_key: str) -> HttpResponse:
    """The unsubscribe link of an invitation e-mail (GET asks, POST records)."""
    query = services.PageQuery(
        lang=request.GET.get("lang", ""),
        accept_language=request.headers.get("Accept-Language", ""),
        invitation=request.GET.get("t", "") or request.POST.get("t", ""),
    )
    page = services.survey_opt_out_page(
        link_key=link_key, query=query, confirmed=request.method == "POST"
    )
    return _render(request, page)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form: the survey page explains it in the respondent's language.

    Respondents meet this when a survey page stayed open for days or their
    browser blocks cookies; the dashboard keeps Django's own page.
    """
    match = request.resolver_match
    if match is None or match.url_name not in ("survey_page", "survey_opt_out"):
        return csrf.csrf_failure(request, reason)
    query = services.PageQuery(
        lang=request.GET.get("lang", ""),
        accept_language=request.headers.get("Accept-Language", ""),
        invitation=request.POST.get("t", ""),
    )
    link_key = match.kwargs["link_key"]
    if match.url_name == "survey_opt_out":
        # Ask again with a fresh form; nothing was recorded.
        page = services.survey_opt_out_page(
            link_key=link_key, query=query, confirmed=False
        )
        if page.kind == "opt_out":
            page = dataclasses.replace(page, status=HTTPStatus.FORBIDDEN)
    else:
        page = services.survey_page_refused(
            link_key=link_key, query=query, reason="stale"
        )
    return _render(request, page)


def _render(request: HttpRequest, page: SurveyPage) -> HttpResponse:
    with translation.override(page.language):
        response = render(
            request, f"web/survey/{page.kind}.html", {"page": page}, status=page.status
        )
    response["Content-Language"] = page.language
    return response
