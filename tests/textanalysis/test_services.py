from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.errors import NotFound
from cxloop.surveys.models import Response
from cxloop.surveys.services import responses as response_services
from cxloop.textanalysis import selectors, services, tasks
from cxloop.textanalysis.models import (
    CommentAnalysis,
    CommentEmbedding,
    SentimentModel,
)

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def _submit(
    workspace: Workspace, text: str, *, rating: int | None = None, locale: str = "et"
) -> Response:
    answers: dict[str, Any] = {"text": text}
    if rating is not None:
        answers["rating"] = rating
    data = response_services.ResponseInput(
        survey_key="feedback", answers=answers, channel="api", locale=locale
    )
    return response_services.response_submit(workspace=workspace, data=data).response


def test_a_new_comment_is_analysed_once_its_response_is_committed(
    workspace_a: Workspace, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(workspace_a, "Pakk jäi kaduma ja keegi ei vasta!")

    analysis = selectors.analysis_get(workspace=workspace_a, response_id=response.pk)
    assert analysis.status == CommentAnalysis.Status.DONE
    assert analysis.language == "et"
    assert analysis.sentiment_label == "negative"
    assert analysis.sentiment_score is not None
    assert analysis.sentiment_score < 0
    assert analysis.versions["cold_start"].startswith("seeds-")
    assert analysis.attempts == 1


def test_the_analysis_waits_for_the_commit(
    workspace_a: Workspace, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _submit(workspace_a, "Super kiire tarne, aitäh!")
        pending = CommentAnalysis.objects.get(response=response)
        assert pending.status == CommentAnalysis.Status.PENDING
    # Other apps (rules) wait for the commit too; one of the callbacks is
    # the analysis, and nothing ran before it.
    analyses = [
        callback
        for callback in callbacks
        if getattr(callback.func, "__self__", None) is tasks.analyse_comment
    ]
    assert len(analyses) == 1


def test_a_partial_response_stored_again_is_analysed_only_when_its_comment_changes(
    workspace_a: Workspace, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    def step(answers: dict[str, Any]) -> list[Callable[[], Any]]:
        data = response_services.ResponseInput(
            survey_key="feedback",
            answers=answers,
            channel="link",
            locale="et",
            response_id="page-1",
            complete=False,
        )
        with django_capture_on_commit_callbacks(execute=True) as queued:
            response_services.response_submit(workspace=workspace_a, data=data)
        # Only the analyses: other apps (rules) may queue work of their own.
        return [
            callback
            for callback in queued
            if getattr(callback.func, "__self__", None) is tasks.analyse_comment
        ]

    assert len(step({"text": "Kuller hilines"})) == 1
    first = CommentAnalysis.objects.get()
    # The next step of the page adds a score: same comment, nothing queued.
    assert step({"text": "Kuller hilines", "rating": 2}) == []
    assert CommentAnalysis.objects.get().analysed_at == first.analysed_at
    # The respondent went back and rewrote it: analysed again.
    assert len(step({"text": "Kuller ei tulnud üldse", "rating": 2})) == 1
    assert CommentAnalysis.objects.get().analysed_at != first.analysed_at
    # And took it back: no analysis of a comment that is not there.
    assert CommentEmbedding.objects.exists()
    step({"rating": 2})
    assert not CommentAnalysis.objects.exists()
    assert not CommentEmbedding.objects.exists()  # nor its vector


def test_a_response_without_a_comment_gets_no_analysis(workspace_a: Workspace) -> None:
    response = _submit(workspace_a, "   ", rating=4)
    assert not CommentAnalysis.objects.filter(response=response).exists()


def test_another_workspace_cannot_read_the_analysis(
    workspace_a: Workspace,
    workspace_b: Workspace,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(workspace_a, "Väga hea pood.")
    with pytest.raises(NotFound):
        selectors.analysis_get(workspace=workspace_b, response_id=response.pk)


def test_the_sweep_analyses_comments_stored_without_the_hook(
    workspace_a: Workspace,
) -> None:
    survey = _submit(workspace_a, "seed").survey
    imported = Response.objects.create(
        workspace=workspace_a,
        response_id="imported-1",
        survey=survey,
        channel="import",
        locale="lv",
        answers={"text": "Ļoti ātra piegāde, paldies!"},
        comment="Ļoti ātra piegāde, paldies!",
        body_digest="x",
        submitted_at=timezone.now(),
    )

    services.analysis_sweep()

    analysis = CommentAnalysis.objects.get(response=imported)
    assert analysis.status == CommentAnalysis.Status.DONE
    assert (analysis.language, analysis.sentiment_label) == ("lv", "positive")


def test_a_failing_analysis_is_retried_then_recorded_as_failed(
    workspace_a: Workspace,
) -> None:
    # A stored model that cannot be read makes every attempt fail.
    SentimentModel.objects.create(
        workspace=workspace_a,
        version="broken",
        accuracy=0,
        macro_f1=0,
        n_train=100,
        n_held_out=25,
        blob=b"not a model",
    )
    response = _submit(workspace_a, "Kuller oli ebaviisakas.")
    later = timezone.now()
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        later += services.RETRY_AFTER + timedelta(seconds=1)
        services.analysis_sweep(now=later)
        analysis = CommentAnalysis.objects.get(response=response)
        assert analysis.attempts == attempt
        assert analysis.last_error
    assert analysis.status == CommentAnalysis.Status.FAILED
    services.analysis_sweep(now=later + timedelta(hours=1))
    assert CommentAnalysis.objects.get(response=response).attempts == attempt


def test_a_workspace_model_is_trained_on_its_scored_comments(
    workspace_a: Workspace, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    def score_of(text: str) -> float:
        with django_capture_on_commit_callbacks(execute=True):
            response = _submit(workspace_a, text)
        analysis = CommentAnalysis.objects.get(response=response)
        assert analysis.sentiment_score is not None
        return analysis.sentiment_score

    before = score_of("Pakiautomaat")
    # In this shop customers who mention "pakiautomaat" rate low.
    for n in range(40):
        _submit(workspace_a, f"Pakiautomaat jälle {n}", rating=1)
        _submit(workspace_a, f"Tavaline ost number {n}", rating=3)
        _submit(workspace_a, f"Rahul, kõik sujus {n}", rating=5)

    trained = services.sentiment_model_train(workspace=workspace_a)

    assert trained is not None
    current = selectors.sentiment_model_current(workspace=workspace_a)
    assert current is not None
    assert current.version == trained.version
    assert current.n_train + current.n_held_out == 120
    assert current.macro_f1 > 0.9
    after = score_of("Pakiautomaat")
    assert after < before - 0.1
    latest = CommentAnalysis.objects.order_by("-id").first()
    assert latest is not None
    assert latest.versions["workspace"] == trained.version


def test_too_few_scored_comments_train_no_model(workspace_a: Workspace) -> None:
    _submit(workspace_a, "Hea", rating=5)
    assert services.sentiment_model_train(workspace=workspace_a) is None
