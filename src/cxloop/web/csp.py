"""A strict Content-Security-Policy on every HTML page cxloop serves.

Django 5.2 has no CSP support of its own (Django 6 has), and one header
needs no dependency. Every script, style and handler of the dashboard,
the survey pages and the demo shop lives in a static file, so the policy
allows no inline code at all: an injected `<script>` or `onclick` never
runs, even where escaping were ever missed. ECharts and the widget style
elements through the CSSOM (`element.style`, adopted stylesheets), which a
policy does not restrict. The widget itself runs on other sites under their
own policy; see widget.js.

The API's Swagger page is React, which writes `style` attributes: it gets
the same policy with inline styles allowed (still no inline scripts).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

STRICT: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

API_DOCS: dict[str, str] = {**STRICT, "style-src": "'self' 'unsafe-inline'"}


def _header(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def policy_for(path: str, *, same_origin_frames: bool = False) -> str:
    """The policy of the HTML page at `path`.

    Every HTML response of cxloop's origin gets one, static files included:
    a static page that took a script address from its query string would
    otherwise run anyone's script with the dashboard's cookies (the test
    shop page that did so lives with the browser tests now). A page that
    may be framed by cxloop's own pages (the survey builder's preview,
    marked with `xframe_options_sameorigin`) is told so here too.
    """
    directives = API_DOCS if path.startswith("/api/") else STRICT
    if same_origin_frames:
        directives = {**directives, "frame-ancestors": "'self'"}
    return _header(directives)


class ContentSecurityPolicyMiddleware:
    """Sets the policy on HTML responses that did not choose their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        policy = policy_for(
            request.path,
            same_origin_frames=response.get("X-Frame-Options") == "SAMEORIGIN",
        )
        html = content_type.startswith("text/html")
        if html and HEADER not in response:
            response[HEADER] = policy
        return response
