"""Django settings for cxloop.

Production values are the defaults; a deployment changes only environment
variables (see README). Tests override what they need in `tests/settings.py`.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from cxloop import envconf

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = envconf.data_dir()

SECRET_KEY = envconf.env_secret("CXLOOP_SECRET_KEY", directory=DATA_DIR)
DEBUG = envconf.env_bool("CXLOOP_DEBUG", default=False)
ALLOWED_HOSTS = envconf.env_list(
    "CXLOOP_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = envconf.env_list("CXLOOP_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "cxloop.web.views.survey_page.csrf_failure"

# Behind a TLS-terminating proxy, CXLOOP_HTTPS=true makes cookies secure and
# trusts the proxy's X-Forwarded-Proto header.
HTTPS = envconf.env_bool("CXLOOP_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = False
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs from local static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "cxloop.worker",
    "cxloop.accounts",
    "cxloop.delivery",
    "cxloop.customers",
    "cxloop.journeys",
    "cxloop.surveys",
    "cxloop.integrations",
    "cxloop.textanalysis",
    "cxloop.loyalty",
    "cxloop.cases",
    "cxloop.rules",
    "cxloop.insights",
    "cxloop.web",
]

MIDDLEWARE = [
    "cxloop.api.middleware.JsonErrorsMiddleware",
    "cxloop.api.middleware.PublicCorsMiddleware",
    "cxloop.api.middleware.RateLimitMiddleware",
    "cxloop.api.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cxloop.web.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cxloop.accounts.middleware.WorkspaceMiddleware",
    "cxloop.web.middleware.UserLanguageMiddleware",
    "cxloop.web.middleware.WorkspaceTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cxloop.web.middleware.NotFoundMiddleware",
]

ROOT_URLCONF = "cxloop.urls"
WSGI_APPLICATION = "cxloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cxloop.web.context_processors.shell",
            ],
        },
    },
]

DATABASES = {"default": envconf.database_config(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The API refuses bodies over 1 MB (413); forms and uploads stay far below.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:overview"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("et", _("Estonian")),
    ("lv", _("Latvian")),
    ("fi", _("Finnish")),
    ("lt", _("Lithuanian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
# Dates in the dashboard: one unambiguous format per language (day first,
# never the US month first); times in the workspace's zone (see
# cxloop.web.middleware.WorkspaceTimezoneMiddleware).
FORMAT_MODULE_PATH = ["cxloop.web.formats"]

STATIC_URL = "/static/"
# Static files are served straight from the package by WhiteNoise, so a
# deployment needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600

EMAIL_BACKEND = envconf.env_str(
    "CXLOOP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = envconf.env_str("CXLOOP_EMAIL_HOST", "localhost")
EMAIL_PORT = envconf.env_int("CXLOOP_EMAIL_PORT", 25)
EMAIL_HOST_USER = envconf.env_str("CXLOOP_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envconf.env_str("CXLOOP_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envconf.env_bool("CXLOOP_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = envconf.env_str("CXLOOP_EMAIL_FROM", "cxloop <cxloop@localhost>")
# How customers reach this server: the start of links in e-mails.
CXLOOP_BASE_URL = envconf.env_str("CXLOOP_BASE_URL", "http://127.0.0.1:8000")
# Outbound webhooks and chat messages refuse loopback, private and other
# internal addresses (SSRF); a self-hosted installation that must call its
# intranet opts in.
CXLOOP_WEBHOOK_ALLOW_PRIVATE = envconf.env_bool(
    "CXLOOP_WEBHOOK_ALLOW_PRIVATE", default=False
)
# Exact URLs that may be internal all the same: `cxloop demo` lists its own
# receiver page here, and nothing else.
CXLOOP_WEBHOOK_ALLOW_URLS = envconf.env_list("CXLOOP_WEBHOOK_ALLOW_URLS", [])

REDIS_URL = envconf.env_str("REDIS_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    # Shared rate-limit counters for every web process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

# Requests per minute on the public endpoints (0 switches a limit off): per API
# key, and per client address for browser calls (public keys, the link page).
CXLOOP_RATE_LIMIT_PER_KEY = envconf.env_int("CXLOOP_RATE_LIMIT_PER_KEY", 12_000)
CXLOOP_RATE_LIMIT_PER_IP = envconf.env_int("CXLOOP_RATE_LIMIT_PER_IP", 600)
# Days a shop delivery's raw body is kept after it was applied (0 keeps it
# for good); the row and its delivery id stay, so a late retry is still a
# duplicate.
CXLOOP_RAW_BODY_RETENTION_DAYS = envconf.env_int("CXLOOP_RAW_BODY_RETENTION_DAYS", 30)
# Behind a reverse proxy: the header carrying the client's address, e.g.
# X-Forwarded-For. Empty means the connection's own address.
CXLOOP_CLIENT_IP_HEADER = envconf.env_meta_header("CXLOOP_CLIENT_IP_HEADER")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": envconf.env_str("CXLOOP_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A line per task started and finished drowns the console of a busy
        # worker (the demo applies a thousand orders at start); failures are
        # still logged, with their traceback, at ERROR.
        "django_tasks": {"level": envconf.env_str("CXLOOP_TASK_LOG_LEVEL", "WARNING")},
        "django_tasks_db": {
            "level": envconf.env_str("CXLOOP_TASK_LOG_LEVEL", "WARNING")
        },
    },
}
