"""Webhook bodies built from the real platform payloads in shared data.

The files hold Admin/REST API responses; a Shopify webhook body is the bare
resource inside the wrapper (`{"order": {…}}` → the order), WooCommerce and
Magento bodies are the files as they are (see ecommerce-webhooks/SOURCE.md).
"""

import json
from pathlib import Path
from typing import Any

from cxloop.integrations.platforms.base import sign

ROOT = "ecommerce-webhooks"


def raw(shared_data: Path, platform_dir: str, name: str) -> bytes:
    return (shared_data / ROOT / platform_dir / name).read_bytes()


def resource(shared_data: Path, platform_dir: str, name: str, *path: Any) -> Any:
    data = json.loads(raw(shared_data, platform_dir, name))
    for step in path:
        data = data[step]
    return data


def shopify(shared_data: Path, name: str, *path: Any) -> bytes:
    return json.dumps(resource(shared_data, "shopify", name, *path)).encode()


def woocommerce(shared_data: Path, name: str) -> bytes:
    return raw(shared_data, "woocommerce", name)


def magento(shared_data: Path, name: str) -> bytes:
    return raw(shared_data, "magento2", name)


def shopify_headers(
    body: bytes, secret: str, topic: str, webhook_id: str
) -> dict[str, str]:
    return {
        "HTTP_X_SHOPIFY_TOPIC": topic,
        "HTTP_X_SHOPIFY_HMAC_SHA256": sign(body=body, secret=secret),
        "HTTP_X_SHOPIFY_WEBHOOK_ID": webhook_id,
        "HTTP_X_SHOPIFY_SHOP_DOMAIN": "shop-a.myshopify.com",
    }


def woocommerce_headers(
    body: bytes, secret: str, topic: str, delivery_id: str
) -> dict[str, str]:
    return {
        "HTTP_X_WC_WEBHOOK_TOPIC": topic,
        "HTTP_X_WC_WEBHOOK_SIGNATURE": sign(body=body, secret=secret),
        "HTTP_X_WC_WEBHOOK_DELIVERY_ID": delivery_id,
        "HTTP_X_WC_WEBHOOK_SOURCE": "https://shop-a.example/",
    }


def magento_headers(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
