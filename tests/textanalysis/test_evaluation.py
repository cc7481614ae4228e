"""Quality on real labelled corpora must not fall below what was measured.

The floors are the figures of `cxloop textanalysis evaluate --limit 400`
(BENCHMARKS.md) less a margin of 0.05 macro-F1; the same 400 rows per corpus
every run (fixed seed), no embeddings (they take minutes on two cores).
"""

from pathlib import Path

import pytest

from cxloop.textanalysis import evaluation
from tests import processes
from tests.shared_data import shared_data_dir

# Scores of text models over files: no database is involved (the command's
# subprocess gets `base_env`, an SQLite data dir of its own, in either run),
# so these run once, in the SQLite run.
pytestmark = pytest.mark.no_database

MARGIN = 0.05
MEASURED_MACRO_F1 = {
    "score model (CV)": {"et": 0.519, "lv": 0.592, "fi": 0.451, "en": 0.276},
    "cold start": {"et": 0.361, "lv": 0.379, "fi": 0.380, "en": 0.446},
    "combined": {"et": 0.511, "lv": 0.572, "fi": 0.482, "en": 0.298},
}


@pytest.fixture(scope="module")
def report() -> evaluation.Report:
    data = shared_data_dir()
    if not data.is_dir():
        pytest.skip(f"shared data sets not found at {data}")
    return evaluation.run(data, limit=400)


@pytest.mark.parametrize("approach", list(MEASURED_MACRO_F1))
@pytest.mark.parametrize("code", ["et", "lv", "fi", "en"])
def test_sentiment_quality_holds_in_every_language(
    report: evaluation.Report, approach: str, code: str
) -> None:
    scores = report.sentiment[code][approach]
    assert scores.n == 400
    assert scores.macro_f1 >= MEASURED_MACRO_F1[approach][code] - MARGIN


@pytest.mark.parametrize("code", ["et", "lv", "fi", "en"])
def test_every_model_beats_always_answering_the_commonest_label(
    report: evaluation.Report, code: str
) -> None:
    majority = report.sentiment[code]["majority"].macro_f1
    for approach in MEASURED_MACRO_F1:
        assert report.sentiment[code][approach].macro_f1 > majority + 0.05


def test_the_cold_start_does_better_with_its_own_languages_seeds(
    report: evaluation.Report,
) -> None:
    for code in ("et", "lv", "fi", "en"):
        own = report.sentiment[code]["cold start"].macro_f1
        without = report.sentiment[code]["cold start, no own seeds"].macro_f1
        assert own > without


def test_language_is_detected_and_short_texts_use_the_locale(
    report: evaluation.Report,
) -> None:
    assert report.language["whole text"]["lingua"] >= 0.97
    # One word: the locale rescues what lingua cannot know.
    assert report.language["1 word"]["hint"] >= 0.93
    assert report.language["1 word"]["hint"] > report.language["1 word"]["lingua"]
    # A wrong locale must not spoil whole comments.
    assert report.language["whole text"]["wrong hint"] >= 0.94


def test_the_evaluate_command_prints_the_tables(
    shared_data: Path, tmp_path: Path
) -> None:
    env = processes.base_env(tmp_path)
    done = processes.cli(
        env,
        *("textanalysis", "evaluate", "--limit", "60", "--language", "lv"),
        extra_env={"CXLOOP_SHARED_DATA": str(shared_data)},
    )
    assert done.returncode == 0, done.stderr
    assert "| score model (CV) |" in done.stdout
    assert "| 1 word |" in done.stdout


def test_the_evaluate_command_says_where_it_looked_for_missing_data(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nowhere"
    done = processes.cli(
        processes.base_env(tmp_path), "textanalysis", "evaluate", "--data", str(missing)
    )
    assert done.returncode == 1
    assert str(missing) in done.stderr


# `cxloop textanalysis evaluate --language en --topics --limit 400`:
# discovery's agreement with nhs-fft's human topics, less the margin.
MEASURED_TOPICS = {"ami": 0.217, "purity": 0.430}


@pytest.fixture(scope="module")
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 400 answers are embedded once (a minute) for both topic tests."""
    return tmp_path_factory.mktemp("embeddings")


def test_discovered_topics_agree_with_human_topic_labels(
    shared_data: Path, embedding_cache: Path
) -> None:
    from cxloop.textanalysis.embeddings import topic_embedder

    scores = evaluation.evaluate_topics(
        shared_data, embedder=topic_embedder(), cache_dir=embedding_cache, limit=400
    )
    found = scores["discovery (cxloop)"]
    assert found.n == 400
    assert found.ami >= MEASURED_TOPICS["ami"] - MARGIN
    assert found.purity >= MEASURED_TOPICS["purity"] - MARGIN
    assert found.ami > scores["k-means on word TF-IDF"].ami
    assert found.ami > scores["random clusters, same sizes"].ami + 0.1


# The same command's assignment table: the text-only model that assigns new
# comments (5-fold) against the embedding path on the same 400 answers.
MEASURED_ASSIGNMENT = {"micro_f1": 0.532, "jaccard": 0.493, "ami_fast": 0.169}


def test_the_text_only_topic_model_agrees_with_the_embedding_path(
    shared_data: Path, embedding_cache: Path
) -> None:
    from cxloop.textanalysis.embeddings import topic_embedder

    scores = evaluation.evaluate_topic_assignment(
        shared_data, embedder=topic_embedder(), cache_dir=embedding_cache, limit=400
    )["nhs-fft"]
    assert scores.n == 400
    assert scores.micro_f1 >= MEASURED_ASSIGNMENT["micro_f1"] - MARGIN
    assert scores.jaccard >= MEASURED_ASSIGNMENT["jaccard"] - MARGIN
    assert scores.ami_fast >= MEASURED_ASSIGNMENT["ami_fast"] - MARGIN
