"""Which language a comment is written in.

lingua is restricted to the workspace's languages: all 75 of its languages
cost about 1.3 GB and guess worse, while six cost about 250 MB. A detector is
built once per language set and process, with its models preloaded, so the
first comment does not pay for loading them.

Very short texts ("Aitäh!", "Bad app") carry too little evidence; there the
customer's or survey's locale (the hint) is a better guess than lingua's.
Measured on the evaluation corpora cut to 1-5 words (BENCHMARKS.md), lingua's
own confidence tells when: below 0.7 it is right 33-74% of the time, at any
length, above 0.9 over 99%. So the hint wins below 0.7. With a hint that is
right nine times in ten this beats lingua alone at every length (one word:
0.93 against 0.73); with a wrong hint whole texts lose 3 points (0.96).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

DEFAULT_LANGUAGES: tuple[str, ...] = ("et", "lv", "fi", "lt", "en", "ru")

# lingua's confidence below which the locale is the better guess.
CONFIDENT = 0.7

Source = Literal["detected", "hint", "none"]


@dataclass(frozen=True, slots=True)
class Detection:
    """A language as an ISO 639-1 code, or "" when nothing could be said."""

    language: str
    confidence: float
    source: Source


@lru_cache(maxsize=8)
def _detector(languages: frozenset[str]) -> LanguageDetector:
    members = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in sorted(languages)
    ]
    builder = LanguageDetectorBuilder.from_languages(*members)
    return builder.with_preloaded_language_models().build()


_KNOWN = frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())


def supported(languages: Iterable[str]) -> frozenset[str]:
    """The codes among `languages` lingua knows; an empty set means default."""
    chosen = frozenset(code.lower() for code in languages) & _KNOWN
    return chosen or frozenset(DEFAULT_LANGUAGES)


def preload(languages: Iterable[str] = DEFAULT_LANGUAGES) -> None:
    """Build the detector now (worker start-up) rather than on first use."""
    _detector(supported(languages))


def detect(
    text: str,
    *,
    languages: Iterable[str] = DEFAULT_LANGUAGES,
    hint: str | None = None,
) -> Detection:
    """The language of `text` among `languages`, falling back to `hint`.

    `hint` (the customer's or the survey's locale, e.g. "et" or "et-EE") is
    used when lingua is not sure (in practice: texts of a few words), and for
    texts with no letters at all. A hint outside `languages` is ignored.
    """
    allowed = supported(languages)
    hint_code = (hint or "").split("-")[0].split("_")[0].lower()
    fallback = hint_code if hint_code in allowed else ""
    if not any(char.isalpha() for char in text):
        return Detection(fallback, 0.0, "hint" if fallback else "none")
    values = _detector(allowed).compute_language_confidence_values(text)
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    confidence = float(best.value)
    if fallback and confidence < CONFIDENT and code != fallback:
        # lingua's own confidence in the hint: how plausible the text finds it.
        hinted = next(
            v.value
            for v in values
            if v.language.iso_code_639_1.name.lower() == fallback
        )
        return Detection(fallback, float(hinted), "hint")
    return Detection(code, confidence, "detected")
