"""Topics in comments: discovery, labels and assignment, as pure functions.

Everything here works on texts and their embeddings (`embeddings.Vectors`,
L2-normalised rows) and knows nothing of the database; `topic_services`
stores and loads what it needs.

Across languages. Multilingual e5 puts a comment near others on the same
subject, but also near others in the same language; clustered raw, Estonian
and Finnish delivery complaints can end in two topics. Subtracting each
language's mean vector from its comments (and normalising again) removes
most of that shared language direction, so clusters follow the subject.
The means are kept with the discovery run and applied to every new comment
before it is compared with the topics.

Assignment is relative, never an absolute cosine: each topic keeps the
similarity its own members have to its centroid (`floor`, their 5th
percentile, and `typical`, their median). A comment gets its nearest topic
when it is at least as close as the topic's outlying members, and a second
or third topic only when it is as close to it as a typical member.
"""

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from cxloop.textanalysis.embeddings import Vectors

Ints = npt.NDArray[np.int64]

MIN_COMMENTS = 50
MIN_K, MAX_K = 4, 30
MAX_TOPICS_PER_COMMENT = 3
FLOOR_QUANTILE, TYPICAL_QUANTILE = 0.05, 0.5
# A label term must come from at least this many different comments, so no
# single person's words (a name, an order number) can label a topic.
MIN_TERM_COMMENTS = 3
LABEL_TERMS = 3
EXAMPLES_PER_LANGUAGE = 3


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Short, project-written stop-word lists: function words and the filler of
# feedback ("very", "also"); c-TF-IDF discounts the rest of the common words.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """a about after again all also am an and any are as at be been before
        but by can could did do does don for from get got had has have he her
        here him his how i if in into is it its just me more most my no not now
        of off on once only or other our out over so some than that the their
        them then there these they this those to too up us very was we were
        what when where which while who why will with would you your really
        still even much many been being one two time again always never
        thank thanks please got get could also just three four five once
        again"""
    ),
    "et": _words(
        """ja ning ka ei on oli olid olen oled oleme olete oleks pole ole see
        seda selle sellest need neid mis mida kes kus kui et aga või siis nii
        veel väga ikka juba kõik kõike oma mina ma mul mind minu sina sa sul
        sind tema ta tal teda meie me meil teie te teil nad neil nende ju küll
        vaid ainult kuid kas sest ehk nagu üle alla pärast enne ilma koos
        juurde juures poolt jaoks kohta täiesti lihtsalt kuidagi midagi
        mingi mitte aitäh tänan palun mulle sulle talle sain saan saanud
        saab saa saada olla võiks võib isegi pidin pean tuli tuleb läks
        natuke liiga kohe nüüd uuesti korda üks ühe kaks kolm neli viis
        teine eest siin seal alles ikkagi"""
    ),
    "fi": _words(
        """ja on ei oli olen olet olemme ovat ole olisi se sen sitä siitä
        tämä tämän tätä nämä ne niitä mikä mitä kuka missä kun että mutta tai
        niin vielä jo kaikki oma minä mä minun minulla minua sinä sä sinun
        hän hänen me meidän te he heidän myös vain kuin jos koska sitten
        nyt aina todella tosi erittäin ihan aivan kyllä vaan siis joka jonka
        jotka jota mitään mikään kiitos sain saan saanut voisi pitää piti
        tuli tulee vähän liian heti nyt uudelleen kaksi kolme neljä viisi"""
    ),
    "lv": _words(
        """un ir bija nav es tu viņš viņa mēs jūs viņi viņas man mani manu
        mans mana tev tavs tas tā to tie tās šis šī šo kas ko kur kad ka bet
        vai jo arī vēl jau visi viss visu tik ļoti tikai nu pēc pirms bez ar
        par uz no pie līdz gan lai kā kāpēc vairs paldies lūdzu varētu
        nedaudz pārāk tūlīt tagad atkal divas divi trīs četras piecas"""
    ),
    "lt": _words(
        """ir yra buvo nėra aš tu jis ji mes jūs jie jos man mane mano tau tavo
        tas ta tai tie tos šis ši šį kas ką kur kai kad bet ar nes taip pat
        dar jau visi viskas labai tik po prieš be su apie į iš prie iki
        kaip kodėl čia ten ačiū prašau galėtų gavau teko šiek tiek per
        iškart dabar vėl du dvi trys keturios penkios"""
    ),
    "ru": _words(
        """и в во не что он на я с со как а то все она так его но да ты к у же
        вы за бы по только ее мне было вот от меня еще нет о из ему теперь
        когда даже ну вдруг ли если уже или ни быть был него до вас нибудь
        опять уж вам ведь там потом себя ничего ей может они тут где есть
        надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже
        себе под будет очень спасибо"""
    ),
}
STEMMERS = {
    "en": "english",
    "et": "estonian",
    "fi": "finnish",
    "lt": "lithuanian",
    "ru": "russian",
}
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


# ------------------------------------------------------------ vector space


def normalise(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: Vectors = (vectors / norms).astype(np.float32)
    return normalised


def language_means(
    vectors: Vectors, languages: Sequence[str], *, min_members: int = 5
) -> dict[str, Vectors]:
    """The mean vector of each language with enough comments ("" = all)."""
    means = {"": vectors.mean(axis=0).astype(np.float32)}
    codes = np.asarray(languages)
    for code in set(languages):
        rows = codes == code
        if code and rows.sum() >= min_members:
            means[code] = vectors[rows].mean(axis=0).astype(np.float32)
    return means


def centre(
    vectors: Vectors, languages: Sequence[str], means: Mapping[str, Vectors]
) -> Vectors:
    """Each vector less its language's mean (the overall one if unknown)."""
    if not len(vectors):
        return vectors
    shift = np.stack([means.get(code, means[""]) for code in languages])
    return normalise(vectors - shift)


# A sentiment class needs this many comments before its direction is removed.
MIN_POLARITY_MEMBERS = 10


@dataclass
class Space:
    """Where comments are compared: each language's mean vector taken out.

    Optionally (`polarities`) the directions from negative to positive and
    from polar to neutral comments are projected out too, so that praise
    does not cluster with praise whatever it is about. Measured, it is not
    used: it raised agreement with the written subjects of the demo's
    comments (AMI at k=30: 0.24 → 0.29) but lowered it on real answers with
    human topics (nhs-fft: 0.235 → 0.222, and 0.224 → 0.180 on subject
    labels alone); see BENCHMARKS.md. Removing top principal directions
    ("all but the top") wrecked small workspaces, whose top directions are
    their subjects.
    """

    means: dict[str, Vectors]
    components: Vectors

    @classmethod
    def fit(
        cls,
        vectors: Vectors,
        languages: Sequence[str],
        polarities: Sequence[str] | None = None,
    ) -> "Space":
        means = language_means(vectors, languages)
        centred = centre(vectors, languages, means)
        directions = []
        if polarities is not None and len(vectors):
            labels = np.asarray(polarities)
            classes = {
                name: labels == name for name in ("negative", "neutral", "positive")
            }
            enough = {
                name: rows
                for name, rows in classes.items()
                if rows.sum() >= MIN_POLARITY_MEMBERS
            }
            if "negative" in enough and "positive" in enough:
                directions.append(
                    centred[enough["positive"]].mean(axis=0)
                    - centred[enough["negative"]].mean(axis=0)
                )
            if "neutral" in enough and len(enough) >= 2:
                polar = ~enough["neutral"]
                directions.append(
                    centred[enough["neutral"]].mean(axis=0)
                    - centred[polar].mean(axis=0)
                )
        components = np.zeros((0, vectors.shape[1]), dtype=np.float32)
        if directions:
            basis, _ = np.linalg.qr(np.stack(directions).T)
            components = basis.T.astype(np.float32)
        return cls(means, components)

    def apply(self, vectors: Vectors, languages: Sequence[str]) -> Vectors:
        centred = centre(vectors, languages, self.means)
        if len(self.components) and len(centred):
            projected = (centred @ self.components.T) @ self.components
            centred = (centred - projected).astype(np.float32)
        return normalise(centred)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        codes = sorted(self.means)
        np.savez(
            buffer,
            codes=np.array(codes, dtype="U8"),
            means=np.stack([self.means[code] for code in codes]),
            components=self.components,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> "Space":
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            means = dict(zip(data["codes"].tolist(), data["means"], strict=True))
            return cls(means, data["components"].astype(np.float32))


# -------------------------------------------------------------- clustering


@dataclass
class Cluster:
    """A group of comments: indices into the clustered rows, best first."""

    members: Ints
    centroid: Vectors
    similarities: npt.NDArray[np.float32]
    floor: float
    typical: float


def choose_k(n: int) -> int:
    """How many topics for n distinct comments: a size rule.

    Silhouette scores of k-means over sentence embeddings are flat and
    favour the fewest clusters (4 on the demo's 17 written topics); the
    square root of n/5, between MIN_K and MAX_K, tracks it better.
    """
    return int(min(MAX_K, max(MIN_K, round((n / 5) ** 0.5)), max(2, n // 2)))


def _silhouette(
    vectors: Vectors, labels: Ints, weights: npt.NDArray[np.float64], seed: int
) -> float:
    from sklearn.metrics import silhouette_score

    if len(set(labels.tolist())) < 2:
        return -1.0
    rng = np.random.default_rng(seed)
    size = min(len(vectors), 2000)
    probabilities = weights / weights.sum()
    rows = rng.choice(len(vectors), size=size, replace=True, p=probabilities)
    if len(set(labels[rows].tolist())) < 2:
        return -1.0
    return float(
        silhouette_score(vectors[rows], labels[rows], metric="cosine", random_state=0)
    )


def cluster(
    vectors: Vectors,
    *,
    weights: Sequence[float] | None = None,
    k: int | None = None,
    seed: int = 0,
    start: Vectors | None = None,
) -> tuple[list[Cluster], dict[str, Any]]:
    """Cluster vectors (in a `Space`) with k-means; k by `choose_k`.

    `weights` counts repeated texts (clustered once, counted as often as
    they occur). `start` are the centroids of the topics that exist: k-means
    begins from them (plus seeds far from all of them when k is larger), so
    a re-run on much the same comments finds much the same clusters, which
    keeps topic numbers on their subjects. Returns the clusters, largest
    first, and k and silhouette.
    """
    from sklearn.cluster import KMeans

    n = len(vectors)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    chosen = max(1, min(k if k is not None else choose_k(n), n))
    if start is not None and len(start):
        start = start[: min(len(start), n)]
        chosen = max(chosen, len(start))
        init = _seeds(vectors, start, chosen)
        model = KMeans(n_clusters=chosen, init=init, n_init=1, random_state=seed)
    else:
        model = KMeans(n_clusters=chosen, n_init=3, random_state=seed)
    labels = model.fit_predict(vectors, sample_weight=w).astype(np.int64)
    centres = model.cluster_centers_.astype(np.float32)
    silhouette = _silhouette(vectors, labels, w, seed)
    clusters = []
    for label in range(len(centres)):
        rows = np.flatnonzero(labels == label)
        if not len(rows):
            continue
        centroid = normalise(centres[label : label + 1])[0]
        clusters.append(_cluster_of(vectors, rows, centroid, w[rows]))
    clusters.sort(key=lambda c: -float(w[c.members].sum()))
    return clusters, {"k": len(clusters), "silhouette": round(silhouette, 4)}


def _seeds(vectors: Vectors, start: Vectors, k: int) -> Vectors:
    """`start`, then the vectors farthest from every seed so far, up to k."""
    seeds = list(normalise(start))
    nearest = (vectors @ np.stack(seeds).T).max(axis=1)
    while len(seeds) < k:
        far = int(np.argmin(nearest))
        seeds.append(vectors[far])
        nearest = np.maximum(nearest, vectors @ vectors[far])
    return np.stack(seeds).astype(np.float32)


def _cluster_of(
    vectors: Vectors,
    rows: Ints,
    centroid: Vectors,
    weights: npt.NDArray[np.float64] | None = None,
) -> Cluster:
    similarities = (vectors[rows] @ centroid).astype(np.float32)
    order = np.argsort(-similarities, kind="stable")
    floor, typical = calibrate(similarities, weights)
    return Cluster(rows[order], centroid, similarities[order], floor, typical)


def calibrate(
    similarities: npt.NDArray[np.float32],
    weights: npt.NDArray[np.float64] | None = None,
) -> tuple[float, float]:
    """A topic's floor and typical similarity, from its members' similarities."""
    if not len(similarities):
        return 1.0, 1.0
    if weights is None:
        weights = np.ones(len(similarities))
    order = np.argsort(similarities)
    cumulative = np.cumsum(weights[order]) / weights.sum()

    def quantile(q: float) -> float:
        index = int(np.searchsorted(cumulative, q))
        return float(similarities[order][min(index, len(order) - 1)])

    return quantile(FLOOR_QUANTILE), quantile(TYPICAL_QUANTILE)


def centroid_of(vectors: Vectors) -> Vectors:
    centroid: Vectors = normalise(vectors.mean(axis=0, keepdims=True))[0]
    return centroid


def split(vectors: Vectors, *, parts: int = 2, seed: int = 0) -> list[Cluster]:
    """Cut one topic's member vectors into `parts` clusters."""
    clusters, _ = cluster(vectors, k=parts, seed=seed)
    return clusters


# -------------------------------------------------------------- matching


def match(
    old: Vectors,
    new: Vectors,
    *,
    overlap: npt.NDArray[np.float64] | None = None,
) -> dict[int, int]:
    """Pair new clusters with earlier topics: {new index: old index}.

    One-to-one (Hungarian) on centroid similarity plus member overlap (the
    share of a new cluster's comments the old topic holds). A pair is kept
    when the two are each other's nearest by centroid, or share at least a
    third of their comments; relative rules, no absolute cosine.
    """
    from scipy.optimize import linear_sum_assignment

    if not len(old) or not len(new):
        return {}
    similarity = new @ old.T
    shared = overlap if overlap is not None else np.zeros_like(similarity)
    rows, columns = linear_sum_assignment(-(similarity + shared))
    nearest_old = similarity.argmax(axis=1)
    nearest_new = similarity.argmax(axis=0)
    pairs = {}
    for i, j in zip(rows.tolist(), columns.tolist(), strict=True):
        mutual = nearest_old[i] == j and nearest_new[j] == i
        if mutual or shared[i, j] >= 1 / 3:
            pairs[i] = j
    return pairs


# ------------------------------------------------------------ assignment


@dataclass(frozen=True)
class TopicVector:
    """What assignment needs of a topic."""

    key: int
    centroid: Vectors
    floor: float
    typical: float


def assign(
    vectors: Vectors, topics: Sequence[TopicVector]
) -> list[list[tuple[int, float]]]:
    """Topics for each (centred) vector: [(topic key, similarity)], best first.

    The nearest topic when the comment is at least as close as the topic's
    outlying members (its floor); others, at most MAX_TOPICS_PER_COMMENT in
    all, when as close as the topic's typical member.
    """
    if not topics or not len(vectors):
        return [[] for _ in range(len(vectors))]
    centroids = np.stack([topic.centroid for topic in topics])
    floors = np.array([topic.floor for topic in topics])
    typical = np.array([topic.typical for topic in topics])
    similarity = vectors @ centroids.T
    # How far past its floor, relative to the topic's own spread.
    spread = np.maximum(typical - floors, 1e-3)
    standing = (similarity - floors) / spread
    result = []
    for row in range(len(vectors)):
        order = np.argsort(-standing[row])
        chosen: list[tuple[int, float]] = []
        first = order[0]
        if standing[row, first] >= 0:
            chosen.append((topics[first].key, float(similarity[row, first])))
            chosen.extend(
                (topics[other].key, float(similarity[row, other]))
                for other in order[1:MAX_TOPICS_PER_COMMENT]
                if standing[row, other] >= 1
            )
        result.append(chosen)
    return result


def fold(text: str) -> str:
    """Lower case without accents' variants: for keyword matching."""
    return unicodedata.normalize("NFKC", text).casefold()


def keyword_hits(text: str, keywords: Iterable[str]) -> bool:
    """Whether a comment contains one of a topic's keywords (as a word start).

    A keyword matches at the start of a word, so "tarne" finds "tarnega" and
    "kuller" finds "kulleriga": inflected Baltic and Finnish forms grow at
    the end of the word.
    """
    folded = fold(text)
    for keyword in keywords:
        word = fold(keyword).strip()
        if word and re.search(r"(?<!\w)" + re.escape(word), folded):
            return True
    return False


# ---------------------------------------------------------------- labels


@lru_cache(maxsize=8)
def _stemmer(code: str) -> Any:
    import snowballstemmer

    name = STEMMERS.get(code)
    return snowballstemmer.stemmer(name) if name else None


def tokens(text: str, code: str) -> list[tuple[str, str]]:
    """(stem, word) pairs of a comment's content words."""
    stop = STOP_WORDS.get(code, frozenset())
    words = [w for w in _WORD.findall(fold(text)) if w not in stop]
    stemmer = _stemmer(code)
    stems = stemmer.stemWords(words) if stemmer is not None else words
    # Latvian has no stemmer: cut the commonest endings by hand, coarsely.
    if code == "lv":
        stems = [_lv_stem(word) for word in words]
    return list(zip(stems, words, strict=True))


def _lv_stem(word: str) -> str:
    for ending in ("iem", "ām", "ās", "os", "as", "es", "is", "us", "u", "a", "i", "s"):
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class StemCounts:
    """How often each stem occurs in some texts, in how many, and how spelled."""

    words: Counter[str]
    comments: Counter[str]
    spellings: dict[str, Counter[str]]


def _stem_counts(texts: Sequence[str], code: str) -> StemCounts:
    counts = StemCounts(Counter(), Counter(), {})
    for text in texts:
        pairs = tokens(text, code)
        for stem, word in pairs:
            counts.words[stem] += 1
            counts.spellings.setdefault(stem, Counter())[word] += 1
        counts.comments.update({stem for stem, _ in pairs})
    return counts


def label_terms(
    groups: Sequence[Sequence[str]], code: str, *, top: int = 8
) -> list[list[str]]:
    """The most telling words of each group of texts (class-based TF-IDF).

    A stem's weight in a group is its share of the group's words times
    log(1 + average words per group / its frequency over all groups); it is
    shown in the group's commonest spelling, and must occur in at least
    MIN_TERM_COMMENTS comments of the group.
    """
    counts: list[Counter[str]] = []
    comments: list[Counter[str]] = []
    spellings: list[dict[str, Counter[str]]] = []
    for texts in groups:
        group = _stem_counts(texts, code)
        counts.append(group.words)
        comments.append(group.comments)
        spellings.append(group.spellings)
    overall: Counter[str] = Counter()
    for count in counts:
        overall.update(count)
    average = sum(overall.values()) / max(len(groups), 1)
    result = []
    for count, seen, spelled in zip(counts, comments, spellings, strict=True):
        total = sum(count.values()) or 1
        scored = [
            (count[stem] / total * np.log(1 + average / overall[stem]), stem)
            for stem in count
            if seen[stem] >= MIN_TERM_COMMENTS
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        result.append([spelled[stem].most_common(1)[0][0] for _, stem in scored[:top]])
    return result


def label_of(terms: Sequence[str]) -> str:
    return ", ".join(terms[:LABEL_TERMS])


@dataclass
class Labelled:
    """A cluster's terms, the language they are in, and its examples."""

    terms: list[str]
    language: str
    examples: dict[str, list[int]] = field(default_factory=dict)


def describe(
    clusters: Sequence[Cluster],
    texts: Sequence[str],
    languages: Sequence[str],
    *,
    main: str,
    min_members: int = 5,
) -> list[Labelled]:
    """Terms in the main language (else English, else the cluster's own
    commonest language) and the best-matching examples per language.

    `texts` and `languages` are indexed like the clustered rows; examples
    are row indices, distinct texts only. A cluster too small for c-TF-IDF
    terms gets its commonest content words (`frequent_terms`).
    """
    present = Counter(code for code in languages if code)
    order = [main, "en"] + [code for code, _ in present.most_common()]
    order = list(dict.fromkeys(code for code in order if code in present))
    by_language = {
        code: label_terms(
            [
                [texts[i] for i in item.members if languages[i] == code]
                for item in clusters
            ],
            code,
        )
        for code in order
    }
    chosen = []
    for n, item in enumerate(clusters):
        codes = Counter(languages[i] for i in item.members)
        # The main language when it has enough members and says something,
        # else English, else the cluster's commonest languages.
        candidates = [c for c in order if codes[c] >= min_members] + [
            c for c, _ in codes.most_common() if c in by_language
        ]
        code = next((c for c in candidates if by_language[c][n]), "")
        chosen.append(code)
    described = []
    for n, item in enumerate(clusters):
        examples: dict[str, list[int]] = {}
        seen: set[str] = set()
        for index in item.members.tolist():  # best first
            code = languages[index] or "und"
            text = texts[index].strip()
            bucket = examples.setdefault(code, [])
            if len(bucket) < EXAMPLES_PER_LANGUAGE and text not in seen:
                bucket.append(index)
                seen.add(text)
        terms = by_language[chosen[n]][n] if chosen[n] else []
        code = chosen[n]
        if not terms:
            # The main language, else English, else the cluster's commonest.
            codes = Counter(languages[i] for i in item.members)
            code = next((c for c in (main, "en") if codes[c]), "") or next(
                (c for c, _ in codes.most_common() if c), ""
            )
            terms = frequent_terms(
                [texts[i] for i in item.members if languages[i] == code], code
            )
        described.append(Labelled(terms, code if terms else "", examples))
    return described


def frequent_terms(texts: Sequence[str], code: str, *, top: int = 8) -> list[str]:
    """A small cluster's commonest content words, for its label.

    c-TF-IDF needs MIN_TERM_COMMENTS comments per term, which a tiny
    workspace's clusters rarely have; without a fallback they are labelled
    "Topic 4". Words are ranked by how many of the comments use them (then
    how often); with two or more comments a word must be in two, so one
    person's name or order number does not name the topic.
    """
    group = _stem_counts(texts, code)
    seen, count = group.comments, group.words
    least = 2 if len(texts) >= 2 else 1
    ranked = sorted(
        (stem for stem in seen if seen[stem] >= least),
        key=lambda stem: (-seen[stem], -count[stem], stem),
    )
    return [group.spellings[stem].most_common(1)[0][0] for stem in ranked[:top]]
