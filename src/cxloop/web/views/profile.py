"""A person's own settings: name, language and digest e-mails."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from cxloop.accounts import services
from cxloop.accounts.models import User
from cxloop.errors import DomainError
from cxloop.insights import digest
from cxloop.web.forms.profile import ProfileForm


def _saved(request: HttpRequest, language: str) -> HttpResponse:
    response = redirect("web:profile")
    if language:
        # The dashboard follows at once, on this browser too.
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    messages.success(request, _("Your profile was saved."))
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required: a signed-in person
    form = ProfileForm(
        request.POST or None,
        user=user,
        subscriptions=digest.digest_subscriptions(user=user),
    )
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                services.user_profile_update(user=user, **form.profile_data())
                for subscription, subscribed in form.subscription_choices():
                    digest.digest_subscription_set(
                        workspace=subscription.workspace,
                        user=user,
                        kind=subscription.kind,
                        subscribed=subscribed,
                    )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
        else:
            return _saved(request, form.cleaned_data["language"])
    context = {"form": form, "tab": "profile"}
    status = 422 if form.is_bound else 200
    return render(request, "web/settings/profile.html", context, status=status)
