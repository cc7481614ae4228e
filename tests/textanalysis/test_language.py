from cxloop.textanalysis import language


def test_a_sentence_is_detected_in_each_workspace_language() -> None:
    samples = {
        "et": "Tellimus jõudis kohale kiiresti ja kõik oli korras, aitäh!",
        "lv": "Paka atnāca ātri un viss bija kārtībā, paldies!",
        "fi": "Tilaus tuli nopeasti perille ja kaikki oli kunnossa, kiitos!",
        "lt": "Užsakymas atkeliavo greitai ir viskas buvo tvarkoje, ačiū!",
        "en": "The order arrived quickly and everything was fine, thanks!",
        "ru": "Заказ пришёл быстро, и всё было в порядке, спасибо!",
    }
    for code, text in samples.items():
        detection = language.detect(text, hint="en" if code != "en" else "et")
        assert (detection.language, detection.source) == (code, "detected")
        assert detection.confidence > 0.5


def test_a_very_short_text_falls_back_to_the_customers_locale() -> None:
    # lingua alone calls "Bad app" Estonian-ish and "ok" Finnish.
    assert language.detect("ok", hint="lt").language == "lt"
    assert language.detect("Bad app", hint="en-GB").language == "en"
    assert language.detect("Aitäh!", hint="et").language == "et"
    assert language.detect("Paldies", hint="lv").language == "lv"


def test_a_short_text_lingua_is_sure_about_keeps_its_language() -> None:
    detection = language.detect("Спасибо", hint="et")
    assert (detection.language, detection.source) == ("ru", "detected")


def test_detection_is_restricted_to_the_workspace_languages() -> None:
    text = "Toimitus oli nopea ja tuote oli hyvä."  # Finnish
    detection = language.detect(text, languages=["et", "en"])
    assert detection.language in {"et", "en"}
    assert language.detect(text, languages=["et", "fi"]).language == "fi"


def test_a_text_without_letters_gets_the_hint_or_nothing() -> None:
    assert language.detect("👍👍 10/10", hint="lv").language == "lv"
    nothing = language.detect("   ", hint=None)
    assert (nothing.language, nothing.source) == ("", "none")


def test_a_hint_outside_the_workspace_languages_is_ignored() -> None:
    assert language.detect("ok", languages=["et", "en"], hint="de").language in {
        "et",
        "en",
    }
