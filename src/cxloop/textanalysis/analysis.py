"""One comment in, its language and sentiment out: the per-comment hot path.

Every step is linear in the length of its input, and the input is cut to
MAX_CHARS first, so no comment can cost more than a bounded amount of work;
a megabyte of emoji or random tokens costs what its first 10,000 characters
cost. The time budget is the second line of defence: when a comment has
used it up (a machine under heavy load, a pathological text), the steps not
yet run are skipped and the result says it is incomplete, instead of the
worker stalling.

Embeddings (topics) are not on this path: they cost 10-100 times more per
comment and are computed in batches elsewhere. A workspace's text-only
topic model (`fasttopics`) is: it reads the n-grams sentiment computed.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cxloop.textanalysis import language, sentiment
from cxloop.textanalysis.language import Source

if TYPE_CHECKING:
    from cxloop.textanalysis.fasttopics import FastTopics

MAX_CHARS = 10_000
DEFAULT_BUDGET_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the text says; `sentiment` is None for empty text or when skipped."""

    language: str
    language_confidence: float
    language_source: Source
    sentiment: sentiment.Sentiment | None
    versions: dict[str, str] = field(default_factory=dict)
    analysed_chars: int = 0
    truncated: bool = False
    complete: bool = True
    # [(topic key, score)] from the text-only topic model; None when it was
    # not asked, or does not know the comment's language.
    topics: list[tuple[int, float]] | None = None


@dataclass(frozen=True, slots=True)
class WorkspaceModel:
    """A workspace's trained sentiment model and how much it counts."""

    model: sentiment.NgramModel
    weight: float


class Analyser:
    """Language and sentiment for one workspace's comments.

    Build one per workspace and reuse it: the language detector and the
    cold-start model are shared by every analyser in the process.
    """

    def __init__(
        self,
        *,
        languages: Iterable[str] = language.DEFAULT_LANGUAGES,
        workspace_model: WorkspaceModel | None = None,
        budget_seconds: float = DEFAULT_BUDGET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.languages = language.supported(languages)
        self.workspace_model = workspace_model
        self.budget_seconds = budget_seconds
        self.clock = clock
        self.cold_start = sentiment.cold_start_model()
        language.preload(self.languages)

    @property
    def versions(self) -> dict[str, str]:
        versions = {"cold_start": self.cold_start.version}
        if self.workspace_model is not None:
            versions["workspace"] = self.workspace_model.model.version
        return versions

    def analyse(self, text: str, *, hint: str | None = None) -> Analysis:
        """Analyse one comment; `hint` is the customer's or survey's locale."""
        return self.analyse_batch([text], hints=[hint])[0]

    def analyse_batch(
        self,
        texts: Sequence[str],
        *,
        hints: Sequence[str | None] | None = None,
        topic_model: "FastTopics | None" = None,
    ) -> list[Analysis]:
        """Analyse comments together: one model pass for all of them.

        With `topic_model`, comments in a language it knows get topics too.
        The time budget is per comment, so a batch of n gets n budgets.
        """
        started = self.clock()
        hints = hints if hints is not None else [None] * len(texts)
        cut = [text[:MAX_CHARS] for text in texts]
        detections = [
            language.detect(text, languages=self.languages, hint=hint)
            for text, hint in zip(cut, hints, strict=True)
        ]
        in_time = self.clock() - started <= self.budget_seconds * len(texts)
        wanted = [i for i, text in enumerate(cut) if text.strip()]
        sentiments: dict[int, sentiment.Sentiment] = {}
        topics: dict[int, list[tuple[int, float]]] = {}
        if in_time and wanted:
            inputs = sentiment.ngram_features([cut[i] for i in wanted])
            sentiments = dict(zip(wanted, self._sentiments(inputs), strict=True))
            known = [
                n
                for n, i in enumerate(wanted)
                if topic_model is not None and topic_model.knows(detections[i].language)
            ]
            if topic_model is not None and known:
                chosen = sentiment.NgramFeatures(
                    inputs.chars[known], inputs.words[known]
                )
                topics = dict(
                    zip(
                        [wanted[n] for n in known],
                        topic_model.predict_features(chosen),
                        strict=True,
                    )
                )
        return [
            Analysis(
                language=detection.language,
                language_confidence=round(detection.confidence, 4),
                language_source=detection.source,
                sentiment=sentiments.get(i),
                versions=self.versions,
                analysed_chars=len(cut[i]),
                truncated=len(texts[i]) > MAX_CHARS,
                complete=in_time,
                topics=topics.get(i),
            )
            for i, detection in enumerate(detections)
        ]

    def _sentiments(self, inputs: sentiment.NgramFeatures) -> list[sentiment.Sentiment]:
        cold = self.cold_start.predict_features(inputs)
        own = None
        weight = 0.0
        if self.workspace_model is not None:
            own = self.workspace_model.model.predict_features(inputs)
            weight = self.workspace_model.weight
        blended = sentiment.combine(cold, own, weight)
        return [sentiment.to_sentiment(row) for row in blended]
