"""Settings for every environment, read from environment variables (see README, "Configuration")."""
from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from grassroots.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if not DEBUG and len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters when DEBUG is false")
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    # Development only: a random key kept outside git so logins survive runserver reloads.
    path = Path(env_str("DEV_SECRET_KEY_FILE", str(BASE_DIR / "var" / "dev-secret-key")))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entries need a scheme (https://...), not {_origin!r}")

INSTALLED_APPS = [
    "grassroots.accounts",
    "grassroots.jobs",
    "grassroots.mail",
    "grants",
    "engagement",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication, so its 404 page knows who is signed in.
    "grassroots.middleware.RefuseNulBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "grassroots.middleware.ContentSecurityPolicyMiddleware",
    # Axes last so it sees the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "grassroots.urls"
WSGI_APPLICATION = "grassroots.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "grassroots.navigation.context_processor",
            ],
            # |govuk_date, |govuk_time, |govuk_datetime in every template without a {% load %}.
            "builtins": ["grassroots.templatetags.dates", "grassroots.templatetags.words"],
        },
    },
]

# --- Database: DATABASE_URL, or an embedded SQLite file for a quick start. ---
DATABASE_URL = env_url(
    "DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}", schemes=("postgres", "postgresql", "sqlite")
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache. Without it, tasks run in-process and the cache is local memory. ---
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # in-process: time limits do not apply (they need a worker)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # results live on Job rows, which the UI polls
# Late ack: a job whose worker dies mid-file is redelivered rather than lost; every task is safe to run twice.
# task_reject_on_worker_lost stays off: a file whose making kills the process (out of memory) would otherwise be
# redelivered to every worker in turn; it is acknowledged, and the sweeper fails its job.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # with late ack, a worker holds no more messages than it is running
# The hard limit kills the process making the file; the soft limit comes first, so the job fails with a plain reason
# ("took longer than 9 minutes") instead of a kill. Jobs the hard kill or a dead worker leave behind are failed by
# the jobs app's sweeper (beat, every few minutes).
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", CELERY_TASK_TIME_LIMIT * 9 // 10, minimum=1)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_TASK_SOFT_TIME_LIMIT ({CELERY_TASK_SOFT_TIME_LIMIT}) must be below CELERY_TASK_TIME_LIMIT "
        f"({CELERY_TASK_TIME_LIMIT}), so a job stops with a message before it is killed")
# Redis redelivers an unacknowledged message after the visibility timeout. It must outlast the longest run, or a
# job still being made would be handed to a second worker.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", max(3600, 2 * CELERY_TASK_TIME_LIMIT),
                                    minimum=CELERY_TASK_TIME_LIMIT + 1)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# WeasyPrint's memory grows with each large PDF: a pool process is replaced after this many tasks, or sooner once it
# holds this many KiB, so one worker never slowly fills the machine.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50, minimum=1)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 600_000, minimum=50_000)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# No CELERY_BEAT_SCHEDULE here: each app schedules its own periodic tasks (grassroots.celery.add_periodic).
JOB_RESULT_DAYS = env_int("JOB_RESULT_DAYS", 7, minimum=1)  # finished files are deleted after this many days
# The outbox: a job or e-mail still waiting this long after it was due is handed to the broker again by the
# dispatcher (beat, every minute, and each worker at start-up); the downloads page then says it waits for the service.
OUTBOX_GRACE_SECONDS = env_int("OUTBOX_GRACE_SECONDS", 60, minimum=1)

# --- Auth ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out login may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "grassroots.accounts.emails.axes_username"  # one count per address, whatever its case
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=300)
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "grassroots.views.csrf_failure"

# --- Security: on by default whenever DEBUG is off. ---
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading commits the whole parent domain (often an NHS or council domain that is not ours) to https for
# years and is hard to undo, so it stays an explicit opt-in and its "not preloaded" advice is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container health checks speak plain http
# Monitoring sends this in an X-Healthz-Token header to see /healthz's per-check detail; empty: only
# administrators (is_staff) see it, everyone else gets ok/unavailable.
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- E-mail ---
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Grassroots <noreply@grassroots.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)  # seconds a worker waits on the mail server per attempt
# A refused e-mail is tried again after EMAIL_RETRY_SECONDS, then twice as long each time (at most an hour between),
# EMAIL_MAX_ATTEMPTS times in all (about three hours by default); then it is listed as failed for administrators.
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 10, minimum=1)
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 30, minimum=1)
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# --- Static and uploaded files ---
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through access-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- 360Giving open data: the publisher prefix 360Giving issued, and where the published file will live. ---
GIVING360_PREFIX = env_str("GIVING360_PREFIX").rstrip("-")
if GIVING360_PREFIX and not (GIVING360_PREFIX.startswith("360G-") and len(GIVING360_PREFIX) > len("360G-")
                             and all(ch.isalnum() or ch in "-_" for ch in GIVING360_PREFIX)):
    raise ImproperlyConfigured("GIVING360_PREFIX must be the prefix 360Giving issued you, like "
                               f"360G-healthwatchlambeth; got {GIVING360_PREFIX!r}")
GIVING360_DATA_SOURCE = env_url("GIVING360_DATA_SOURCE", "", schemes=("https", "http"))

# --- Forms ---
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms-gds styles only text, email and password inputs; number, time, URL and other inputs would render
# as bare browser boxes (tiny, no GOV.UK border or focus style).
CRISPY_CLASS_CONVERTERS = dict.fromkeys(
    ("numberinput", "timeinput", "dateinput", "datetimeinput", "urlinput", "telinput", "searchinput"), "govuk-input")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
FORMAT_MODULE_PATH = ["grassroots.format_modules"]  # "9 December 2026" for Django's own date output too
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    # WeasyPrint logs every step of every PDF at INFO; its warnings (a refused fetch) still show.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                # In-process (no Redis) every task's "succeeded" line would land in the web server's output, hundreds
                # of them while the demo loads; a worker's own log keeps them.
                **({} if REDIS_URL else {"celery.app.trace": {"level": "WARNING"}})},
}
