"""Topics of a workspace: embeddings, discovery, assignment and the codebook.

Flow. The per-comment analysis (`services.analysis_run`) embeds each new
comment (a repeated text reuses the vector the workspace already has),
stores the vector and assigns topics from the active codebook. When a
workspace first has MIN_COMMENTS embedded comments, when it has doubled
since the last run, weekly, and on request, a discovery run clusters every
stored vector again (`topics.cluster`), pairs the clusters with the topics
that exist (`topics.match`) so numbers stay, and re-assigns every comment.

Re-assigning also trains the workspace's text-only model (`fasttopics`) on
the assignments just made. Once it has enough comments and agrees well
enough with the embedding path, new comments in the languages it learnt
are assigned by it during the analysis, at n-gram speed, and embedded
later by a background task (`comments_embed_pending`) for the next
discovery; comments in other languages are still embedded on the spot.

Numbers are never reused: a new topic takes one more than the highest
number the workspace ever had. A topic a person edited (`curated`) keeps
its label, terms and keywords whatever discovery finds; one they deleted
stays deleted, one they merged keeps pointing at the topic it went into.
"""

import hashlib
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.errors import Conflict, InvalidInput
from cxloop.surveys.models import Response
from cxloop.textanalysis import selectors as report_selectors
from cxloop.textanalysis import topics
from cxloop.textanalysis.embeddings import Vectors, topic_embedder
from cxloop.textanalysis.models import (
    CommentAnalysis,
    CommentEmbedding,
    Topic,
    TopicAssignment,
    TopicDiscovery,
    TopicModel,
)

if TYPE_CHECKING:
    # scikit-learn loads only in processes that assign (the worker).
    from cxloop.textanalysis.fasttopics import FastTopics

EMBED_BATCH = 64
REDISCOVER_EVERY = timedelta(days=7)
# A run queued or running longer than this died with its worker.
STALE_RUN = timedelta(hours=2)
MAX_KEYWORDS = 30
MAX_PINNED = 20
# The text-only model is trained once a workspace has this many distinct
# embedded comments (below that it is small enough to embed every comment),
# and used only while its held-out agreement (micro-F1) with the embedding
# path is at least FAST_MIN_AGREEMENT: measured 0.62 on nhs-fft (English,
# 1,200 training comments) and 0.48 on the demo's comments (five languages,
# 350 each); see BENCHMARKS.md.
FAST_MIN_TRAIN = 200
FAST_MIN_AGREEMENT = 0.4
# Distinct comments (newest first) a model learns from: bounds training
# time (tens of CPU seconds) in big workspaces.
FAST_MAX_TRAIN = 10_000
# The background embedding after the fast path: batches of this many, for
# at most EMBED_LATER_SECONDS a task, so a worker is never held from new
# comments for longer than an analysis takes; queued at most every
# EMBED_LATER_EVERY seconds per workspace by a process, and swept by the
# schedule. Beyond ~10 new distinct comments a second per core the backlog
# grows and discovery sees only the comments embedded so far.
EMBED_LATER_BATCH = 32
EMBED_LATER_SECONDS = 5.0
EMBED_LATER_EVERY = 10.0
EMBED_SWEEP_SECONDS = 50.0


# ------------------------------------------------------------ embeddings


def text_hash(text: str, model: str) -> str:
    return hashlib.sha256(f"{model}\0{text.strip()}".encode()).hexdigest()[:32]


def _vector(blob: bytes | memoryview) -> Vectors:
    return np.frombuffer(bytes(blob), dtype=np.float32)


def comments_embed(
    *, workspace_id: int, responses: Sequence[Response]
) -> dict[int, Vectors]:
    """Embed and store the comments of responses that have none yet.

    Returns {response pk: vector} for every response with a non-blank
    comment. A text the workspace has embedded before is not embedded again.
    """
    embedder = topic_embedder()
    wanted = [r for r in responses if r.comment.strip()]
    current = {r.pk: text_hash(r.comment, embedder.version) for r in wanted}
    # A stored vector counts only if it is of this model and of the comment
    # as it is now (a partial response may have grown since).
    known = {
        row.response_id: _vector(row.vector)
        for row in CommentEmbedding.objects.filter(
            response_id__in=list(current), model=embedder.version
        )
        if row.text_hash == current[row.response_id]
    }
    missing = [r for r in wanted if r.pk not in known]
    hashes = {r.pk: current[r.pk] for r in missing}
    by_hash = {
        row.text_hash: _vector(row.vector)
        for row in CommentEmbedding.objects.filter(
            workspace_id=workspace_id,
            model=embedder.version,
            text_hash__in=set(hashes.values()),
        ).only("text_hash", "vector")
    }
    texts = {hashes[r.pk]: r.comment.strip() for r in missing}
    fresh = [h for h in dict.fromkeys(hashes.values()) if h not in by_hash]
    for start in range(0, len(fresh), EMBED_BATCH):
        chunk = fresh[start : start + EMBED_BATCH]
        vectors = embedder.embed([texts[h] for h in chunk])
        by_hash.update(zip(chunk, vectors, strict=True))
    CommentEmbedding.objects.filter(
        response_id__in=[r.pk for r in missing]
    ).delete()  # of another model, or of the comment before it changed
    CommentEmbedding.objects.bulk_create(
        [
            CommentEmbedding(
                workspace_id=workspace_id,
                response_id=r.pk,
                model=embedder.version,
                text_hash=hashes[r.pk],
                vector=by_hash[hashes[r.pk]].astype(np.float32).tobytes(),
            )
            for r in missing
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return known | {r.pk: by_hash[hashes[r.pk]] for r in missing}


# ------------------------------------------------------------ assignment


@dataclass
class Codebook:
    """What assigning needs: the space, the topic vectors, the keywords."""

    space: topics.Space | None
    vectors: list[topics.TopicVector]
    # Topic pk → the active topic its hits count for (itself, or where a
    # merged topic went).
    target: dict[int, int]
    keywords: dict[int, list[str]]


def _final(topic: Topic, by_pk: dict[int, Topic]) -> int | None:
    seen = set()
    while topic.status == Topic.Status.MERGED and topic.merged_into_id:
        if topic.pk in seen or topic.merged_into_id not in by_pk:
            return None
        seen.add(topic.pk)
        topic = by_pk[topic.merged_into_id]
    return topic.pk if topic.status == Topic.Status.ACTIVE else None


def codebook_load(workspace_id: int) -> Codebook:
    run = (
        TopicDiscovery.objects.filter(
            workspace_id=workspace_id, status=TopicDiscovery.Status.DONE
        )
        .exclude(space=b"")
        .order_by("-finished_at", "-pk")
        .values_list("space", flat=True)
        .first()
    )
    space = topics.Space.from_bytes(bytes(run)) if run else None
    by_pk = {t.pk: t for t in Topic.objects.filter(workspace_id=workspace_id)}
    target: dict[int, int] = {}
    vectors = []
    keywords = {}
    for topic in by_pk.values():
        final = _final(topic, by_pk)
        if final is None:
            continue
        target[topic.pk] = final
        if topic.keywords and topic.status == Topic.Status.ACTIVE:
            keywords[topic.pk] = list(topic.keywords)
        if topic.centroid and topic.assign_floor is not None:
            vectors.append(
                topics.TopicVector(
                    topic.pk,
                    _vector(topic.centroid),
                    topic.assign_floor,
                    topic.assign_typical or topic.assign_floor,
                )
            )
    return Codebook(space, vectors, target, keywords)


@dataclass
class Comment:
    """A comment to assign: from its vector, or from `hits` already made
    (the text-only model's, as [(topic pk, score)])."""

    response_id: int
    text: str
    language: str
    vector: Vectors | None
    hits: list[tuple[int, float]] | None = None


def _embedding_hits(
    vectors: Vectors, languages: Sequence[str], codebook: Codebook
) -> list[list[tuple[int, float]]]:
    """The embedding path's topics per vector, as final topic pks."""
    if not len(vectors) or not codebook.vectors or codebook.space is None:
        return [[] for _ in range(len(vectors))]
    moved = codebook.space.apply(vectors, languages)
    result = []
    for hits in topics.assign(moved, codebook.vectors):
        final: dict[int, float] = {}
        for topic_pk, score in hits:
            final.setdefault(codebook.target[topic_pk], score)
        result.append(list(final.items()))
    return result


def _assignments(
    workspace_id: int, comments: Sequence[Comment], codebook: Codebook
) -> list[TopicAssignment]:
    now = timezone.now()
    chosen: dict[tuple[int, int], TopicAssignment] = {}
    live = [c for c in comments if c.text.strip()]
    embedded = [c for c in live if c.hits is None and c.vector is not None]
    found = _embedding_hits(
        np.stack([c.vector for c in embedded if c.vector is not None])
        if embedded
        else np.zeros((0, 0), dtype=np.float32),
        [c.language for c in embedded],
        codebook,
    )
    hits_of = {c.response_id: hits for c, hits in zip(embedded, found, strict=True)}
    for comment in live:
        hits = (
            comment.hits
            if comment.hits is not None
            else hits_of.get(comment.response_id, [])
        )
        for topic_pk, score in hits:
            # The model's topics may since have been merged or deleted.
            final = codebook.target.get(topic_pk)
            key = (comment.response_id, final or 0)
            if final is not None and key not in chosen:
                chosen[key] = TopicAssignment(
                    workspace_id=workspace_id,
                    response_id=comment.response_id,
                    topic_id=final,
                    score=round(score, 4),
                    source=TopicAssignment.Source.AUTO,
                    assigned_at=now,
                )
    for comment in comments:
        if not comment.text.strip():
            continue
        for topic_pk, words in codebook.keywords.items():
            key = (comment.response_id, topic_pk)
            if key not in chosen and topics.keyword_hits(comment.text, words):
                chosen[key] = TopicAssignment(
                    workspace_id=workspace_id,
                    response_id=comment.response_id,
                    topic_id=topic_pk,
                    source=TopicAssignment.Source.KEYWORD,
                    assigned_at=now,
                )
    return list(chosen.values())


def comments_assign(
    *,
    workspace_id: int,
    comments: Sequence[Comment],
    codebook: Codebook | None = None,
) -> int:
    """Replace the automatic and keyword topics of these comments.

    Topics given by hand stay. Returns how many assignments were made.
    """
    codebook = codebook or codebook_load(workspace_id)
    rows = _assignments(workspace_id, comments, codebook)
    ids = [c.response_id for c in comments]
    manual = set(
        TopicAssignment.objects.filter(
            response_id__in=ids, source=TopicAssignment.Source.MANUAL
        ).values_list("response_id", "topic_id")
    )
    with transaction.atomic():
        TopicAssignment.objects.filter(response_id__in=ids).exclude(
            source=TopicAssignment.Source.MANUAL
        ).delete()
        TopicAssignment.objects.bulk_create(
            [r for r in rows if (r.response_id, r.topic_id) not in manual],
            ignore_conflicts=True,
            batch_size=1000,
        )
    return len(rows)


@dataclass
class Corpus:
    """Every embedded comment of a workspace, as assignment and discovery
    read them."""

    response_ids: list[int]
    texts: list[str]
    languages: list[str]
    hashes: list[str]
    vectors: Vectors


def _corpus(
    workspace: Workspace | int, response_ids: "QuerySet[Any] | None" = None
) -> Corpus:
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    queryset = CommentEmbedding.objects.filter(workspace_id=workspace_id)
    if response_ids is not None:
        queryset = queryset.filter(response_id__in=response_ids)
    rows = (
        queryset.exclude(response__comment="")
        .order_by("response_id")
        .values_list(
            "response_id",
            "response__comment",
            "response__analysis__language",
            "text_hash",
            "vector",
        )
    )
    ids: list[int] = []
    texts: list[str] = []
    languages: list[str] = []
    hashes: list[str] = []
    blobs: list[bytes] = []
    for pk, text, language, digest, vector in rows.iterator(chunk_size=2000):
        ids.append(pk)
        texts.append(text)
        languages.append(language or "")
        hashes.append(digest)
        blobs.append(bytes(vector))
    dim = topic_embedder().dim
    vectors = (
        np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), -1)
        if blobs
        else np.zeros((0, dim), dtype=np.float32)
    )
    return Corpus(ids, texts, languages, hashes, vectors)


def topics_reassign(*, workspace: Workspace) -> int:
    """Assign every embedded comment of the workspace again; how many made.

    Also trains the workspace's text-only model on these assignments, and
    with it assigns again the analysed comments not embedded yet (which
    would otherwise keep topics discovery may just have retired).
    """
    corpus = _corpus(workspace)
    codebook = codebook_load(workspace.pk)
    topic_model_train(workspace_id=workspace.pk, corpus=corpus, codebook=codebook)
    made = 0
    for start in range(0, len(corpus.response_ids), 2000):
        stop = start + 2000
        made += comments_assign(
            workspace_id=workspace.pk,
            codebook=codebook,
            comments=[
                Comment(pk, text, language, vector)
                for pk, text, language, vector in zip(
                    corpus.response_ids[start:stop],
                    corpus.texts[start:stop],
                    corpus.languages[start:stop],
                    corpus.vectors[start:stop],
                    strict=True,
                )
            ],
        )
    return made + _reassign_unembedded(workspace.pk, codebook)


def comment_forget(*, response_id: int) -> None:
    """A comment taken back: its topics and its vector go with it."""
    TopicAssignment.objects.filter(response_id=response_id).delete()
    CommentEmbedding.objects.filter(response_id=response_id).delete()


def _unembedded() -> QuerySet[Response]:
    """Analysed comments whose vector has not been computed yet."""
    return Response.objects.filter(
        analysis__status=CommentAnalysis.Status.DONE, embedding__isnull=True
    ).exclude(comment__regex=r"^\s*$")


def _reassign_unembedded(workspace_id: int, codebook: Codebook) -> int:
    model = fast_model(workspace_id)
    if model is None:
        return 0
    rows = list(
        _unembedded()
        .filter(workspace_id=workspace_id, analysis__language__in=model.languages)
        .values_list("pk", "comment", "analysis__language")
    )
    made = 0
    for start in range(0, len(rows), 2000):
        chunk = rows[start : start + 2000]
        hits = model.predict([text for _, text, _ in chunk])
        made += comments_assign(
            workspace_id=workspace_id,
            codebook=codebook,
            comments=[
                Comment(pk, text, language, None, hits=found)
                for (pk, text, language), found in zip(chunk, hits, strict=True)
            ],
        )
    return made


# ------------------------------------------------- text-only assignment


def topic_model_train(
    *,
    workspace_id: int,
    corpus: Corpus | None = None,
    codebook: Codebook | None = None,
) -> TopicModel | None:
    """Train the text-only model on the embedding path's assignments.

    Replaces the workspace's model; with too few distinct comments (or no
    topic vectors) the old one is dropped and none is made, so every new
    comment is embedded.
    """
    from cxloop.textanalysis import fasttopics

    corpus = corpus if corpus is not None else _corpus(workspace_id)
    codebook = codebook or codebook_load(workspace_id)
    # Each distinct text once, newest first: a repeated text would sit on
    # both sides of the held-out split and flatter the agreement.
    first: dict[str, int] = {}
    for index in reversed(range(len(corpus.hashes))):
        first.setdefault(corpus.hashes[index], index)
    rows = sorted(first.values(), reverse=True)[:FAST_MAX_TRAIN]
    if len(rows) < FAST_MIN_TRAIN or not codebook.vectors:
        TopicModel.objects.filter(workspace_id=workspace_id).delete()
        return None
    # The old model keeps assigning new comments while this one trains
    # (tens of seconds); the two swap in one transaction below.
    languages = [corpus.languages[i] for i in rows]
    hits = _embedding_hits(corpus.vectors[rows], languages, codebook)
    model = fasttopics.FastTopics.train(
        [corpus.texts[i] for i in rows],
        languages,
        [[topic_pk for topic_pk, _ in row] for row in hits],
    )
    stored = TopicModel(
        workspace_id=workspace_id,
        version=model.version,
        agreement=model.agreement,
        n_train=model.n_train,
        languages=model.languages,
        blob=model.to_bytes(),
    )
    stored.full_clean(exclude=["workspace"])
    with transaction.atomic():
        TopicModel.objects.filter(workspace_id=workspace_id).delete()
        stored.save()
    return stored


_fast_models: "OrderedDict[tuple[int, str], FastTopics]" = OrderedDict()
_fast_models_lock = threading.Lock()


def fast_model(workspace_id: int) -> "FastTopics | None":
    """The workspace's text-only model if it is good enough; cached."""
    from cxloop.textanalysis import fasttopics

    newest = (
        TopicModel.objects.filter(
            workspace_id=workspace_id, agreement__gte=FAST_MIN_AGREEMENT
        )
        .order_by("-trained_at", "-pk")
        .values_list("pk", "version")
        .first()
    )
    if newest is None:
        return None
    key = (workspace_id, newest[1])
    with _fast_models_lock:
        if key in _fast_models:
            _fast_models.move_to_end(key)
            return _fast_models[key]
    blob = TopicModel.objects.values_list("blob", flat=True).get(pk=newest[0])
    model = fasttopics.FastTopics.from_bytes(bytes(blob))
    with _fast_models_lock:
        _fast_models[key] = model
        # Up to 12 MB each (30 topics): keep the worker well under 1 GB.
        while len(_fast_models) > 8:
            _fast_models.popitem(last=False)
    return model


def comments_embed_later(*, workspace_id: int, responses: Sequence[Response]) -> None:
    """Queue the embedding of comments assigned without one.

    A stored vector of an earlier text of the comment is dropped now, so
    discovery never reads it and the background task finds the comment.
    """
    from cxloop.textanalysis import tasks

    version = topic_embedder().version
    stale = [
        row.pk
        for row in CommentEmbedding.objects.filter(
            response_id__in=[r.pk for r in responses]
        ).only("pk", "response_id", "model", "text_hash")
        if row.model != version
        or row.text_hash != text_hash(_comment_of(responses, row.response_id), version)
    ]
    if stale:
        CommentEmbedding.objects.filter(pk__in=stale).delete()
    # One queued task per comment would double the queue's rows.
    now = time.monotonic()
    with _fast_models_lock:
        last = _embed_queued.get(workspace_id)
        if last is not None and now - last < EMBED_LATER_EVERY:
            return
        _embed_queued[workspace_id] = now
    transaction.on_commit(
        partial(tasks.embed_comments.enqueue, workspace_id=workspace_id)
    )


_embed_queued: dict[int, float] = {}


def _comment_of(responses: Sequence[Response], pk: int) -> str:
    return next(r.comment for r in responses if r.pk == pk)


def comments_embed_pending(*, workspace_id: int, seconds: float | None = None) -> int:
    """Embed analysed comments that have no vector yet; how many were.

    Newest first, in batches, until none is left or `seconds` (default
    EMBED_LATER_SECONDS) have passed. The fast path queues this, and the
    schedule runs it for every workspace as a safety net.
    """
    started = time.monotonic()
    budget = EMBED_LATER_SECONDS if seconds is None else seconds
    total = 0
    while True:
        pending = list(
            _unembedded()
            .filter(workspace_id=workspace_id)
            .order_by("-pk")
            .only("pk", "comment")[:EMBED_LATER_BATCH]
        )
        if pending:
            comments_embed(workspace_id=workspace_id, responses=pending)
        total += len(pending)
        if len(pending) < EMBED_LATER_BATCH or time.monotonic() - started > budget:
            return total


def comments_embed_sweep() -> int:
    """The schedule's entry: embed every workspace's backlog; how many."""
    workspaces = _unembedded().values_list("workspace_id", flat=True).distinct()
    started = time.monotonic()
    total = 0
    for workspace_id in list(workspaces):
        left = EMBED_SWEEP_SECONDS - (time.monotonic() - started)
        if left <= 0:
            break
        total += comments_embed_pending(workspace_id=workspace_id, seconds=left)
    return total


def reassign_request(*, workspace: Workspace) -> None:
    """Assign old comments again in the worker (after codebook edits)."""
    from cxloop.textanalysis import tasks

    transaction.on_commit(
        partial(tasks.reassign_topics.enqueue, workspace_id=workspace.pk)
    )


# ------------------------------------------------------------- discovery


@transaction.atomic
def discovery_request(
    *, workspace: Workspace, trigger: str = TopicDiscovery.Trigger.REQUEST
) -> TopicDiscovery:
    """Queue a discovery run, unless one is already queued or running.

    The workspace's row is locked first, so a button pressed twice, the
    schedule and the arrival of the 50th comment cannot queue two runs.
    """
    from cxloop.textanalysis import tasks

    list(Workspace.objects.select_for_update().filter(pk=workspace.pk).values("pk"))
    now = timezone.now()
    TopicDiscovery.objects.of(workspace).filter(
        status__in=[TopicDiscovery.Status.QUEUED, TopicDiscovery.Status.RUNNING],
        requested_at__lt=now - STALE_RUN,
    ).update(status=TopicDiscovery.Status.FAILED, error="Worker stopped.")
    pending: TopicDiscovery | None = (
        TopicDiscovery.objects.of(workspace)
        .filter(
            status__in=[TopicDiscovery.Status.QUEUED, TopicDiscovery.Status.RUNNING]
        )
        .first()
    )
    if pending is not None:
        return pending
    run: TopicDiscovery = TopicDiscovery.objects.create(
        workspace=workspace, trigger=trigger
    )
    transaction.on_commit(partial(tasks.discover_topics.enqueue, run_id=run.pk))
    return run


def discovery_due(*, workspace: Workspace, now: datetime | None = None) -> str | None:
    """Why discovery should run now (a `Trigger`), or None."""
    now = now or timezone.now()
    runs = TopicDiscovery.objects.of(workspace)
    if runs.filter(
        status__in=[TopicDiscovery.Status.QUEUED, TopicDiscovery.Status.RUNNING],
        requested_at__gte=now - STALE_RUN,
    ).exists():
        return None
    embedded = CommentEmbedding.objects.of(workspace).count()
    last = (
        runs.filter(status=TopicDiscovery.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if last is None:
        if embedded < topics.MIN_COMMENTS:
            return None
        failed = runs.filter(
            status=TopicDiscovery.Status.FAILED, requested_at__gte=now - STALE_RUN
        )
        return None if failed.exists() else TopicDiscovery.Trigger.FIRST
    new = embedded - last.n_comments
    if embedded >= 2 * last.n_comments and new >= topics.MIN_COMMENTS:
        return TopicDiscovery.Trigger.GROWTH
    assert last.finished_at is not None  # noqa: S101 - done runs have finished
    if new > 0 and last.finished_at <= now - REDISCOVER_EVERY:
        return TopicDiscovery.Trigger.SCHEDULE
    return None


def discovery_request_if_due(*, workspace: Workspace) -> TopicDiscovery | None:
    trigger = discovery_due(workspace=workspace)
    if trigger is None:
        return None
    return discovery_request(workspace=workspace, trigger=trigger)


def discovery_sweep() -> int:
    """The schedule's entry: queue discovery where it is due; how many."""
    workspaces = Workspace.objects.filter(
        pk__in=CommentEmbedding.objects.values("workspace_id")
    )
    return sum(
        discovery_request_if_due(workspace=workspace) is not None
        for workspace in workspaces
    )


def _next_number(workspace: Workspace) -> int:
    highest = Topic.objects.of(workspace).aggregate(top=Max("number"))["top"]
    return (highest or 0) + 1


def _main_language(workspace: Workspace) -> str:
    return (workspace.default_locale or "en").split("-")[0].lower()


def discovery_run(*, run_id: int) -> TopicDiscovery | None:
    """The task's work: claim a queued run, cluster, match, re-assign."""
    claimed = TopicDiscovery.objects.filter(
        pk=run_id, status=TopicDiscovery.Status.QUEUED
    ).update(status=TopicDiscovery.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    run: TopicDiscovery = TopicDiscovery.objects.select_related("workspace").get(
        pk=run_id
    )
    try:
        _discover(run)
    except Exception as error:  # noqa: BLE001 - recorded on the run
        run.status = TopicDiscovery.Status.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    return run


def _discover(run: TopicDiscovery) -> None:
    started = timezone.now()
    workspace = run.workspace
    corpus = _corpus(workspace)
    if len(corpus.response_ids) < topics.MIN_COMMENTS:
        raise InvalidInput(_("Too few analysed comments to find topics in."))
    # Each distinct text once, weighted by how often it occurs.
    first: dict[str, int] = {}
    weights: Counter[str] = Counter(corpus.hashes)
    for index, digest in enumerate(corpus.hashes):
        first.setdefault(digest, index)
    unique = list(first.values())
    languages = [corpus.languages[i] for i in unique]
    texts = [corpus.texts[i] for i in unique]
    space = topics.Space.fit(corpus.vectors[unique], languages)
    vectors = space.apply(corpus.vectors[unique], languages)
    existing = [
        _vector(blob)
        for blob in Topic.objects.of(workspace)
        .filter(status=Topic.Status.ACTIVE)
        .exclude(centroid=b"")
        .order_by("number")
        .values_list("centroid", flat=True)
    ]
    clusters, info = topics.cluster(
        vectors,
        weights=[weights[corpus.hashes[i]] for i in unique],
        start=np.stack(existing) if existing else None,
    )
    described = topics.describe(
        clusters, texts, languages, main=_main_language(workspace)
    )
    # Response ids of each cluster (every copy of each text).
    row_of_hash = {corpus.hashes[i]: n for n, i in enumerate(unique)}
    cluster_of_row = {}
    for n, item in enumerate(clusters):
        for row in item.members.tolist():
            cluster_of_row[row] = n
    members: dict[int, set[int]] = defaultdict(set)
    for pk, digest in zip(corpus.response_ids, corpus.hashes, strict=True):
        members[cluster_of_row[row_of_hash[digest]]].add(pk)
    with transaction.atomic():
        new_count = _store_clusters(
            workspace, clusters, described, members, unique, corpus
        )
        run.space = space.to_bytes()
        run.status = TopicDiscovery.Status.DONE
        run.finished_at = timezone.now()
        run.n_comments = len(corpus.response_ids)
        run.n_topics = (
            Topic.objects.of(workspace).filter(status=Topic.Status.ACTIVE).count()
        )
        run.n_new = new_count
        run.details = {
            **info,
            "distinct_texts": len(unique),
            "seconds": round((run.finished_at - started).total_seconds(), 1),
        }
        run.save()
    topics_reassign(workspace=workspace)


def _store_clusters(
    workspace: Workspace,
    clusters: Sequence[topics.Cluster],
    described: Sequence[topics.Labelled],
    members: dict[int, set[int]],
    unique: Sequence[int],
    corpus: Corpus,
) -> int:
    """Pair clusters with existing topics and write them; new topics made."""
    existing = [
        t
        for t in Topic.objects.of(workspace).select_for_update().order_by("number")
        if t.centroid
    ]
    held: dict[int, set[int]] = defaultdict(set)
    for response_id, topic_id in TopicAssignment.objects.of(workspace).values_list(
        "response_id", "topic_id"
    ):
        held[topic_id].add(response_id)
    overlap = np.zeros((len(clusters), len(existing)))
    for i in range(len(clusters)):
        for j, topic in enumerate(existing):
            if members[i]:
                overlap[i, j] = len(members[i] & held[topic.pk]) / len(members[i])
    old = np.stack([_vector(t.centroid) for t in existing]) if existing else None
    new = np.stack([c.centroid for c in clusters])
    pairs = topics.match(old, new, overlap=overlap) if old is not None else {}
    now = timezone.now()
    matched: set[int] = set()
    made: list[int] = []
    number = _next_number(workspace)
    for i, (item, labelled) in enumerate(zip(clusters, described, strict=True)):
        examples = {
            code: [corpus.response_ids[unique[row]] for row in rows]
            for code, rows in labelled.examples.items()
        }
        calibration = {
            "centroid": item.centroid.astype(np.float32).tobytes(),
            "assign_floor": item.floor,
            "assign_typical": item.typical,
            "examples": examples,
            "updated_at": now,
        }
        if i in pairs:
            topic = existing[pairs[i]]
            matched.add(topic.pk)
            if topic.status == Topic.Status.DELETED and not topic.curated:
                topic.status = Topic.Status.ACTIVE  # it came back
            for name, value in calibration.items():
                setattr(topic, name, value)
            if not topic.curated and labelled.terms:
                topic.terms = labelled.terms
                topic.terms_language = labelled.language
                topic.label = topics.label_of(labelled.terms)
            topic.save()
            continue
        label = topics.label_of(labelled.terms) or _("Topic {number}").format(
            number=number
        )
        created = Topic.objects.create(
            workspace=workspace,
            number=number,
            label=label[:120],
            terms=labelled.terms,
            terms_language=labelled.language,
            origin=Topic.Origin.DISCOVERED,
            **calibration,
        )
        number += 1
        made.append(created.pk)
    # Discovered topics nobody curated and no cluster matched: retired.
    Topic.objects.of(workspace).filter(
        status=Topic.Status.ACTIVE, curated=False, origin=Topic.Origin.DISCOVERED
    ).exclude(pk__in=matched | set(made)).update(
        status=Topic.Status.DELETED, updated_at=now
    )
    return len(made)


# -------------------------------------------------------------- codebook


class TopicError(InvalidInput):
    pass


def _touch(topic: Topic, *fields: str) -> None:
    topic.curated = True
    topic.updated_at = timezone.now()
    topic.save(update_fields=[*fields, "curated", "updated_at"])
    _reports_follow(topic.workspace)


def _reports_follow(workspace: Workspace) -> None:
    """Irritants and drivers in this process show a codebook edit at once.

    Other processes notice it within the reports' version check.
    """
    transaction.on_commit(partial(report_selectors.report_forget, workspace=workspace))


def _clean_label(label: str) -> str:
    label = " ".join(label.split())
    if not label:
        raise TopicError(_("A topic needs a name."), field="label")
    if len(label) > 120:
        raise TopicError(_("Keep the name under 120 characters."), field="label")
    return label


def _clean_keywords(keywords: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(" ".join(k.split()) for k in keywords))
    cleaned = [k for k in cleaned if k]
    if len(cleaned) > MAX_KEYWORDS:
        raise TopicError(
            _("At most %(n)d keywords.") % {"n": MAX_KEYWORDS}, field="keywords"
        )
    if any(len(k) > 60 for k in cleaned):
        raise TopicError(_("Keep each keyword under 60 characters."), field="keywords")
    return cleaned


def _active(topic: Topic) -> None:
    if topic.status != Topic.Status.ACTIVE:
        raise Conflict(_("This topic was merged or deleted."))


@transaction.atomic
def topic_rename(*, topic: Topic, label: str) -> Topic:
    _active(topic)
    topic.label = _clean_label(label)
    _touch(topic, "label")
    return topic


@transaction.atomic
def topic_keywords_set(*, topic: Topic, keywords: Sequence[str]) -> Topic:
    """Pin keywords: new comments containing one get the topic."""
    _active(topic)
    topic.keywords = _clean_keywords(keywords)
    _touch(topic, "keywords")
    return topic


def _examples_checked(workspace: Workspace, response_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(int(pk) for pk in response_ids))
    if len(ids) > MAX_PINNED:
        raise TopicError(
            _("At most %(n)d example comments.") % {"n": MAX_PINNED},
            field="examples",
        )
    found = set(
        Response.objects.of(workspace)
        .filter(pk__in=ids)
        .exclude(comment="")
        .values_list("pk", flat=True)
    )
    if missing := [pk for pk in ids if pk not in found]:
        raise TopicError(
            _("No comment with id %(id)s in this workspace.") % {"id": missing[0]},
            field="examples",
        )
    return ids


@transaction.atomic
def topic_examples_pin(*, topic: Topic, response_ids: Sequence[int]) -> Topic:
    """Pin example comments; a hand-made topic is re-shaped around them."""
    _active(topic)
    topic.pinned_examples = _examples_checked(topic.workspace, response_ids)
    _touch(topic, "pinned_examples")
    if topic.origin == Topic.Origin.MANUAL and topic.pinned_examples:
        _prepare_later(topic)
    return topic


@transaction.atomic
def topic_create(
    *,
    workspace: Workspace,
    label: str,
    keywords: Sequence[str] = (),
    examples: Sequence[int] = (),
) -> Topic:
    """Make a topic by hand from keywords and/or example comments.

    Keywords count for new comments at once; the centroid of the examples
    is computed in the worker (it may need their embeddings).
    """
    label = _clean_label(label)
    keywords = _clean_keywords(keywords)
    pinned = _examples_checked(workspace, examples)
    if not keywords and not pinned:
        raise TopicError(
            _("Give keywords or example comments for the topic."), field="keywords"
        )
    topic = Topic(
        workspace=workspace,
        number=_next_number(workspace),
        label=label,
        keywords=keywords,
        pinned_examples=pinned,
        origin=Topic.Origin.MANUAL,
        curated=True,
    )
    topic.full_clean()
    topic.save()
    _reports_follow(workspace)
    if pinned:
        _prepare_later(topic)
    return topic


def _prepare_later(topic: Topic) -> None:
    from cxloop.textanalysis import tasks

    transaction.on_commit(partial(tasks.prepare_topic.enqueue, topic_id=topic.pk))


def topic_prepare(*, topic_id: int) -> Topic | None:
    """A hand-made topic's centroid and calibration, from its examples.

    The centroid is the mean of the examples (in the workspace's space).
    Calibration is by rank among the workspace's comments, not by cosine: a
    topic made from n examples reaches down to its 5n-th closest comment
    (at least the closest 5%), and counts its 2n-th closest as typical.
    """
    topic: Topic | None = (
        Topic.objects.filter(pk=topic_id).select_related("workspace").first()
    )
    if topic is None or not topic.pinned_examples:
        return None
    responses = list(
        Response.objects.of(topic.workspace)
        .filter(pk__in=topic.pinned_examples)
        .exclude(comment="")
        .select_related("analysis")
    )
    if not responses:
        return None
    vectors = comments_embed(workspace_id=topic.workspace_id, responses=responses)
    codebook = codebook_load(topic.workspace_id)
    corpus = _corpus(topic.workspace)
    languages = [
        getattr(getattr(r, "analysis", None), "language", "") or "" for r in responses
    ]
    space = codebook.space or topics.Space.fit(corpus.vectors, corpus.languages)
    own = space.apply(np.stack([vectors[r.pk] for r in responses]), languages)
    centroid = topics.centroid_of(own)
    floor = typical = float((own @ centroid).min())
    if len(corpus.response_ids):
        ranked = np.sort(space.apply(corpus.vectors, corpus.languages) @ centroid)
        ranked = ranked[::-1]
        n = len(responses)
        reach = max(5 * n, int(np.ceil(0.05 * len(ranked))))
        floor = min(floor, float(ranked[min(reach, len(ranked)) - 1]))
        typical = float(ranked[min(2 * n, len(ranked)) - 1])
    topic.centroid = centroid.tobytes()
    topic.assign_floor = floor
    topic.assign_typical = max(typical, floor + 1e-3)
    topic.updated_at = timezone.now()
    topic.save(
        update_fields=["centroid", "assign_floor", "assign_typical", "updated_at"]
    )
    # New comments like its examples get it without being embedded too.
    topic_model_train(workspace_id=topic.workspace_id, corpus=corpus)
    return topic


@transaction.atomic
def topic_merge(*, source: Topic, target: Topic) -> Topic:
    """Fold `source` into `target`: its comments and future hits go there."""
    if source.workspace_id != target.workspace_id or source.pk == target.pk:
        raise TopicError(_("Choose another topic to merge into."), field="into")
    _active(source)
    _active(target)
    moving = list(TopicAssignment.objects.filter(topic=source))
    TopicAssignment.objects.bulk_create(
        [
            TopicAssignment(
                workspace_id=a.workspace_id,
                response_id=a.response_id,
                topic=target,
                score=a.score,
                source=a.source,
                assigned_at=a.assigned_at,
            )
            for a in moving
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    TopicAssignment.objects.filter(topic=source).delete()
    Topic.objects.filter(merged_into=source).update(merged_into=target)
    source.status = Topic.Status.MERGED
    source.merged_into = target
    _touch(source, "status", "merged_into")
    target.keywords = _clean_keywords([*target.keywords, *source.keywords])
    _touch(target, "keywords")
    return target


@transaction.atomic
def topic_delete(*, topic: Topic) -> Topic:
    """Delete a topic: its comments lose it, discovery does not bring it back."""
    _active(topic)
    TopicAssignment.objects.filter(topic=topic).delete()
    topic.status = Topic.Status.DELETED
    _touch(topic, "status")
    return topic


MIN_SPLIT = 10


@transaction.atomic
def topic_split(*, topic: Topic, parts: int = 2) -> list[Topic]:
    """Cluster one topic's comments into `parts` new topics.

    The topic itself is deleted (curated, so discovery leaves it so) and its
    comments move to the part they are closest to.
    """
    _active(topic)
    if not 2 <= parts <= 10:
        raise TopicError(_("Split into 2 to 10 topics."), field="parts")
    workspace = topic.workspace
    held = TopicAssignment.objects.filter(topic=topic).values("response_id")
    corpus = _corpus(workspace, held)
    rows = list(range(len(corpus.response_ids)))
    if len(rows) < max(MIN_SPLIT, 2 * parts):
        raise TopicError(
            _("This topic has too few analysed comments to split."), field="parts"
        )
    codebook = codebook_load(workspace.pk)
    languages = [corpus.languages[i] for i in rows]
    space = codebook.space or topics.Space.fit(corpus.vectors[rows], languages)
    vectors = space.apply(corpus.vectors[rows], languages)
    clusters = topics.split(vectors, parts=parts)
    described = topics.describe(
        clusters,
        [corpus.texts[i] for i in rows],
        languages,
        main=_main_language(workspace),
        min_members=1,
    )
    made = []
    number = _next_number(workspace)
    now = timezone.now()
    for item, labelled in zip(clusters, described, strict=True):
        label = topics.label_of(labelled.terms) or f"{topic.label} ({number})"
        part = Topic.objects.create(
            workspace=workspace,
            number=number,
            label=label[:120],
            terms=labelled.terms,
            terms_language=labelled.language,
            origin=Topic.Origin.MANUAL,
            curated=True,
            centroid=item.centroid.tobytes(),
            assign_floor=item.floor,
            assign_typical=item.typical,
            examples={
                code: [corpus.response_ids[rows[r]] for r in members]
                for code, members in labelled.examples.items()
            },
        )
        TopicAssignment.objects.bulk_create(
            [
                TopicAssignment(
                    workspace=workspace,
                    response_id=corpus.response_ids[rows[r]],
                    topic=part,
                    score=round(float(similarity), 4),
                    assigned_at=now,
                )
                for r, similarity in zip(
                    item.members.tolist(), item.similarities.tolist(), strict=True
                )
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        made.append(part)
        number += 1
    TopicAssignment.objects.filter(topic=topic).delete()
    topic.status = Topic.Status.DELETED
    _touch(topic, "status")
    _train_later(workspace)
    return made


def _train_later(workspace: Workspace) -> None:
    from cxloop.textanalysis import tasks

    transaction.on_commit(
        partial(tasks.train_topic_model.enqueue, workspace_id=workspace.pk)
    )


# ---------------------------------------------------------------- erasure


def topics_erase(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """Drop what was derived from an erased person's comments: the vectors,
    and their place among topic examples."""
    ids = set(
        Response.objects.of(workspace)
        .filter(customer_id__in=list(subject.customer_ids))
        .values_list("pk", flat=True)
    )
    if not ids:
        return {"comment_embeddings": 0}
    deleted, _ = CommentEmbedding.objects.filter(response_id__in=ids).delete()
    # The text-only model learnt from their words too: it goes with the
    # erasure and learns again without them (their vectors are gone).
    TopicModel.objects.of(workspace).delete()
    _train_later(workspace)
    for topic in Topic.objects.of(workspace):
        examples = {
            code: [pk for pk in pks if pk not in ids]
            for code, pks in topic.examples.items()
        }
        pinned = [pk for pk in topic.pinned_examples if pk not in ids]
        if examples != topic.examples or pinned != topic.pinned_examples:
            topic.examples = examples
            topic.pinned_examples = pinned
            topic.save(update_fields=["examples", "pinned_examples"])
    return {"comment_embeddings": deleted}
