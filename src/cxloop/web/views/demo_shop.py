"""`/demo/shop`: a small shop page with the widget, for trying cxloop out."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cxloop import demo
from cxloop.accounts import selectors


def demo_shop(request: HttpRequest) -> HttpResponse:
    token = demo.shop_public_key()
    key = selectors.apikey_find(token=token)
    if key is None or not key.is_active or key.workspace.slug != demo.DEMO_SLUG:
        raise Http404("The demo shop is not loaded: run `cxloop demo`.")
    return render(request, "web/demo/shop.html", {"public_key": token})
