"""The one NinjaAPI instance, mounted at /api/v1/."""

from ninja import NinjaAPI

from cxloop import __version__
from cxloop.api import (
    auth,
    case_settings,
    cases,
    customers,
    drivers,
    errors,
    events,
    integrations,
    linkage,
    loyalty,
    metrics,
    parsing,
    responses,
    rules,
    surveys,
    topics,
    touchpoints,
    webhooks,
    widget,
    workspace,
)

api = NinjaAPI(
    title="cxloop API",
    version=f"v1 ({__version__})",
    description=(
        "Collect feedback and journey events, read responses and metrics, and act "
        "on them. Authenticate with `Authorization: Bearer sk_…` (secret key) or "
        "`Bearer pk_…` (public key, browser-safe, limited to collection routes)."
    ),
    auth=auth.secret_key,
    urls_namespace="api",
    docs_url="/docs",
    parser=parsing.JsonParser(),
)
errors.install(api)
api.add_router("/", workspace.router)
api.add_router("/", events.router)
api.add_router("/", responses.router)
# Before surveys: /surveys/eligible must not be read as a survey key.
api.add_router("/", widget.router)
api.add_router("/", surveys.router)
api.add_router("/", integrations.router)
api.add_router("/", customers.router)
api.add_router("/", loyalty.router)
api.add_router("/", touchpoints.router)
api.add_router("/", drivers.router)
# Before any /metrics/{metric} route: "linkage" is no metric's name.
api.add_router("/", linkage.router)
api.add_router("/", topics.router)
api.add_router("/", webhooks.router)
api.add_router("/", rules.router)
api.add_router("/", cases.router)
api.add_router("/", case_settings.router)
# Last: /metrics/{metric} must not shadow literal /metrics/... routes (e.g.
# /metrics/linkage), which are registered before it.
api.add_router("/", metrics.router)
