import random

import pytest

from cxloop.textanalysis import sentiment
from cxloop.textanalysis.analysis import MAX_CHARS, Analyser, WorkspaceModel


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Kiire tarne ja väga hea kvaliteet, aitäh!", "positive"),
        ("Pakk jäi kaduma ja keegi ei vasta telefonile.", "negative"),
        ("Ļoti ātra piegāde, paldies!", "positive"),
        ("Prece saplīsa pēc nedēļas, briesmīga kvalitāte.", "negative"),
        ("Nopea toimitus ja erinomainen palvelu, kiitos!", "positive"),
        ("Paketti ei tullut koskaan ja tuki ei vastaa.", "negative"),
        ("Puikus aptarnavimas, labai greitai atkeliavo!", "positive"),
        ("Siuntinys vėlavo ir prekė buvo sugadinta.", "negative"),
        ("Great service and fast delivery, thank you!", "positive"),
        ("The parcel never arrived and support ignores me.", "negative"),
    ],
)
def test_the_cold_start_model_reads_clear_comments_in_every_language(
    analyser: Analyser, text: str, label: str
) -> None:
    result = analyser.analyse(text)
    assert result.sentiment is not None
    assert result.sentiment.label == label
    assert (result.sentiment.score > 0) == (label == "positive")


def test_empty_text_gets_no_sentiment_rather_than_neutral(analyser: Analyser) -> None:
    for text in ("", "   ", "\n\t"):
        assert analyser.analyse(text).sentiment is None


def test_a_score_is_between_minus_one_and_one(analyser: Analyser) -> None:
    texts = ["ok", "!!!", "Super!", "Kohutav.", "12345", "👍"]
    for result in analyser.analyse_batch(texts):
        assert result.sentiment is not None
        assert -1.0 <= result.sentiment.score <= 1.0


def test_a_megabyte_of_emoji_or_noise_is_cut_to_the_analysed_maximum(
    analyser: Analyser,
) -> None:
    rng = random.Random(7)  # noqa: S311
    noise = " ".join(
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyzõäöü") for _ in range(8))
        for _ in range(120_000)
    )
    for text in ("😀🔥" * 500_000, noise):
        result = analyser.analyse(text)
        assert result.truncated
        assert result.analysed_chars == MAX_CHARS
        assert result.complete
        assert result.sentiment is not None


def test_a_comment_over_its_time_budget_is_marked_incomplete() -> None:
    ticks = iter(range(100))
    slow = Analyser(budget_seconds=1.0, clock=lambda: float(next(ticks)) * 5)
    result = slow.analyse("Delivery was late again.", hint="en")
    assert not result.complete
    assert result.sentiment is None
    assert result.language == "en"


def test_results_record_the_model_versions(analyser: Analyser) -> None:
    result = analyser.analyse("Kõik oli hästi.")
    assert result.versions["cold_start"].startswith("seeds-")


@pytest.mark.parametrize(
    ("kind", "value", "label"),
    [
        ("nps", 0, "negative"),
        ("nps", 6, "negative"),
        ("nps", 7, "neutral"),
        ("nps", 8, "neutral"),
        ("nps", 9, "positive"),
        ("csat", 2, "negative"),
        ("csat", 3, "neutral"),
        ("csat", 4, "positive"),
        ("ces", 3, "negative"),
        ("ces", 4, "neutral"),
        ("ces", 5, "positive"),
        ("nps", 11, None),
        ("choice", 1, None),
    ],
)
def test_a_score_gives_its_comment_a_weak_label(
    kind: str, value: int, label: str | None
) -> None:
    assert sentiment.label_from_score(kind, value) == label


def _weakly_labelled() -> tuple[list[str], list[str]]:
    """Comments of a shop where "kuller" complaints come with low scores."""
    rng = random.Random(3)  # noqa: S311
    good = ["Kiire ja korralik", "Väga hea pood", "Super teenindus", "Mõnus ost"]
    bad = ["Kuller hilines", "Kuller oli ebaviisakas", "Kuller ei tulnud"]
    middle = ["Tavaline tellimus", "Hind on okei", "Midagi erilist"]
    texts: list[str] = []
    labels: list[str] = []
    for pool, label in ((good, "positive"), (bad, "negative"), (middle, "neutral")):
        for _ in range(60):
            texts.append(f"{rng.choice(pool)} {rng.randint(1, 999)}")
            labels.append(label)
    return texts, labels


def test_a_workspace_model_learns_from_scores_and_reports_held_out_quality() -> None:
    texts, labels = _weakly_labelled()
    model, metrics = sentiment.train_score_model(texts, labels)
    assert metrics["accuracy"] > 0.9
    assert metrics["macro_f1"] > 0.9
    assert metrics["n_held_out"] == 36
    probabilities = model.predict(["Kuller jäi jälle hiljaks"])
    assert sentiment.to_sentiment(probabilities[0]).label == "negative"


def test_a_workspace_model_survives_a_round_trip_through_bytes() -> None:
    texts, labels = _weakly_labelled()
    model, _ = sentiment.train_score_model(texts, labels)
    restored = sentiment.NgramModel.from_bytes(model.to_bytes())
    assert restored.version == model.version
    sample = ["Kuller hilines", "Väga hea pood"]
    assert restored.predict(sample) == pytest.approx(model.predict(sample))


def test_too_few_labelled_comments_are_refused() -> None:
    with pytest.raises(ValueError, match="too few"):
        sentiment.train_score_model(["hea", "halb"] * 2, ["positive", "negative"] * 2)


def test_the_workspace_model_counts_in_the_blend() -> None:
    texts, labels = _weakly_labelled()
    model, _ = sentiment.train_score_model(texts, labels)
    # A workspace where "kuller" is what customers complain about.
    blended = Analyser(workspace_model=WorkspaceModel(model, weight=0.9))
    result = blended.analyse("Kuller", hint="et")
    assert result.sentiment is not None
    assert result.sentiment.label == "negative"
    assert "workspace" in result.versions
