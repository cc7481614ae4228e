from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from cxloop.api import errors as api_errors
from cxloop.api.api import api
from cxloop.web.forms.auth import LoginForm
from cxloop.web.views import demo_receiver, demo_shop, digest, health, survey_page

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="web:overview", permanent=False)),
    path("healthz", health.healthz, name="healthz"),
    path("demo/shop", demo_shop.demo_shop, name="demo_shop"),
    path("demo/receiver", demo_receiver.demo_receiver, name="demo_receiver"),
    path("s/<str:link_key>", survey_page.survey_page, name="survey_page"),
    path(
        "s/<str:link_key>/opt-out",
        survey_page.survey_opt_out,
        name="survey_opt_out",
    ),
    path("s/<str:link_key>/", survey_page.survey_page),
    path(
        "digest/unsubscribe/<str:token>",
        digest.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/auth/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/auth/password_set.html",
            success_url="/login/?password=set",
        ),
        name="password_reset_confirm",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("app/", include("cxloop.web.urls")),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("api/v1/", api.urls),
    path("integrations/", include("cxloop.integrations.urls")),
    re_path(r"^api/(?P<rest>.*)$", api_errors.not_found),
]
