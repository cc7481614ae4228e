"""Settings → Website widget: the snippet a shop pastes, its allowed
websites, and a check that loads the widget on the page itself.

Public keys are stored as digests, so the snippet can carry a whole key
only when its text is known: just after it was created here (shown once,
like any new key) or the demo shop's key, which is derived, not stored.
Otherwise the snippet says where the key goes and an admin may create one.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cxloop import demo
from cxloop.accounts import selectors, services
from cxloop.accounts.models import ApiKey, Workspace
from cxloop.accounts.tenancy import TenantRequest
from cxloop.errors import DomainError
from cxloop.web import shown_once
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.widget import WidgetOriginsForm

NEW_PUBLIC_KEY_SESSION = "cxloop_new_widget_key"
KEY_PLACEHOLDER = "pk_…"


def _known_key(request: TenantRequest) -> tuple[str | None, bool]:
    """The whole text of a public key of this workspace, and whether it is new."""
    kept = shown_once.take_kept(request, NEW_PUBLIC_KEY_SESSION)
    if kept:
        return kept["token"], True
    if request.workspace.slug == demo.DEMO_SLUG:
        token = demo.shop_public_key()
        found = selectors.apikey_find(token=token)
        if found and found.is_active and found.workspace_id == request.workspace.pk:
            return token, False
    return None, False


def _public_keys(workspace: Workspace) -> list[ApiKey]:
    keys = selectors.apikey_list(workspace=workspace).filter(
        kind=ApiKey.Kind.PUBLIC, revoked_at__isnull=True
    )
    return list(keys)


def _snippet(key: str) -> str:
    host = settings.CXLOOP_BASE_URL.rstrip("/")
    return (
        f'<script src="{host}/static/cxloop/widget.js" data-key="{key}" '
        f'data-host="{host}" async></script>'
    )


def _save_origins(request: TenantRequest, form: WidgetOriginsForm) -> bool:
    workspace = request.workspace
    try:
        services.workspace_update(
            workspace=workspace,
            name=workspace.name,
            default_locale=workspace.default_locale,
            timezone_name=workspace.timezone,
            phone_region=workspace.phone_region,
            allowed_origins=form.cleaned_data["allowed_origins"],
        )
    except DomainError as error:
        form.add_error("allowed_origins", error.message)
        return False
    return True


def _post(request: TenantRequest) -> HttpResponse | WidgetOriginsForm:
    """Create a public key or save the websites; a refused form comes back."""
    if request.membership.role != ADMIN:
        raise PermissionDenied
    if request.POST.get("action") == "create-key":
        issued = services.apikey_create(
            workspace=request.workspace,
            kind=ApiKey.Kind.PUBLIC,
            name=_("Website widget"),
            created_by=request.user,
        )
        shown_once.keep_for_next_page(
            request, NEW_PUBLIC_KEY_SESSION, token=issued.token
        )
        return redirect("web:settings_widget")
    form = WidgetOriginsForm(request.POST)
    if form.is_valid() and _save_origins(request, form):
        messages.success(request, _("Allowed websites saved."))
        return redirect("web:settings_widget")
    return form


@workspace_required()
def settings_widget(request: TenantRequest) -> HttpResponse:
    """Every member reads the page; only admins create keys or edit websites."""
    origins = "\n".join(request.workspace.allowed_origins)
    form = WidgetOriginsForm(initial={"allowed_origins": origins})
    if request.method == "POST":
        posted = _post(request)
        if isinstance(posted, HttpResponse):
            return posted
        form = posted
    key, is_new = _known_key(request)
    context = {
        "tab": "widget",
        "can_edit": request.membership.role == ADMIN,
        "form": form,
        "key": key,
        "key_is_new": is_new,
        "public_keys": _public_keys(request.workspace),
        "snippet": _snippet(key or KEY_PLACEHOLDER),
        "host": settings.CXLOOP_BASE_URL.rstrip("/"),
    }
    status = 422 if form.is_bound else 200
    return render(request, "web/settings/widget.html", context, status=status)
