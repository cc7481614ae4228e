"""Give every existing workspace the standard e-commerce journey map.

A frozen copy of `journeys/defaults.py` at the time of writing (migrations
never import app code). Rerunnable: a workspace that already has stages is
left as it is.
"""

from typing import Any

from django.db import migrations

JOURNEY: list[tuple[str, str, list[tuple[str, str, list[str], list[str]]]]] = [
    (
        "before_purchase",
        "Before purchase",
        [
            ("ad", "Advertising", ["ad_clicked"], []),
            ("site_visit", "Site visit", ["page_view"], []),
            ("site_search", "Site search", ["search"], ["search-found"]),
            (
                "product_page",
                "Product page",
                ["product_viewed"],
                ["product-page-content"],
            ),
        ],
    ),
    (
        "purchase",
        "Purchase",
        [
            ("cart", "Cart", ["cart_added"], []),
            (
                "checkout",
                "Checkout",
                [
                    "checkout_started",
                    "checkout_abandoned",
                    "order_placed",
                    "order_cancelled",
                ],
                ["checkout-abandonment"],
            ),
            ("payment", "Payment", ["order_paid"], []),
        ],
    ),
    (
        "after_purchase",
        "After purchase",
        [
            (
                "delivery",
                "Delivery",
                ["order_fulfilled", "order_delivered"],
                ["delivery-csat"],
            ),
            ("returns", "Returns", ["order_refunded"], []),
            (
                "support_contact",
                "Support contact",
                ["case_opened", "case_closed"],
                ["support-ces"],
            ),
            ("review", "Review", ["review_posted"], []),
        ],
    ),
]


def add_default_journey(apps: Any, schema_editor: Any) -> None:
    workspace_model = apps.get_model("accounts", "Workspace")
    stage_model = apps.get_model("journeys", "Stage")
    touchpoint_model = apps.get_model("journeys", "Touchpoint")
    with_stages = stage_model.objects.values("workspace_id")
    for workspace in workspace_model.objects.exclude(pk__in=with_stages).iterator():
        for stage_position, (stage_key, stage_name, touchpoints) in enumerate(JOURNEY):
            stage = stage_model.objects.create(
                workspace=workspace,
                key=stage_key,
                name=stage_name,
                position=stage_position,
            )
            touchpoint_model.objects.bulk_create(
                touchpoint_model(
                    workspace=workspace,
                    stage=stage,
                    key=key,
                    name=name,
                    position=position,
                    event_types=event_types,
                    survey_keys=survey_keys,
                )
                for position, (key, name, event_types, survey_keys) in enumerate(
                    touchpoints
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0003_stages_and_touchpoints"),
    ]

    operations = [
        migrations.RunPython(add_default_journey, migrations.RunPython.noop),
    ]
