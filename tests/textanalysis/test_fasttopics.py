"""The text-only topic model on its own, without a database or the embedder."""

from cxloop.demodata.comments import COMMENTS
from cxloop.textanalysis import fasttopics
from tests.textanalysis import topic_data


def test_a_workspaces_largest_topic_does_not_take_the_other_topics_new_comments() -> (
    None
):
    # Packaging has more than twice the comments of either other subject, as
    # a workspace's topics seldom have the same size.
    per_subject = {"delivery_speed": 3, "payment": 3, "packaging": 7}
    rows = [
        (text, code, subject)
        for subject, count in per_subject.items()
        for code in topic_data.LANGUAGES
        for text in COMMENTS[code][subject]["negative"][:count]
    ]
    keys = {subject: n for n, subject in enumerate(per_subject, start=1)}
    model = fasttopics.FastTopics.train(
        [text for text, _, _ in rows],
        [code for _, code, _ in rows],
        [[keys[subject]] for _, _, subject in rows],
    )
    unseen = [
        (text, subject)
        for subject in ("delivery_speed", "payment")
        for code in topic_data.LANGUAGES
        for text in COMMENTS[code][subject]["negative"][3:]
    ]
    predicted = model.predict([text for text, _ in unseen])

    own = sum(
        row[0][0] == keys[subject]
        for row, (_, subject) in zip(predicted, unseen, strict=True)
    )
    # Unweighted, packaging took 51 of these 62 and 10 found their own topic.
    assert own >= len(unseen) / 3
