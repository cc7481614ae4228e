"""Shop connections, and the path of a delivery: received, stored, applied.

A delivery is verified, stored verbatim and answered; a worker task then
parses it and hands the values to the customers app. Storing first means a
shop never waits on identity resolution (Shopify gives up after 5 seconds),
a failing apply never makes a shop disable its webhook, and nothing accepted
is lost: a failed delivery is retried with backoff and can be redelivered.
"""

from cxloop.integrations.services.common import (
    LOST_AFTER,
    MAX_ATTEMPTS,
    BodyTooLarge,
    SignatureInvalid,
)
from cxloop.integrations.services.connections import (
    ConnectionCreated,
    connection_create,
    connection_set_active,
    connection_set_rest_access,
)
from cxloop.integrations.services.deliveries import (
    Receipt,
    customers_apply,
    delivery_apply,
    delivery_receive,
    delivery_record_too_large,
    delivery_redeliver,
    delivery_retry_due,
    retry_delay,
)
from cxloop.integrations.services.erasure import delivery_erase_for_customer
from cxloop.integrations.services.retention import delivery_bodies_expire
from cxloop.integrations.services.sync import (
    SyncFailed,
    SyncResult,
    magento_sync,
    magento_sync_due,
    shop_sync_workspace,
    woocommerce_sync,
    woocommerce_sync_due,
    woocommerce_sync_workspace,
)

__all__ = [
    "LOST_AFTER",
    "MAX_ATTEMPTS",
    "BodyTooLarge",
    "ConnectionCreated",
    "Receipt",
    "SignatureInvalid",
    "SyncFailed",
    "SyncResult",
    "connection_create",
    "connection_set_active",
    "connection_set_rest_access",
    "customers_apply",
    "delivery_bodies_expire",
    "delivery_apply",
    "delivery_erase_for_customer",
    "delivery_receive",
    "delivery_record_too_large",
    "delivery_redeliver",
    "delivery_retry_due",
    "magento_sync",
    "magento_sync_due",
    "retry_delay",
    "shop_sync_workspace",
    "woocommerce_sync",
    "woocommerce_sync_due",
    "woocommerce_sync_workspace",
]
