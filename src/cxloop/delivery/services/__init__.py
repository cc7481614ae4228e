"""Every outbound message goes through here: write in the caller's transaction,
send from the worker, retry on a schedule, never lose one, never send one
for a change that rolled back.

Other apps call `message_enqueue` (webhooks), `email_enqueue` and
`chat_enqueue` (notifications) inside their own transactions; after the
commit one drain task per burst (`deliveries_drain`) sends what is due, and
`deliveries_send_due` (periodic) asks for one when a lost task, a killed
worker or a retry left something due.
"""

from cxloop.delivery.services.draining import deliveries_drain, deliveries_send_due
from cxloop.delivery.services.endpoints import (
    EndpointWithSecret,
    endpoint_create,
    endpoint_delete,
    endpoint_rotate_secret,
    endpoint_update,
    secret_generate,
    signing_secrets,
)
from cxloop.delivery.services.limits import (
    DISABLE_AFTER_FAILING,
    ERROR_LENGTH,
    JITTER,
    KEEP_MESSAGES,
    LEASE,
    MAX_ATTEMPTS,
    MAX_PAYLOAD_BYTES,
    MAX_RETRY_AFTER,
    RETRY_AFTER_STATUSES,
    RETRY_DELAYS,
    ROTATION_OVERLAP,
    SWEEP_BATCH,
    PayloadTooLarge,
)
from cxloop.delivery.services.outbox import (
    chat_enqueue,
    deliveries_send_after_commit,
    drain_request,
    email_enqueue,
    email_render,
    endpoint_send_test,
    message_enqueue,
)
from cxloop.delivery.services.redelivery import (
    deliveries_redeliver_failed,
    delivery_redeliver,
    messages_prune,
)
from cxloop.delivery.services.sending import (
    Outcome,
    delivery_claim,
    delivery_send,
    retry_after_parse,
    webhook_headers,
)
from cxloop.delivery.ssrf import UnsafeUrl, url_check

__all__ = [
    "delivery_claim",
    "deliveries_send_after_commit",
    "DISABLE_AFTER_FAILING",
    "ERROR_LENGTH",
    "EndpointWithSecret",
    "JITTER",
    "KEEP_MESSAGES",
    "LEASE",
    "MAX_ATTEMPTS",
    "MAX_PAYLOAD_BYTES",
    "MAX_RETRY_AFTER",
    "Outcome",
    "PayloadTooLarge",
    "RETRY_AFTER_STATUSES",
    "RETRY_DELAYS",
    "ROTATION_OVERLAP",
    "SWEEP_BATCH",
    "chat_enqueue",
    "deliveries_drain",
    "deliveries_redeliver_failed",
    "deliveries_send_due",
    "delivery_redeliver",
    "delivery_send",
    "drain_request",
    "email_enqueue",
    "email_render",
    "endpoint_create",
    "endpoint_delete",
    "endpoint_rotate_secret",
    "endpoint_send_test",
    "endpoint_update",
    "message_enqueue",
    "messages_prune",
    "retry_after_parse",
    "secret_generate",
    "signing_secrets",
    "webhook_headers",
    # For apps that keep a URL to call later (rules' chat posts): refuse an
    # internal address when it is saved, not only when it is called.
    "UnsafeUrl",
    "url_check",
]
