"""The unsubscribe link of a digest e-mail: one click, no login."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cxloop.errors import DomainError
from cxloop.insights import digest


def _language(request: HttpRequest, unsubscribe: digest.Unsubscribe | None) -> str:
    """The language the person picked on this browser, else their own."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or unsubscribe is None:
        return translation.get_language() or settings.LANGUAGE_CODE
    return unsubscribe.user.language_in(unsubscribe.workspace)


# The signed token is the credential, and mail programs post the one-click
# unsubscribe (RFC 8058) without a form of ours, so no CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET and a mail program's POST unsubscribe; a POST with
    `action=subscribe` (the page's button) subscribes again."""
    try:
        unsubscribe = digest.unsubscribe_read(token=token)
    except DomainError:
        with translation.override(_language(request, None)):
            return render(request, "web/digest/unsubscribe_invalid.html", status=400)
    subscribed = request.method == "POST" and request.POST.get("action") == "subscribe"
    if request.method != "HEAD":  # link checkers look with HEAD
        digest.digest_subscription_set(
            workspace=unsubscribe.workspace,
            user=unsubscribe.user,
            kind=unsubscribe.kind,
            subscribed=subscribed,
        )
    context = {"unsubscribe": unsubscribe, "subscribed": subscribed}
    language = _language(request, unsubscribe)
    with translation.override(language):
        response = render(request, "web/digest/unsubscribe.html", context)
    response["Content-Language"] = language
    return response
