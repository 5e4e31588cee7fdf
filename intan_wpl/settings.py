"""Settings for the INTAN-WPL portal: one file, configured from the environment.

Every value that differs between a laptop and production comes from an environment
variable (or a `.env` file beside manage.py); see README.md for the list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from intan_wpl.profile_defaults import DEFAULT_PROFILE
from intan_wpl.security import totp_issuer

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key only exists with DEBUG on; production must bring its own.
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-dev-only-key-never-use-in-production" if DEBUG else environ.Env.NOTSET,
)

# The key of the NIP pseudonyms in the data pack (intan_wpl.exports.pseudonym): a key of its own,
# so rotating SECRET_KEY leaves the codes of packs already released unchanged. Production sets
# it once and keeps it; without it, pseudonymised exports are refused (never a fallback key).
PSEUDONYM_KEY = env("PSEUDONYM_KEY", default="dev-only-pseudonym-key" if DEBUG else "")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    # Django REST framework is used without being installed as an app: its Indonesian catalogue
    # would replace Django's own messages ("Bidang ini tidak boleh kosong.") on every form.
    "drf_spectacular",
    # The journey, in order: each app imports only the apps above it (import-linter, pyproject.toml).
    "intan_wpl",
    "pilots",
    "learning_needs",
    "learning_plans",
    "learning_records",
    "insights",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The instance profile's time zone for everything the request renders.
    "intan_wpl.middleware.InstanceTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "intan_wpl.middleware.SessionLifetimeMiddleware",
    "intan_wpl.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "intan_wpl.middleware.HostileInputMiddleware",
    "intan_wpl.middleware.NoStoreMiddleware",
    "intan_wpl.middleware.SubmitOnceMiddleware",
    "intan_wpl.drafts.DraftSavedMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intan_wpl.urls"
WSGI_APPLICATION = "intan_wpl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "intan_wpl.context_processors.navigation",
                "intan_wpl.context_processors.notifications",
                "intan_wpl.context_processors.session_timing",
                "intan_wpl.context_processors.instance",
                "intan_wpl.drafts.drafts",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# psycopg2 ignores Django's pool option: persistent connections (and PgBouncer) instead.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The instance profile, read on every request (intan_wpl.selectors.profile): the same backend as
# the default cache (Redis in production, so every app server sees a change at once), in its own
# key space; in memory it is a separate store that clearing the default cache leaves alone.
CACHES["instance"] = {**CACHES["default"], "KEY_PREFIX": "instance"}
if CACHES["instance"]["BACKEND"].endswith("LocMemCache"):
    CACHES["instance"]["LOCATION"] = "instance-profile"

AUTH_USER_MODEL = "intan_wpl.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "insights:home"
LOGOUT_REDIRECT_URL = "login"

# Tests set a fast hasher through the environment (pyproject.toml, [tool.pytest_env]).
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ],
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A repeated form (double click) waits this long for the first one's answer (SubmitOnceMiddleware).
SUBMIT_ONCE_WAIT_SECONDS = env.int("SUBMIT_ONCE_WAIT_SECONDS", default=10)

# Sessions end after 30 idle minutes (every request pushes the expiry forward), and in any case
# SESSION_ABSOLUTE_HOURS after sign-in. SESSION_IDLE_WARNING_SECONDS before the idle end, the
# page warns and offers to stay signed in, so nothing typed is lost (static/js/portal.js).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_HOURS", default=12) * 60 * 60
SESSION_IDLE_WARNING_SECONDS = env.int("SESSION_IDLE_WARNING_SECONDS", default=120)

# Second factor (django-otp, intan_wpl.services.second_factor): the roles that must use TOTP.
# The admin holds everything; "kepala_bpsdm" is the read-everything role of PRODUCT.md, counted
# here as soon as an account has it. Add "widyaiswara,kepala_opd" to require it of everyone.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["admin", "kepala_bpsdm"])
# The name beside the code in the authenticator app: by default "INTAN-WPL <agency short name>" of
# the instance profile (intan_wpl.security.totp_issuer), or the deployment's own name.
OTP_TOTP_ISSUER_NAME = env("OTP_TOTP_ISSUER", default="")
OTP_TOTP_ISSUER = totp_issuer
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# Background jobs (intan_wpl.celery, intan_wpl.services.jobs, docs/jobs.md). With a broker
# (production: redis://...) tasks go to `celery -A intan_wpl worker` processes; without one they run
# in-process at once, so `make run` and the tests need no Redis. A task is acknowledged only
# when it has finished and is handed back when its worker dies, so a restart loses no job; the
# broker gives an unacknowledged task to another worker after the visibility timeout.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Result files of finished jobs are deleted after this many days (manage.py cleanup_jobs, or the
# daily task below when `celery -A intan_wpl beat` runs); the job's row stays on record.
JOB_RESULT_DAYS = env.int("JOB_RESULT_DAYS", default=7)
CELERY_BEAT_SCHEDULE = {
    "cleanup-job-results": {"task": "intan_wpl.tasks.cleanup_job_results", "schedule": 24 * 60 * 60},
}

# django-axes: five failures for one username from one address lock that pair (never the
# username alone: nobody can lock the admin out from their own machine) until the lock expires.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_LOCKOUT_CALLABLE = "intan_wpl.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The client's address (intan_wpl.security.client_ip; docs/security.md). Behind a reverse proxy
# every request arrives from the proxy: set AXES_PROXY_COUNT to the number of proxies in front of
# the portal (1 for one nginx) and CLIENT_IP_HEADER to the header they append the client's
# address to (X-Forwarded-For by default; HTTP_X_REAL_IP for nginx's X-Real-IP). The address is
# read where the nearest proxy wrote it, so a client cannot choose it by sending the header
# itself. Without a proxy (the default) only REMOTE_ADDR counts.
CLIENT_IP_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="HTTP_X_FORWARDED_FOR")
AXES_CLIENT_IP_CALLABLE = "intan_wpl.security.client_ip"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("Bahasa Inggris"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Indonesian first: the UI language is LANGUAGE_CODE, not whatever the browser asks for
# (LocaleMiddleware would switch Django's own messages to English for an English browser).
FORMAT_MODULE_PATH = ["intan_wpl.formats"]
# Outside a request (commands, jobs) until the profile is read; every request activates the
# instance profile's zone (intan_wpl.middleware.InstanceTimeZoneMiddleware). Set TIME_ZONE to
# the profile's zone on a server so background jobs agree with the pages.
TIME_ZONE = env("TIME_ZONE", default=DEFAULT_PROFILE["time_zone"])
USE_I18N = True
USE_TZ = True
# Off on purpose: with it on, {{ obj.pk }} in an attribute renders as "1.405" and breaks ids in
# forms and htmx targets. Numbers people read are grouped explicitly: |intcomma or floatformat:"g".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads above this size are refused by the forms that accept files.
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=20)
# An uploaded XLSX is refused before it is read when it unpacks to more than this, or holds more
# cells (intan_wpl.uploads.check_xlsx_limits): a 20,000-row roster unpacks to about 10 MB.
XLSX_MAX_UNPACKED_MB = env.int("XLSX_MAX_UNPACKED_MB", default=50)
XLSX_MAX_CELLS = env.int("XLSX_MAX_CELLS", default=1_500_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
# Base address used in links inside emails (e.g. https://wpl.bpsdm.example.go.id).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000" if DEBUG else "")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="INTAN-WPL <noreply@localhost>")
# A mail server that does not answer gives up after this many seconds (then the task retries).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy: nothing from other hosts and no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Domain settings the BPSDM admin may tune per deployment (DOMAIN.md: never constants in code).
INTAN_WPL = {
    "JP_MINUTES": 45,
    "PNS_MIN_JP_PER_YEAR": 20,
    "PPPK_MAX_JP_PER_YEAR": 24,
    # The installable web app's service worker (work without signal). Off in the test suite
    # (pyproject.toml): its background fetches would run beside every browser test's own
    # requests against the live server's single in-memory SQLite connection. Its own browser
    # tests switch it on.
    "OFFLINE_APP": env.bool("OFFLINE_APP", default=True),
}

# The read-only JSON API (learning_records/views/api.py): JSON only (no browsable pages), each
# view names its own token authentication; anything else is refused by default.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI schema describes the interface only (no data): served to anyone at /api/v1/skema/.
SPECTACULAR_SETTINGS = {
    "TITLE": "INTAN-WPL API",
    "DESCRIPTION": "API baca-saja: JP per NIP dan periode, pengembangan kompetensi yang selesai.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}
