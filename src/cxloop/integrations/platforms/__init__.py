"""One adapter per e-shop platform, each a module of pure functions."""

from typing import Protocol

from cxloop.integrations.platforms import magento, shopify, woocommerce
from cxloop.integrations.platforms.base import Headers, Parsed, Payload


class Adapter(Protocol):
    """What the delivery service asks of a platform module."""

    SOURCE: str
    TOPICS: frozenset[str]

    def verify(self, *, body: bytes, headers: Headers, secret: str) -> bool: ...

    def topic(self, headers: Headers) -> str: ...

    def delivery_id(
        self, *, headers: Headers, payload: Payload, topic: str, body: bytes
    ) -> str: ...

    def object_id(self, payload: Payload, topic: str) -> str: ...

    def parse(self, topic: str, payload: Payload) -> Parsed: ...


ADAPTERS: dict[str, Adapter] = {
    "shopify": shopify,
    "woocommerce": woocommerce,
    "magento": magento,
}
