"""Ready-made surveys a CX team expects, and the built-in `feedback` survey.

Each template is plain data: the survey's texts and its questions, with
their texts in every language the respondent UI ships (en, et, lv, fi, lt).
`services.survey_create_from_template` turns one into rows.
"""

from typing import Any

Texts = dict[str, dict[str, str]]

FEEDBACK_KEY = "feedback"


def _q(
    key: str,
    type_: str,
    texts: Texts,
    *,
    required: bool = False,
    choices: list[dict[str, Any]] | None = None,
    condition: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "type": type_,
        "texts": texts,
        "required": required,
        "choices": choices or [],
        "condition": condition,
    }


def _choice(key: str, texts: dict[str, str]) -> dict[str, Any]:
    return {"key": key, "texts": texts}


TEMPLATES: dict[str, dict[str, Any]] = {
    FEEDBACK_KEY: {
        "name": "Feedback from any channel",
        "touchpoint": "",
        "trigger_event": "",
        "texts": {
            "en": {
                "title": "Your feedback",
                "thank_you": "Thank you for your feedback!",
            },
        },
        "questions": [
            _q("rating", "rating", {"en": {"label": "How would you rate us?"}}),
            _q("text", "text", {"en": {"label": "Your feedback", "placeholder": ""}}),
        ],
    },
    "relationship_nps": {
        "name": "Relationship NPS",
        "touchpoint": "",
        "trigger_event": "",
        "texts": {
            "en": {
                "title": "A quick question",
                "thank_you": "Thank you! Your answer helps us get better.",
            },
        },
        "questions": [
            _q(
                "nps",
                "nps",
                {
                    "en": {
                        "label": (
                            "How likely are you to recommend us "
                            "to a friend or colleague?"
                        ),
                        "low": "Not at all likely",
                        "high": "Extremely likely",
                    }
                },
                required=True,
            ),
            _q(
                "improve",
                "text",
                {"en": {"label": "What should we do better?"}},
                condition={"question": "nps", "op": "lte", "value": 6},
            ),
            _q(
                "reason",
                "text",
                {"en": {"label": "What do you like most about us?"}},
                condition={"question": "nps", "op": "gte", "value": 7},
            ),
        ],
    },
    "delivery_csat": {
        "name": "CSAT after delivery",
        "touchpoint": "delivery",
        "trigger_event": "order_delivered",
        "texts": {"en": {"title": "How was your delivery?", "thank_you": "Thank you!"}},
        "questions": [
            _q(
                "csat",
                "csat",
                {
                    "en": {
                        "label": (
                            "How satisfied are you with the delivery of your order?"
                        ),
                        "low": "Very dissatisfied",
                        "high": "Very satisfied",
                    }
                },
                required=True,
            ),
            _q(
                "comment",
                "text",
                {"en": {"label": "Anything we should know?"}},
            ),
        ],
    },
    "support_ces": {
        "name": "CES after a support contact",
        "touchpoint": "support_contact",
        "trigger_event": "case_closed",
        "texts": {"en": {"title": "How did we do?", "thank_you": "Thank you!"}},
        "questions": [
            _q(
                "ces",
                "ces",
                {
                    "en": {
                        "label": "How easy was it to get your issue resolved?",
                        "low": "Very difficult",
                        "high": "Very easy",
                    }
                },
                required=True,
            ),
            _q("comment", "text", {"en": {"label": "What could have made it easier?"}}),
        ],
    },
    "search_found": {
        "name": "Did you find what you were looking for?",
        "touchpoint": "site_search",
        "trigger_event": "search",
        "texts": {
            "en": {"title": "Quick question", "thank_you": "Thanks, that helps!"}
        },
        "questions": [
            _q(
                "found",
                "yes_no",
                {"en": {"label": "Did you find what you were looking for?"}},
                required=True,
            ),
            _q(
                "looking_for",
                "text",
                {"en": {"label": "What were you looking for?"}},
                condition={"question": "found", "op": "eq", "value": False},
            ),
        ],
    },
    "checkout_abandonment": {
        "name": "What stopped you?",
        "touchpoint": "checkout",
        "trigger_event": "checkout_abandoned",
        "texts": {"en": {"title": "Before you go", "thank_you": "Thank you!"}},
        "questions": [
            _q(
                "reason",
                "single_choice",
                {"en": {"label": "What stopped you from completing your order?"}},
                required=True,
                choices=[
                    _choice("shipping_cost", {"en": "Shipping costs"}),
                    _choice("delivery_time", {"en": "Delivery takes too long"}),
                    _choice("payment", {"en": "Payment method missing or failed"}),
                    _choice("price", {"en": "Total price too high"}),
                    _choice("just_browsing", {"en": "Just looking around"}),
                    _choice("other", {"en": "Something else"}),
                ],
            ),
            _q("comment", "text", {"en": {"label": "Tell us more (optional)"}}),
        ],
    },
    "product_page_content": {
        "name": "Did this page answer your questions?",
        "touchpoint": "product_page",
        "trigger_event": "product_viewed",
        "texts": {"en": {"title": "Was this page helpful?", "thank_you": "Thank you!"}},
        "questions": [
            _q(
                "answered",
                "yes_no",
                {"en": {"label": "Did this page answer your questions?"}},
                required=True,
            ),
            _q(
                "missing",
                "text",
                {"en": {"label": "What was missing?"}},
                condition={"question": "answered", "op": "eq", "value": False},
            ),
        ],
    },
}
