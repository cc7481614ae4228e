"""Sentiment of a comment: a score in [-1, 1] and a label, from two models.

1. The cold-start model works on day one in every language the project
   wrote seed comments for (`seeds/*.tsv`, written by the project itself; no
   third-party data goes into it). It is trained when a process first uses
   it (2-3 CPU seconds), so its version follows the seed files.
2. A workspace's score model is trained on the workspace's own comments,
   weakly labelled by the score given with them (`label_from_score`).

Both are linear models over hashed character and word n-grams: thousands of
comments a second on one core in batches, any language, no vocabulary to
store. A classifier on the multilingual embeddings of `embeddings.py`
(`EmbeddingModel`) is the better cold start and the only one that transfers
to a language without seed comments (BENCHMARKS.md), but an embedding costs
10-50 times an n-gram pass; it belongs with the batched embedding work that
topics need, not on the per-comment path.

Models serialise to bytes as plain numpy arrays (`np.load` without pickle),
so a stored model can never run code when it is loaded.
"""

import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, cast

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

Label = Literal["negative", "neutral", "positive"]
LABELS: tuple[Label, ...] = ("negative", "neutral", "positive")
Probabilities = npt.NDArray[np.float64]

FEATURES = "ngram-v1"
_CHAR_FEATURES = 2**18
_WORD_FEATURES = 2**17

# Below this many comments per class a held-out split says nothing useful.
MIN_PER_CLASS = 5


@dataclass(frozen=True, slots=True)
class Sentiment:
    """P(positive) - P(negative) as `score`; the most probable class as `label`."""

    score: float
    label: Label


def label_from_score(kind: str, value: float) -> Label | None:
    """The weak label a score gives its comment (None: no usable score).

    NPS 0-6 / 7-8 / 9-10; CSAT and 1-5 ratings 1-2 / 3 / 4-5; CES (1-7, high
    is easy) 1-3 / 4 / 5-7.
    """
    bands = {
        "nps": (0, 6, 8, 10),
        "csat": (1, 2, 3, 5),
        "rating": (1, 2, 3, 5),
        "ces": (1, 3, 4, 7),
    }
    if kind not in bands:
        return None
    low, negative_top, neutral_top, high = bands[kind]
    if not low <= value <= high:
        return None
    if value <= negative_top:
        return "negative"
    return "neutral" if value <= neutral_top else "positive"


def to_sentiment(probabilities: Probabilities) -> Sentiment:
    """One row of class probabilities (LABELS order) as a Sentiment."""
    score = float(probabilities[2] - probabilities[0])
    return Sentiment(round(score, 4), LABELS[int(np.argmax(probabilities))])


# --------------------------------------------------------------- features


def _char_vectorizer() -> HashingVectorizer:
    # Character n-grams inside word boundaries carry stems and endings, which
    # matters for Estonian, Finnish, Latvian and Lithuanian inflection.
    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        n_features=_CHAR_FEATURES,
        alternate_sign=False,
        norm="l2",
        lowercase=True,
    )


def _word_vectorizer() -> HashingVectorizer:
    # Words and word pairs ("not good", "ei toimi") that character n-grams
    # inside one word cannot see.
    return HashingVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        n_features=_WORD_FEATURES,
        alternate_sign=False,
        norm="l2",
        lowercase=True,
        token_pattern=r"(?u)\b\w+\b|[^\w\s]",  # noqa: S106 - not a password
    )


_CHARS = _char_vectorizer()
_WORDS = _word_vectorizer()
_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")


def _normalise(text: str) -> str:
    # Who is addressed and which link is given say nothing about sentiment.
    return _URL.sub(" url ", _MENTION.sub("@user", text))


@dataclass(frozen=True, slots=True)
class NgramFeatures:
    """Hashed character and word n-grams of some texts, one row per text."""

    chars: sp.csr_matrix
    words: sp.csr_matrix

    def stacked(self) -> sp.csr_matrix:
        return sp.hstack([self.chars, self.words], format="csr")


def ngram_features(texts: Sequence[str]) -> NgramFeatures:
    """Hashed n-gram features; stateless, so a model stores only weights."""
    normalised = [_normalise(text) for text in texts]
    # Parameters are fixed and checked once; re-validating them per call
    # costs more than hashing a short comment.
    with sklearn.config_context(skip_parameter_validation=True, assume_finite=True):
        return NgramFeatures(_CHARS.transform(normalised), _WORDS.transform(normalised))


def features(texts: Sequence[str]) -> sp.csr_matrix:
    """The n-gram features as one matrix (for training)."""
    return ngram_features(texts).stacked()


# ----------------------------------------------------------------- models


def _classifier(alpha: float) -> SGDClassifier:
    # Logistic loss by stochastic gradient descent: as good as exact solvers
    # on these data (within 0.01 macro-F1) and 10-30 times faster to train
    # on hundreds of thousands of hashed features. Fixed seed: same data,
    # same model, same version.
    return SGDClassifier(
        loss="log_loss",
        alpha=alpha,
        class_weight="balanced",
        max_iter=20,
        tol=None,
        random_state=0,
    )


def _softmax(logits: Probabilities) -> Probabilities:
    # Over the one-vs-rest logits: probabilities that sum to 1.
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return cast(Probabilities, exp / exp.sum(axis=1, keepdims=True))


def _blob(arrays: dict[str, npt.NDArray[np.generic]]) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def _unblob(data: bytes) -> dict[str, npt.NDArray[np.generic]]:
    with np.load(io.BytesIO(data), allow_pickle=False) as stored:
        return {name: stored[name] for name in stored.files}


class LinearModel:
    """Weights of a linear classifier over LABELS; predicts probabilities."""

    kind = "linear"

    def __init__(
        self,
        coef: npt.NDArray[np.float32],
        intercept: npt.NDArray[np.float32],
        version: str,
    ) -> None:
        self.coef = coef
        self.intercept = intercept
        self.version = version
        # Features x classes, contiguous: a sparse row times it reads only
        # the rows it needs (a transposed view would be copied every call).
        self._weights = np.ascontiguousarray(coef.T, dtype=np.float64)

    def _inputs(self, texts: Sequence[str]) -> sp.csr_matrix | npt.NDArray[np.float32]:
        raise NotImplementedError

    def probabilities_of(
        self, inputs: sp.csr_matrix | npt.NDArray[np.float32]
    ) -> Probabilities:
        logits = np.asarray(inputs @ self._weights, dtype=np.float64)
        return _softmax(logits + self.intercept)

    def to_bytes(self) -> bytes:
        meta = json.dumps({"kind": self.kind, "version": self.version}).encode()
        return _blob(
            {
                "coef": self.coef,
                "intercept": self.intercept,
                "meta": np.frombuffer(meta, dtype=np.uint8),
            }
        )

    @staticmethod
    def _fit(
        inputs: sp.csr_matrix | npt.NDArray[np.float32],
        labels: Sequence[str],
        alpha: float,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        classifier = _classifier(alpha).fit(inputs, list(labels))
        coef = np.zeros((len(LABELS), inputs.shape[1]), dtype=np.float32)
        # Classes the data lacks get a very low intercept: never predicted.
        intercept = np.full(len(LABELS), -30.0, dtype=np.float32)
        classes = list(classifier.classes_)
        if len(classes) == 2:  # binary: one weight row, for classes[1]
            rows = {
                classes[0]: -classifier.coef_[0] / 2,
                classes[1]: classifier.coef_[0] / 2,
            }
            biases = {
                classes[0]: -classifier.intercept_[0] / 2,
                classes[1]: classifier.intercept_[0] / 2,
            }
        else:
            rows = dict(zip(classes, classifier.coef_, strict=True))
            biases = dict(zip(classes, classifier.intercept_, strict=True))
        for label, row in rows.items():
            coef[LABELS.index(label)] = row
            intercept[LABELS.index(label)] = biases[label]
        return coef, intercept


class NgramModel(LinearModel):
    """Logistic regression over hashed character and word n-grams."""

    kind = "ngram"

    def predict(self, texts: Sequence[str]) -> Probabilities:
        """Class probabilities per text, columns in LABELS order."""
        return self.predict_features(ngram_features(texts))

    def predict_features(self, inputs: NgramFeatures) -> Probabilities:
        """As `predict`, on features computed once for several models."""
        # Two products instead of one on stacked features: stacking sparse
        # matrices costs more than the products for a single comment.
        weights = self._weights
        logits = inputs.chars @ weights[:_CHAR_FEATURES]
        logits += inputs.words @ weights[_CHAR_FEATURES:]
        return _softmax(np.asarray(logits) + self.intercept)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        name: str,
        alpha: float = 1e-4,
    ) -> "NgramModel":
        coef, intercept = cls._fit(features(texts), labels, alpha)
        return cls(coef, intercept, _version(name, coef, intercept))

    @classmethod
    def from_bytes(cls, data: bytes) -> "NgramModel":
        return cls(*_load_arrays(data, cls.kind))


class EmbeddingModel(LinearModel):
    """Logistic regression over sentence embeddings (any language at once)."""

    kind = "embedding"

    def predict_vectors(self, vectors: npt.NDArray[np.float32]) -> Probabilities:
        return self.probabilities_of(vectors)

    @classmethod
    def fit(
        cls,
        vectors: npt.NDArray[np.float32],
        labels: Sequence[str],
        *,
        name: str,
        alpha: float = 1e-3,
    ) -> "EmbeddingModel":
        coef, intercept = cls._fit(vectors, labels, alpha)
        return cls(coef, intercept, _version(name, coef, intercept))

    @classmethod
    def from_bytes(cls, data: bytes) -> "EmbeddingModel":
        return cls(*_load_arrays(data, cls.kind))


def _version(
    name: str, coef: npt.NDArray[np.float32], intercept: npt.NDArray[np.float32]
) -> str:
    digest = hashlib.sha256(coef.tobytes() + intercept.tobytes()).hexdigest()[:10]
    return f"{name}-{FEATURES}-{digest}"


def _load_arrays(
    data: bytes, kind: str
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], str]:
    arrays = _unblob(data)
    meta = json.loads(arrays["meta"].tobytes().decode())
    if meta["kind"] != kind:
        raise ValueError(f"a {meta['kind']} model is not a {kind} model")
    coef = arrays["coef"].astype(np.float32)
    intercept = arrays["intercept"].astype(np.float32)
    return coef, intercept, str(meta["version"])


# ------------------------------------------------------------ cold start


@dataclass(frozen=True, slots=True)
class Seed:
    language: str
    label: Label
    topic: str
    text: str


def seed_languages() -> tuple[str, ...]:
    folder = resources.files("cxloop.textanalysis") / "seeds"
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(name[:-4] for name in names if name.endswith(".tsv")))


@cache
def seeds() -> tuple[Seed, ...]:
    """The project's own seed comments, every language."""
    folder = resources.files("cxloop.textanalysis") / "seeds"
    found: list[Seed] = []
    for language in seed_languages():
        lines = (folder / f"{language}.tsv").read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:
            label, topic, text = line.split("\t")
            found.append(Seed(language, cast(Label, label), topic, text))
    return tuple(found)


def train_cold_start(exclude: Sequence[str] = ()) -> NgramModel:
    """The n-gram model on the seed comments, without languages in `exclude`."""
    chosen = [seed for seed in seeds() if seed.language not in exclude]
    return NgramModel.fit(
        [seed.text for seed in chosen],
        [seed.label for seed in chosen],
        name="seeds",
    )


@cache
def cold_start_model() -> NgramModel:
    """The process-wide cold-start model, trained on first use (2-3 s)."""
    return train_cold_start()


# ------------------------------------------------------ workspace models


def train_score_model(
    texts: Sequence[str], labels: Sequence[str], *, seed: int = 0
) -> tuple[NgramModel, dict[str, float]]:
    """A workspace's model from its comments and their weak labels.

    Returns the model trained on everything, and accuracy and macro-F1 of
    the same recipe on a stratified 20% held out first (`n_train`,
    `n_held_out` say how much each had). Raises ValueError when there is too
    little data: fewer than two labels, or a label with under MIN_PER_CLASS
    comments.
    """
    counts = {label: list(labels).count(label) for label in set(labels)}
    if len(counts) < 2 or min(counts.values()) < MIN_PER_CLASS:
        raise ValueError(f"too few labelled comments per class: {counts}")
    train_x, test_x, train_y, test_y = train_test_split(
        list(texts), list(labels), test_size=0.2, random_state=seed, stratify=labels
    )
    held_out = NgramModel.fit(train_x, train_y, name="check")
    predicted = [LABELS[i] for i in held_out.predict(test_x).argmax(axis=1)]
    metrics = {
        "accuracy": float(accuracy_score(test_y, predicted)),
        "macro_f1": float(f1_score(test_y, predicted, average="macro")),
        "n_train": float(len(train_x)),
        "n_held_out": float(len(test_x)),
    }
    return NgramModel.fit(texts, labels, name="workspace"), metrics


def combine(
    cold: Probabilities, workspace: Probabilities | None, weight: float
) -> Probabilities:
    """Blend the cold-start and workspace probabilities (`weight` on the latter)."""
    if workspace is None:
        return cold
    return (1 - weight) * cold + weight * workspace


def workspace_weight(n_train: int) -> float:
    """How much a workspace model counts, growing with what it was trained on.

    Half at WORKSPACE_HALF_WEIGHT comments; see BENCHMARKS.md for the
    measurements this comes from.
    """
    return n_train / (n_train + WORKSPACE_HALF_WEIGHT)


WORKSPACE_HALF_WEIGHT = 300
