"""Measure language detection and sentiment on real, labelled corpora.

The corpora live in the shared data directory (`../shared/data` beside the
checkout, or CXLOOP_SHARED_DATA) and are read by path; nothing of them goes
into a model the project ships. Per language the sentiment table compares:

- majority: always the corpus's most frequent label;
- score model: the workspace-model recipe (`train_score_model`'s n-gram
  model), cross-validated on the corpus (on nhs-fft it is trained on labels
  derived from the FFT score, as a workspace's would be, and tested against
  the human sentiment labels);
- cold start: the seed-trained n-gram model, no corpus data at all; "no
  own seeds" also leaves out that language's seed comments;
- embeddings: a classifier on multilingual e5 vectors of the seed comments,
  with and without the language's own seeds (cross-lingual transfer);
- combined: cold start and score model blended per `workspace_weight`.
"""

import csv
import hashlib
import json
import os
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from cxloop.textanalysis import language, sentiment
from cxloop.textanalysis.embeddings import Embedder

Vectors = npt.NDArray[np.float32]


@dataclass
class Corpus:
    """Texts with human sentiment labels (and, for nhs-fft, score labels)."""

    name: str
    language: str
    texts: list[str]
    labels: list[str]
    weak_labels: list[str] | None = None

    def sample(self, limit: int | None, seed: int = 0) -> "Corpus":
        """At most `limit` rows, the same ones every time for one seed."""
        if limit is None or limit >= len(self.texts):
            return self
        rng = random.Random(seed)  # noqa: S311 - a sample, not security
        rows = sorted(rng.sample(range(len(self.texts)), limit))
        weak = self.weak_labels
        return Corpus(
            self.name,
            self.language,
            [self.texts[i] for i in rows],
            [self.labels[i] for i in rows],
            [weak[i] for i in rows] if weak is not None else None,
        )


# ---------------------------------------------------------------- loaders


def default_data_dir() -> Path:
    """CXLOOP_SHARED_DATA, else `shared/data` beside the checkout."""
    configured = os.environ.get("CXLOOP_SHARED_DATA")
    if configured:
        return Path(configured)
    checkout = Path(__file__).resolve().parents[3]
    return checkout.parent / "shared" / "data"


def load_et(data: Path) -> Corpus:
    names = {
        "positiivne": "positive",
        "neutraalne": "neutral",
        "negatiivne": "negative",
    }
    path = data / "et-valence" / "et_valence_sample.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Corpus(
        "et-valence",
        "et",
        [row["text"] for row in rows],
        [names[row["label"]] for row in rows],
    )


def load_lv(data: Path) -> Corpus:
    names = {"pos": "positive", "neu": "neutral", "neg": "negative"}
    folder = data / "lv-ltec-sentiment"
    records = []
    for name in (
        "ltec-sentiment-annotated-test.json",
        "ltec-sentiment-annotated-train.sample1200.json",
    ):
        records += json.loads((folder / name).read_text(encoding="utf-8"))
    return Corpus(
        "lv-ltec-sentiment",
        "lv",
        [record["tweet_text"] for record in records],
        [names[record["sentiment"]] for record in records],
    )


def load_fi(data: Path) -> Corpus:
    """Annotated lines that are clearly positive or negative, plus neutral ones.

    Lines whose emotions mix polarities (`mixed_or_ambiguous`) are left out:
    they are neither the neutral class nor one pole.
    """
    folder = data / "fi-xed-emotion"
    texts: list[str] = []
    labels: list[str] = []
    with (folder / "fi_xed_annotated_sample.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["polarity_derived"] in {"positive", "negative"}:
                texts.append(row["text"])
                labels.append(row["polarity_derived"])
    with (folder / "fi_xed_neutral_sample.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            columns = line.rstrip("\n").split("\t")
            if len(columns) > 1 and columns[1].strip():
                texts.append(columns[1])
                labels.append("neutral")
    return Corpus("fi-xed-emotion", "fi", texts, labels)


def load_en(data: Path) -> Corpus:
    """NHS FFT answers with a human sentiment label (1-2 good, 3 mixed, 4-5 poor).

    The FFT score (1 very good ... 5 very poor) gives the weak labels a
    workspace model would be trained on; 6 and 7 are not on the scale.
    """
    # Both scales run from 1 (very good / very positive) to 5.
    bands = {"1": "positive", "2": "positive", "3": "neutral"}
    bands |= {"4": "negative", "5": "negative"}
    path = data / "nhs-fft-feedback" / "fft_v6framework_sample.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    weak_labels: list[str] = []
    corpus = Corpus("nhs-fft-feedback", "en", [], [], weak_labels)
    for row in rows:
        text = row["FFT answer"].strip()
        label = bands.get(row["Comment sentiment"])
        if not text or text == "Did not answer" or label is None:
            continue
        corpus.texts.append(text)
        corpus.labels.append(label)
        weak_labels.append(bands.get(row["FFT categorical answer"], ""))
    return corpus


LOADERS: dict[str, Callable[[Path], Corpus]] = {
    "et": load_et,
    "lv": load_lv,
    "fi": load_fi,
    "en": load_en,
}


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Scores:
    accuracy: float
    macro_f1: float
    n: int


def _scores(truth: Sequence[str], predicted: Sequence[str]) -> Scores:
    return Scores(
        round(float(accuracy_score(truth, predicted)), 3),
        round(float(f1_score(truth, predicted, average="macro")), 3),
        len(truth),
    )


def _labels_of(probabilities: sentiment.Probabilities) -> list[str]:
    return [sentiment.LABELS[i] for i in probabilities.argmax(axis=1)]


class EmbeddingCache:
    """Embeddings of evaluation texts on disk, keyed by model and text."""

    def __init__(self, embedder: Embedder, directory: Path | None) -> None:
        self.embedder = embedder
        self.directory = directory

    def embed(self, texts: Sequence[str]) -> Vectors:
        if self.directory is None:
            return self.embedder.embed(texts)
        key = hashlib.sha256(self.embedder.version.encode())
        for text in texts:
            key.update(text.encode() + b"\0")
        path = self.directory / f"{key.hexdigest()[:24]}.npy"
        if path.exists():
            return np.load(path, allow_pickle=False)  # type: ignore[no-any-return]
        vectors = self.embedder.embed(texts)
        self.directory.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors, allow_pickle=False)
        return vectors


def _cross_validated(
    corpus: Corpus, folds: int, seed: int
) -> tuple[list[str], list[str], list[str]]:
    """Truth, score-model and combined predictions over `folds` folds."""
    train_labels = corpus.weak_labels or corpus.labels
    cold = sentiment.cold_start_model().predict(corpus.texts)
    score_probs = np.zeros_like(cold)
    combined_probs = np.zeros_like(cold)
    usable = np.array([bool(label) for label in train_labels])
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(corpus.texts, corpus.labels):
        train = train[usable[train]]
        model = sentiment.NgramModel.fit(
            [corpus.texts[i] for i in train],
            [train_labels[i] for i in train],
            name="cv",
        )
        texts = [corpus.texts[i] for i in test]
        score_probs[test] = model.predict(texts)
        weight = sentiment.workspace_weight(len(train))
        combined_probs[test] = sentiment.combine(cold[test], score_probs[test], weight)
    return corpus.labels, _labels_of(score_probs), _labels_of(combined_probs)


def evaluate_sentiment(
    corpus: Corpus,
    *,
    cache: EmbeddingCache | None,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, Scores]:
    """Scores per approach for one corpus (see the module docstring)."""
    truth = corpus.labels
    majority = Counter(truth).most_common(1)[0][0]
    results = {"majority": _scores(truth, [majority] * len(truth))}
    truth, by_score, combined = _cross_validated(corpus, folds, seed)
    results["score model (CV)"] = _scores(truth, by_score)
    cold = sentiment.cold_start_model().predict(corpus.texts)
    results["cold start"] = _scores(truth, _labels_of(cold))
    results["combined"] = _scores(truth, combined)
    without_own = sentiment.train_cold_start(exclude=[corpus.language])
    results["cold start, no own seeds"] = _scores(
        truth, _labels_of(without_own.predict(corpus.texts))
    )
    if cache is not None:
        results |= _embedding_scores(corpus, cache)
    return results


def _embedding_scores(corpus: Corpus, cache: EmbeddingCache) -> dict[str, Scores]:
    seeds = sentiment.seeds()
    seed_vectors = cache.embed([seed.text for seed in seeds])
    vectors = cache.embed(corpus.texts)
    own = np.array([seed.language == corpus.language for seed in seeds])
    labels = [seed.label for seed in seeds]
    every = sentiment.EmbeddingModel.fit(seed_vectors, labels, name="seeds-e5")
    others = sentiment.EmbeddingModel.fit(
        seed_vectors[~own],
        [label for label, mine in zip(labels, own, strict=True) if not mine],
        name="seeds-e5",
    )
    ngram = sentiment.cold_start_model().predict(corpus.texts)
    embedded = every.predict_vectors(vectors)
    return {
        "embeddings": _scores(corpus.labels, _labels_of(embedded)),
        "embeddings, no own seeds": _scores(
            corpus.labels, _labels_of(others.predict_vectors(vectors))
        ),
        "cold start + embeddings": _scores(
            corpus.labels, _labels_of((ngram + embedded) / 2)
        ),
    }


# --------------------------------------------------------------- language


LANGUAGE_WORDS = (1, 2, 3, 5)


def evaluate_language(corpora: Sequence[Corpus]) -> dict[str, dict[str, float]]:
    """Accuracy of lingua and of `language.detect` on texts cut to N words.

    "hint" is the rule with the right locale as hint; "wrong hint" gives
    English (Estonian for English texts), to show what a wrong locale costs.
    """
    table: dict[str, dict[str, float]] = {}
    for words in (*LANGUAGE_WORDS, 0):
        name = f"{words} word{'s' if words > 1 else ''}" if words else "whole text"
        row: Counter[str] = Counter()
        total = 0
        for corpus in corpora:
            wrong = "et" if corpus.language == "en" else "en"
            for text in corpus.texts:
                cut = " ".join(text.split()[:words]) if words else text
                if not any(char.isalpha() for char in cut):
                    continue
                total += 1
                plain = language.detect(cut).language
                row["lingua"] += plain == corpus.language
                hinted = language.detect(cut, hint=corpus.language).language
                row["hint"] += hinted == corpus.language
                wrongly = language.detect(cut, hint=wrong).language
                row["wrong hint"] += wrongly == corpus.language
        table[name] = {key: round(value / total, 3) for key, value in row.items()}
    return table


# ----------------------------------------------------------------- topics

# Not subjects: rows so labelled are left out of the topic evaluation.
NOT_TOPICS = {"Not assigned", "Labelling not possible"}


def load_en_topics(data: Path) -> tuple[list[str], list[str]]:
    """NHS FFT answers with exactly one human topic (of the v6 framework).

    Multi-labelled answers (a third) are left out: agreement measures
    compare one cluster with one label.
    """
    path = data / "nhs-fft-feedback" / "fft_v6framework_sample.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        first = columns.index("Not assigned")
        topic_columns = [c for c in columns[first:] if c != "Safeguarding concerns?"]
        texts: list[str] = []
        labels: list[str] = []
        for row in reader:
            text = row["FFT answer"].strip()
            if not text or text == "Did not answer":
                continue
            on = [c for c in topic_columns if row[c].strip() == "1"]
            if len(on) == 1 and on[0] not in NOT_TOPICS:
                texts.append(text)
                labels.append(on[0])
    return texts, labels


@dataclass(frozen=True)
class TopicScores:
    ami: float
    purity: float
    k: int
    n: int


def _topic_scores(truth: Sequence[str], clusters: Sequence[int]) -> TopicScores:
    from sklearn.metrics import adjusted_mutual_info_score

    members: dict[int, Counter[str]] = {}
    for label, cluster in zip(truth, clusters, strict=True):
        members.setdefault(cluster, Counter())[label] += 1
    purity = sum(c.most_common(1)[0][1] for c in members.values()) / len(truth)
    return TopicScores(
        round(float(adjusted_mutual_info_score(truth, clusters)), 3),
        round(purity, 3),
        len(members),
        len(truth),
    )


def _labels_from(clusters: Sequence[Any], n: int) -> list[int]:
    labels = [0] * n
    for number, item in enumerate(clusters):
        for row in item.members.tolist():
            labels[row] = number
    return labels


def evaluate_topics(
    data: Path,
    *,
    embedder: Embedder,
    cache_dir: Path | None,
    limit: int | None,
    seed: int = 0,
) -> dict[str, TopicScores]:
    """Agreement of discovered topics with nhs-fft's human topic labels.

    "discovery" is the product's path (`topics.Space`, k by
    `topics.choose_k`); "polarity out" also removes the sentiment directions
    (from the cold-start model's labels), which the product does not.
    Baselines in the same run with the same k: k-means on the raw
    embeddings, k-means on word TF-IDF, and clusters of the same sizes drawn
    at random.
    """
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    from cxloop.textanalysis import topics

    texts, truth = load_en_topics(data)
    if limit is not None and limit < len(texts):
        rng = random.Random(seed)  # noqa: S311 - a sample, not security
        rows = sorted(rng.sample(range(len(texts)), limit))
        texts, truth = [texts[i] for i in rows], [truth[i] for i in rows]
    vectors = EmbeddingCache(embedder, cache_dir).embed(texts)
    languages = ["en"] * len(texts)
    space = topics.Space.fit(vectors, languages)
    found, _ = topics.cluster(space.apply(vectors, languages), seed=seed)
    k = len(found)
    discovered = _labels_from(found, len(texts))
    polarity = _labels_of(sentiment.cold_start_model().predict(texts))
    polar_space = topics.Space.fit(vectors, languages, polarity)
    polar, _ = topics.cluster(polar_space.apply(vectors, languages), k=k, seed=seed)
    raw = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(vectors)
    tfidf = TfidfVectorizer(stop_words="english", min_df=2, sublinear_tf=True)
    words = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(
        tfidf.fit_transform(texts)
    )
    shuffled = list(discovered)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a baseline
    return {
        "random clusters, same sizes": _topic_scores(truth, shuffled),
        "k-means on word TF-IDF": _topic_scores(truth, words.tolist()),
        "k-means on raw embeddings": _topic_scores(truth, raw.tolist()),
        "discovery, polarity out too": _topic_scores(
            truth, _labels_from(polar, len(texts))
        ),
        "discovery (cxloop)": _topic_scores(truth, discovered),
    }


@dataclass(frozen=True)
class AssignmentScores:
    """The text-only model against the embedding path, cross-validated.

    `micro_f1` and `jaccard` compare the topic sets each path gives a
    comment; `ami_*` compare each path's first topic (no topic counts as a
    group of its own) with the reference partition; `by_language` is
    micro-F1 per language; `unseen` is micro-F1 per language for a model
    that saw no comment of that language.
    """

    micro_f1: float
    jaccard: float
    ami_embedding: float
    ami_fast: float
    n: int
    k: int
    by_language: dict[str, float]
    unseen: dict[str, float]


def _first(rows: Sequence[Sequence[int]]) -> list[int]:
    return [row[0] if row else -1 for row in rows]


def evaluate_fast_assignment(
    texts: Sequence[str],
    languages: Sequence[str],
    vectors: Vectors,
    truth: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 0,
    unseen: bool = False,
) -> AssignmentScores:
    """Discovery as the product runs it, then each comment assigned by the
    embedding path and by a text-only model trained (as the product does)
    on the embedding path's assignments of the other folds' comments.
    """
    from cxloop.textanalysis import fasttopics, topics

    space = topics.Space.fit(vectors, languages)
    moved = space.apply(vectors, languages)
    found, _ = topics.cluster(moved, seed=seed)
    book = [
        topics.TopicVector(i, c.centroid, c.floor, c.typical)
        for i, c in enumerate(found)
    ]
    embedded = [[key for key, _ in hits] for hits in topics.assign(moved, book)]
    fold_of = np.random.default_rng(seed).integers(0, folds, len(texts))

    def predicted(train: npt.NDArray[np.bool_], test: npt.NDArray[np.bool_]) -> Any:
        rows = np.flatnonzero(train).tolist()
        model = fasttopics.FastTopics.train(
            [texts[i] for i in rows],
            [languages[i] for i in rows],
            [embedded[i] for i in rows],
            seed=seed,
        )
        tested = np.flatnonzero(test).tolist()
        hits = model.predict([texts[i] for i in tested])
        return zip(tested, hits, strict=True)

    fast: list[list[int]] = [[] for _ in texts]
    for fold in range(folds):
        for row, hits in predicted(fold_of != fold, fold_of == fold):
            fast[row] = [key for key, _ in hits]
    codes = np.asarray(languages)
    by_language = {
        code: round(
            fasttopics.micro_f1(
                [fast[i] for i in np.flatnonzero(codes == code)],
                [embedded[i] for i in np.flatnonzero(codes == code)],
            ),
            3,
        )
        for code in sorted(set(languages))
    }
    left_out: dict[str, float] = {}
    if unseen and len(by_language) > 1:
        for code in by_language:
            guessed: dict[int, list[int]] = {}
            for row, hits in predicted(codes != code, codes == code):
                guessed[row] = [key for key, _ in hits]
            left_out[code] = round(
                fasttopics.micro_f1(
                    list(guessed.values()), [embedded[i] for i in guessed]
                ),
                3,
            )
    return AssignmentScores(
        round(fasttopics.micro_f1(fast, embedded), 3),
        round(fasttopics.mean_jaccard(fast, embedded), 3),
        _topic_scores(truth, _first(embedded)).ami,
        _topic_scores(truth, _first(fast)).ami,
        len(texts),
        len(found),
        by_language,
        left_out,
    )


def evaluate_topic_assignment(
    data: Path,
    *,
    embedder: Embedder,
    cache_dir: Path | None,
    limit: int | None,
    seed: int = 0,
) -> dict[str, AssignmentScores]:
    """The text-only model on nhs-fft (human topics) and on the demo's
    comments (five languages, the subject each was written for)."""
    from cxloop.demodata.comments import COMMENTS

    texts, truth = load_en_topics(data)
    if limit is not None and limit < len(texts):
        rng = random.Random(seed)  # noqa: S311 - a sample, not security
        rows = sorted(rng.sample(range(len(texts)), limit))
        texts, truth = [texts[i] for i in rows], [truth[i] for i in rows]
    cache = EmbeddingCache(embedder, cache_dir)
    result = {
        "nhs-fft": evaluate_fast_assignment(
            texts, ["en"] * len(texts), cache.embed(texts), truth, seed=seed
        )
    }
    if limit is None:
        demo = [
            (text, code, subject)
            for code, subjects in COMMENTS.items()
            for subject, by_tone in subjects.items()
            for tone_texts in by_tone.values()
            for text in tone_texts
        ]
        demo_texts = [text for text, _, _ in demo]
        result["demo comments"] = evaluate_fast_assignment(
            demo_texts,
            [code for _, code, _ in demo],
            cache.embed(demo_texts),
            [subject for _, _, subject in demo],
            seed=seed,
            unseen=True,
        )
    return result


# ----------------------------------------------------------------- report


@dataclass
class Report:
    sentiment: dict[str, dict[str, Scores]]
    language: dict[str, dict[str, float]]
    sizes: dict[str, int]
    topics: dict[str, TopicScores] | None = None
    assignment: dict[str, AssignmentScores] | None = None


def run(
    data: Path,
    *,
    languages: Sequence[str] = tuple(LOADERS),
    limit: int | None = None,
    embedder: Embedder | None = None,
    cache_dir: Path | None = None,
    seed: int = 0,
    topic_embedder: Embedder | None = None,
) -> Report:
    """Evaluate on the corpora under `data` (`limit` rows each, if given);
    topics too when a `topic_embedder` is given."""
    corpora = [LOADERS[code](data).sample(limit, seed) for code in languages]
    cache = EmbeddingCache(embedder, cache_dir) if embedder is not None else None
    return Report(
        sentiment={
            corpus.language: evaluate_sentiment(corpus, cache=cache, seed=seed)
            for corpus in corpora
        },
        language=evaluate_language(corpora),
        sizes={corpus.name: len(corpus.texts) for corpus in corpora},
        topics=(
            evaluate_topics(
                data,
                embedder=topic_embedder,
                cache_dir=cache_dir,
                limit=limit,
                seed=seed,
            )
            if topic_embedder is not None
            else None
        ),
        assignment=(
            evaluate_topic_assignment(
                data,
                embedder=topic_embedder,
                cache_dir=cache_dir,
                limit=limit,
                seed=seed,
            )
            if topic_embedder is not None
            else None
        ),
    )


def format_report(report: Report) -> str:
    """The report as Markdown tables (accuracy / macro-F1)."""
    codes = list(report.sentiment)
    approaches = list(next(iter(report.sentiment.values())))
    lines = [
        "Sentiment, accuracy / macro-F1:",
        "",
        "| approach | " + " | ".join(codes) + " |",
        "| --- |" + " --- |" * len(codes),
    ]
    for approach in approaches:
        cells = [
            f"{report.sentiment[code][approach].accuracy:.3f} / "
            f"{report.sentiment[code][approach].macro_f1:.3f}"
            for code in codes
        ]
        lines.append(f"| {approach} | " + " | ".join(cells) + " |")
    sizes = ", ".join(f"{name} {n}" for name, n in report.sizes.items())
    lines += ["", f"Rows: {sizes}.", "", "Language, share detected right:", ""]
    columns = list(next(iter(report.language.values())))
    lines.append("| text | " + " | ".join(columns) + " |")
    lines.append("| --- |" + " --- |" * len(columns))
    for name, row in report.language.items():
        lines.append(
            f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |"
        )
    if report.topics:
        n = next(iter(report.topics.values())).n
        lines += [
            "",
            f"Topics on nhs-fft ({n} single-label answers), agreement with the "
            "human topic labels:",
            "",
            "| approach | AMI | purity | clusters |",
            "| --- | --- | --- | --- |",
        ]
        lines += [
            f"| {name} | {s.ami:.3f} | {s.purity:.3f} | {s.k} |"
            for name, s in report.topics.items()
        ]
    if report.assignment:
        lines += [
            "",
            "Topic assignment of new comments, text-only model (5-fold) against "
            "the embedding path:",
            "",
            "| corpus | comments | topics | micro-F1 | mean Jaccard "
            "| AMI, embeddings | AMI, text-only | micro-F1 per language "
            "| language not trained on |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, a in report.assignment.items():
            per = ", ".join(f"{c} {v:.3f}" for c, v in a.by_language.items())
            unseen = ", ".join(f"{c} {v:.3f}" for c, v in a.unseen.items()) or "—"
            lines.append(
                f"| {name} | {a.n} | {a.k} | {a.micro_f1:.3f} | {a.jaccard:.3f} "
                f"| {a.ami_embedding:.3f} | {a.ami_fast:.3f} | {per} | {unseen} |"
            )
    return "\n".join(lines) + "\n"
