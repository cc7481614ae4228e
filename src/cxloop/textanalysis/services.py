"""Analysing comments in the worker and training workspace models.

A response with a comment gets a pending `CommentAnalysis` row in the very
transaction that stores it (`surveys.hooks`), and a task once that commits.
The task analyses it; a failure is recorded and retried by the periodic
sweep, which also picks up responses stored without the hook (bulk imports),
until MAX_ATTEMPTS, when the row is marked failed. Nothing is lost: every
comment ends as analysed or failed with its last error.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.delivery import selectors as delivery_selectors
from cxloop.delivery import services as delivery
from cxloop.surveys.models import Response
from cxloop.textanalysis import hooks, topic_services
from cxloop.textanalysis.embeddings import topic_embedder
from cxloop.textanalysis.models import CommentAnalysis, SentimentModel

if TYPE_CHECKING:
    # lingua, scikit-learn and their models load only in processes that
    # analyse (the worker): this module is imported by every process through
    # the surveys hook, and they cost seconds and 100+ MB.
    from cxloop.textanalysis.analysis import Analyser, Analysis

MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=2)
SWEEP_BATCH = 2000
SWEEP_SECONDS = 50
RUN_CHUNK = 200
# The score that labels a comment, when a response has several.
SCORE_FIELDS = ("nps", "csat", "ces", "rating")

_analysers: OrderedDict[tuple[int, str], "Analyser"] = OrderedDict()
_analysers_lock = threading.Lock()


def _analyser(workspace_id: int) -> "Analyser":
    """The workspace's analyser with its newest model, cached per process."""
    from cxloop.textanalysis import sentiment
    from cxloop.textanalysis.analysis import Analyser, WorkspaceModel

    newest = (
        SentimentModel.objects.filter(workspace_id=workspace_id)
        .order_by("-trained_at", "-id")
        .values_list("pk", "version", "n_train")
        .first()
    )
    key = (workspace_id, newest[1] if newest else "")
    with _analysers_lock:
        if key in _analysers:
            _analysers.move_to_end(key)
            return _analysers[key]
    own = None
    if newest is not None:
        # The blob (megabytes) is read only when the model is new to us.
        blob = SentimentModel.objects.values_list("blob", flat=True).get(pk=newest[0])
        model = sentiment.NgramModel.from_bytes(bytes(blob))
        own = WorkspaceModel(model, sentiment.workspace_weight(newest[2]))
    analyser = Analyser(workspace_model=own)
    with _analysers_lock:
        _analysers[key] = analyser
        while len(_analysers) > 64:
            _analysers.popitem(last=False)
    return analyser


def analysis_request(
    response: Response, *, previous_comment: str | None = None
) -> None:
    """Queue a stored response's comment for analysis (a `surveys` hook).

    Runs inside the storing transaction: the pending row commits with the
    response, and the task is enqueued only once both are visible. A new
    response gets a plain insert; a partial one stored again with the same
    comment (every further step of the survey page) queues nothing.
    """
    from cxloop.textanalysis import tasks

    if previous_comment is not None and previous_comment == response.comment:
        return
    if not response.comment.strip():
        if previous_comment:  # the comment was taken back: so is its analysis
            _analysis_forget(response)
        return
    fields = {
        "workspace_id": response.workspace_id,
        "status": CommentAnalysis.Status.PENDING,
        "attempts": 0,
        "updated_at": timezone.now(),
    }
    if previous_comment is None:
        analysis = CommentAnalysis.objects.create(response=response, **fields)
    else:
        analysis, _ = CommentAnalysis.objects.update_or_create(
            response=response, defaults=fields
        )
    transaction.on_commit(
        partial(tasks.analyse_comment.enqueue, analysis_id=analysis.pk)
    )


def _analysis_forget(response: Response) -> None:
    CommentAnalysis.objects.filter(response=response).delete()
    topic_services.comment_forget(response_id=response.pk)


def _topic_comments(
    workspace_id: int,
    rows: Sequence[CommentAnalysis],
    results: Sequence["Analysis"],
    responses: dict[int, Response],
) -> list[topic_services.Comment]:
    """Each comment with its topics from the text-only model, or its vector.

    The model assigned comments in the languages it learnt (`analyse_batch`);
    the rest (and every comment of a workspace without a good enough model)
    are embedded in one batch here, stored, and assigned from their vectors.
    """
    vectors = topic_services.comments_embed(
        workspace_id=workspace_id,
        responses=[
            responses[row.response_id]
            for row, result in zip(rows, results, strict=True)
            if result.topics is None
        ],
    )
    return [
        topic_services.Comment(
            row.response_id,
            responses[row.response_id].comment,
            result.language,
            vectors.get(row.response_id),
            hits=result.topics,
        )
        for row, result in zip(rows, results, strict=True)
    ]


def _topic_method(comment: topic_services.Comment, fast_version: str) -> str:
    """What assigned the comment's topics: the text-only model's version,
    or the embedder's."""
    if comment.hits is not None:
        return fast_version
    return topic_embedder().version if comment.vector is not None else ""


def _store(row: CommentAnalysis, result: "Analysis", *, topics: str = "") -> None:
    row.status = CommentAnalysis.Status.DONE
    row.language = result.language
    row.language_confidence = result.language_confidence
    row.language_source = result.language_source
    row.sentiment_score = result.sentiment.score if result.sentiment else None
    row.sentiment_label = result.sentiment.label if result.sentiment else ""
    row.versions = result.versions | ({"topics": topics} if topics else {})
    row.truncated = result.truncated
    row.complete = result.complete
    row.last_error = ""
    row.analysed_at = row.updated_at = timezone.now()
    row.save()


def _record_failure(row: CommentAnalysis, error: Exception) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = CommentAnalysis.Status.FAILED
    row.updated_at = timezone.now()
    row.save(update_fields=["last_error", "status", "updated_at"])


def _emit_analysed(workspace_id: int, rows: Sequence[CommentAnalysis]) -> None:
    """`response.analysed` webhooks, in the transaction that stores the rows."""
    if not delivery_selectors.event_wanted(
        workspace_id=workspace_id, event_type="response.analysed"
    ):
        return
    workspace = Workspace.objects.get(pk=workspace_id)
    for row in rows:
        delivery.message_enqueue(
            workspace=workspace,
            event_type="response.analysed",
            payload={
                "id": row.response_id,
                "language": row.language,
                "sentiment_label": row.sentiment_label,
                "sentiment_score": row.sentiment_score,
            },
        )


def analysis_run(*, rows: Sequence[CommentAnalysis]) -> None:
    """Analyse pending rows of one workspace together; failures are recorded.

    Each row counts an attempt before the work starts, so a worker that dies
    mid-way still uses one up and a poisonous comment ends as failed.
    """
    if not rows:
        return
    for row in rows:
        row.attempts += 1
        row.updated_at = timezone.now()
    CommentAnalysis.objects.bulk_update(rows, ["attempts", "updated_at"])
    responses = Response.objects.in_bulk([row.response_id for row in rows])
    workspace_id = rows[0].workspace_id
    try:
        analyser = _analyser(workspace_id)
        texts = [responses[row.response_id].comment for row in rows]
        hints = [responses[row.response_id].locale or None for row in rows]
        model = topic_services.fast_model(workspace_id)
        results = analyser.analyse_batch(texts, hints=hints, topic_model=model)
        comments = _topic_comments(workspace_id, rows, results, responses)
        fast_version = model.version if model else ""
        with transaction.atomic():
            topic_services.comments_assign(workspace_id=workspace_id, comments=comments)
            later = [responses[c.response_id] for c in comments if c.hits is not None]
            if later:
                topic_services.comments_embed_later(
                    workspace_id=workspace_id, responses=later
                )
            for row, result, comment in zip(rows, results, comments, strict=True):
                _store(row, result, topics=_topic_method(comment, fast_version))
            _emit_analysed(workspace_id, rows)
            hooks.response_analysed(
                workspace_id=workspace_id,
                response_ids=[row.response_id for row in rows],
            )
    except Exception as error:  # noqa: BLE001 - recorded on the row, retried
        for row in rows:
            _record_failure(row, error)
        return
    with transaction.atomic():
        topic_services.discovery_request_if_due(
            workspace=Workspace.objects.get(pk=workspace_id)
        )


def analysis_run_one(*, analysis_id: int) -> None:
    """The task's work: analyse one pending row, if it is still pending."""
    row = CommentAnalysis.objects.filter(
        pk=analysis_id, status=CommentAnalysis.Status.PENDING
    ).first()
    if row is not None:
        analysis_run(rows=[row])


def analysis_sweep(*, now: datetime | None = None) -> int:
    """Queue comments the hook missed and retry failed attempts; how many ran.

    Works through full batches for up to SWEEP_SECONDS, so a bulk import
    (the demo's 30,000 comments) is analysed in one go rather than one batch
    a minute; the next scheduled sweep picks up whatever is left.
    """
    started = time.monotonic()
    total = 0
    while True:
        done = _sweep_once(now=now or timezone.now())
        total += done
        if done < SWEEP_BATCH or time.monotonic() - started > SWEEP_SECONDS:
            return total


def _sweep_once(*, now: datetime) -> int:
    missing = (
        Response.objects.filter(analysis__isnull=True)
        .exclude(comment="")
        .only("pk", "workspace_id")[:SWEEP_BATCH]
    )
    CommentAnalysis.objects.bulk_create(
        [
            CommentAnalysis(workspace_id=response.workspace_id, response=response)
            for response in missing
        ],
        ignore_conflicts=True,
    )
    due = list(
        CommentAnalysis.objects.filter(
            status=CommentAnalysis.Status.PENDING,
            updated_at__lte=now - RETRY_AFTER,
        ).order_by("updated_at")[:SWEEP_BATCH]
    )
    # New rows (never attempted) need not wait for RETRY_AFTER.
    due += list(
        CommentAnalysis.objects.filter(
            status=CommentAnalysis.Status.PENDING, attempts=0
        ).exclude(pk__in=[row.pk for row in due])[:SWEEP_BATCH]
    )
    by_workspace: dict[int, list[CommentAnalysis]] = {}
    for row in due:
        by_workspace.setdefault(row.workspace_id, []).append(row)
    for rows in by_workspace.values():
        # In chunks, so each commits (and shows as progress) in seconds.
        for start in range(0, len(rows), RUN_CHUNK):
            analysis_run(rows=rows[start : start + RUN_CHUNK])
    return len(due)


def _weakly_labelled(workspace: Workspace) -> tuple[list[str], list[str]]:
    from cxloop.textanalysis import sentiment

    texts: list[str] = []
    labels: list[str] = []
    responses = (
        Response.objects.of(workspace)
        .exclude(comment="")
        .only("comment", *SCORE_FIELDS)
        .order_by("-submitted_at")[:200_000]
    )
    for response in responses.iterator(chunk_size=2000):
        for kind in SCORE_FIELDS:
            value = getattr(response, kind)
            label = (
                sentiment.label_from_score(kind, value) if value is not None else None
            )
            if label is not None:
                texts.append(response.comment)
                labels.append(label)
                break
    return texts, labels


def sentiment_model_train(*, workspace: Workspace) -> SentimentModel | None:
    """Train the workspace's model on its scored comments; None if too few."""
    from cxloop.textanalysis import sentiment

    texts, labels = _weakly_labelled(workspace)
    try:
        model, metrics = sentiment.train_score_model(texts, labels)
    except ValueError:
        return None
    trained = SentimentModel(
        workspace=workspace,
        version=model.version,
        accuracy=metrics["accuracy"],
        macro_f1=metrics["macro_f1"],
        n_train=int(metrics["n_train"]),
        n_held_out=int(metrics["n_held_out"]),
        blob=model.to_bytes(),
    )
    trained.full_clean()
    trained.save()
    return trained


def sentiment_models_train_all() -> int:
    """Retrain every workspace that has scored comments; how many were."""
    workspaces = Workspace.objects.filter(
        pk__in=Response.objects.exclude(comment="").values("workspace_id")
    )
    return sum(
        sentiment_model_train(workspace=workspace) is not None
        for workspace in workspaces
    )
