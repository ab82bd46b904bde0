"""Settings for Gouden Poort, read from environment variables with safe development defaults.

See README.md ("Configuration") for every variable.
"""

import json
import os
import re
import sys
from email.utils import getaddresses
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def stop(message: str) -> NoReturn:
    """End start-up with one line that names the variable, not a traceback."""
    sys.exit(f"Gouden Poort cannot start: {message}")


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    stop(f"{name} must be 1 or 0 (true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        stop(f"{name} must be a whole number, not {value!r}")


def env_seconds(name: str, default: int) -> int:
    seconds = env_int(name, default)
    if seconds <= 0:
        stop(f"{name} must be a number of seconds above 0, not {seconds}")
    return seconds


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    if value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def admins_from_env(value: str) -> list[tuple[str, str]]:
    """ADMINS="Beheer <beheer@example.nl>, ict@example.nl" as Django's (name, address) pairs."""
    admins = [(name or address, address) for name, address in getaddresses([value]) if address]
    if value.strip() and not all("@" in address for _, address in admins):
        stop(f"ADMINS must be e-mail addresses separated by commas, not {value!r}")
    return admins


def database_from_env(url: str | None) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        stop(f"DATABASE_URL must start with postgres:// or sqlite://, not {scheme or 'nothing'}://")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several kinds for a malformed URL
        stop(f"DATABASE_URL cannot be read: {error}")
    if scheme != "sqlite" and not config.get("NAME"):
        stop("DATABASE_URL names no database (postgres://user@host/NAME)")
    return config


def redis_url_from_env(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        stop("REDIS_URL has a port that is not a number")
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        stop("REDIS_URL must look like redis://host:6379/0")
    return url


def _read_environment() -> dict:
    debug = env_bool("DEBUG", True)
    secret_key = os.environ.get("SECRET_KEY", "")
    if not secret_key:
        if not debug:
            stop("SECRET_KEY must be set when DEBUG is off")
        secret_key = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
    return {
        "debug": debug,
        "secret_key": secret_key,
        "database": database_from_env(os.environ.get("DATABASE_URL")),
        "redis_url": redis_url_from_env(os.environ.get("REDIS_URL")),
        "email_port": env_int("EMAIL_PORT", 25),
        "email_use_tls": env_bool("EMAIL_USE_TLS", False),
        "ssl_redirect": env_bool("SECURE_SSL_REDIRECT", True),
        "hsts_seconds": env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365),
        "behind_tls_proxy": env_bool("BEHIND_TLS_PROXY", True),
        "staff_idle_timeout": env_seconds("STAFF_IDLE_TIMEOUT", 30 * 60),
        "staff_session_max_age": env_seconds("STAFF_SESSION_MAX_AGE", 10 * 60 * 60),
    }


_env = _read_environment()

DEBUG = _env["debug"]
SECRET_KEY = _env["secret_key"]
REDIS_URL = _env["redis_url"]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "poort",
    "poort.front",
    "poort.api",
    "regions",
    "funding",
    "trajectories",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "poort.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "poort.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON gzipped for clients that accept it, after everything below has written
    # the body (Django >= 4.2 pads the gzip header at random against BREACH). Static files
    # never reach it: whitenoise above answers them, already compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "poort.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "poort.middleware.SignedInSessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "poort.middleware.CachedPolicyCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "poort.urls"
WSGI_APPLICATION = "poort.wsgi.application"
ASGI_APPLICATION = "poort.asgi.application"

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
                "poort.seo.page_links",
            ],
        },
    },
]

DATABASES = {"default": _env["database"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else memory of this process. While Redis is down the
# cache (and the rate limits counted in it) falls back to this process's memory
# (poort/cache.py, docs/resilience.md); the short timeouts keep a page from waiting for it.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "poort.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "poort",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Users and sign-in
AUTH_USER_MODEL = "poort.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/dashboard/"
LOGIN_URL = "/accounts/login/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Gouden Poort] "
ACCOUNT_EMAIL_NOTIFICATIONS = True
# One address per person; a new one replaces it once its link is followed. Everyone with
# two-factor may add it unverified (allauth blocks that by default), or staff could never
# change their address; signing in needs a verified address all the same.
ACCOUNT_CHANGE_EMAIL = True
MFA_ALLOW_UNVERIFIED_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
# Failed sign-ins: at most 10 a minute and 60 an hour from one client, and 5 per 15 minutes
# for one e-mail address from one client (the key is address and client: poort.access), so
# nobody can lock a staff member out from elsewhere. Counted in the cache (docs/signin.md).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,60/h/ip,5/15m/key"}
# Changing e-mail, password or two-factor needs a sign-in no older than this (seconds).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
ACCOUNT_ADAPTER = "poort.access.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Gouden Poort"
MFA_TOTP_TOLERANCE = 1  # also accept the code of the 30 seconds before or after: clock drift
MFA_RECOVERY_CODE_COUNT = 10
# Signed-in sessions end after this long without a request, and this long after sign-in.
STAFF_IDLE_TIMEOUT = _env["staff_idle_timeout"]
STAFF_SESSION_MAX_AGE = _env["staff_session_max_age"]

# Internationalisation: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language, the month written out (poort/formats/).
FORMAT_MODULE_PATH = ["poort.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves them, compressed and with hashed names.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "poort.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env["ssl_redirect"]
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = _env["hsts_seconds"]
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if _env["behind_tls_proxy"]:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# E-mail: SMTP when EMAIL_HOST is set, else printed on the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = _env["email_port"]
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env["email_use_tls"]
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Gouden Poort <noreply@goudenpoort.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Notification outbox (docs/outbox.md); times in seconds.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
OUTBOX_RETRY_DELAY = env_int("OUTBOX_RETRY_DELAY", 60)
OUTBOX_RETRY_DELAY_MAX = env_int("OUTBOX_RETRY_DELAY_MAX", 60 * 60)
OUTBOX_SWEEP_AFTER = env_int("OUTBOX_SWEEP_AFTER", 60)
OUTBOX_SWEEP_EVERY = env_seconds("OUTBOX_SWEEP_EVERY", 30)
OUTBOX_SWEEP_BATCH = env_int("OUTBOX_SWEEP_BATCH", 200)
# A claim older than this belongs to a dead worker. It must outlast the send task's hard time
# limit (60 s), after which Celery kills a live worker's task; with the sweep every 30 s a
# killed worker's e-mails go out at most 105 s later (docs/outbox.md).
OUTBOX_CLAIM_TIMEOUT = env_int("OUTBOX_CLAIM_TIMEOUT", 75)
# Webhook deliveries, the outbox's second channel (docs/api.md, "Webhooks"): each try waits at
# most this long to connect and for the answer; plain http only to this machine, in DEBUG.
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
WEBHOOK_ALLOW_LOCAL_HTTP = env_bool("WEBHOOK_ALLOW_LOCAL_HTTP", DEBUG)

# Celery: Redis as broker when REDIS_URL is set; without it tasks run in this process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 60
if OUTBOX_CLAIM_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    stop(
        f"OUTBOX_CLAIM_TIMEOUT must be longer than the task time limit ({CELERY_TASK_TIME_LIMIT} s)"
    )
CELERY_TASK_SOFT_TIME_LIMIT = 45
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long a web request waits to enqueue when Redis is down before the outbox leaves the
# row to its sweep (docs/outbox.md, measured): refused <0.5 s, unreachable ~2.5 s, hung ~4.5 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-outbox": {
        "task": "poort.tasks.sweep_outbox",
        "schedule": float(OUTBOX_SWEEP_EVERY),
        "options": {"expires": OUTBOX_SWEEP_EVERY - 1},
    },
    "remind-desks-of-overdue-referrals": {
        "task": "trajectories.tasks.remind_overdue_referrals",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon-fri"),
    },
    "send-due-check-ins": {
        "task": "trajectories.tasks.send_due_check_ins",
        "schedule": crontab(minute=0, hour=9),
    },
    "anonymise-expired-candidates": {
        "task": "trajectories.tasks.anonymise_expired_candidates",
        "schedule": crontab(minute=30, hour=3),
    },
    "clear-expired-sessions": {
        "task": "poort.tasks.clear_expired_sessions",
        "schedule": crontab(minute=45, hour=3),
    },
    "refresh-catalogue-index": {
        "task": "trajectories.tasks.refresh_catalogue_index",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 290},
    },
    "sync-course-feeds": {
        "task": "trajectories.tasks.sync_course_feeds",
        "schedule": crontab(minute=15, hour=2),
    },
    "update-scheme-statuses": {
        "task": "funding.tasks.update_scheme_statuses",
        "schedule": crontab(minute=5, hour=0),
    },
}

# Course feeds imported every night (docs/imports.md), as JSON, e.g.
# [{"format": "edudex", "url": "https://…/programs.json", "default_sector": "elektrotechniek"}].
# Empty: the nightly sync does nothing.
try:
    COURSE_FEEDS: list = json.loads(os.environ.get("COURSE_FEEDS") or "[]")
except ValueError:
    COURSE_FEEDS = None  # type: ignore[assignment]
if not isinstance(COURSE_FEEDS, list):
    stop("COURSE_FEEDS must be a JSON list of feeds")

# Orientation intake: final submissions per client address ("5/h"), and how many months
# after a referral closes the person's data is anonymised.
INTAKE_RATE_LIMIT = _rate = os.environ.get("INTAKE_RATE_LIMIT", "5/h")
if not re.fullmatch(r"[0-9]+/[0-9]*[smhd]", _rate):
    stop(f"INTAKE_RATE_LIMIT must look like 5/h, not {_rate}")
RETENTION_MONTHS = env_int("RETENTION_MONTHS", 24)

# The organisation behind the site, as the statements and the contact page name it
# (/toegankelijkheid/, /privacy/, /contact/). Production sets the real facts (README); an
# empty address, KvK number or provider name is left out of the pages.
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Gouden Poort")
ORGANISATION_ADDRESS = os.environ.get("ORGANISATION_ADDRESS", "")
ORGANISATION_KVK = os.environ.get("ORGANISATION_KVK", "")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@goudenpoort.nl")
ACCESSIBILITY_EMAIL = os.environ.get("ACCESSIBILITY_EMAIL", "toegankelijkheid@goudenpoort.nl")
PRIVACY_EMAIL = os.environ.get("PRIVACY_EMAIL", "privacy@goudenpoort.nl")
PRIVACY_OFFICER_EMAIL = os.environ.get("PRIVACY_OFFICER_EMAIL", "fg@goudenpoort.nl")
HOSTING_PROVIDER = os.environ.get("HOSTING_PROVIDER", "")
EMAIL_PROVIDER = os.environ.get("EMAIL_PROVIDER", "")
# How long the hosting keeps the server logs; the privacy statement names it.
LOG_RETENTION_DAYS = env_int("LOG_RETENTION_DAYS", 30)
# Reverse proxies of our own in front of the site (0 in development): rate limits count the
# address that the outermost of them saw (poort/clientip.py).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
RATELIMIT_IP_META_KEY = "poort.clientip.client_ip"
# Requests to /api/v1/ per address without a partner key, and per partner key (docs/api.md).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/m")
API_KEY_RATE_LIMIT = os.environ.get("API_KEY_RATE_LIMIT", "1200/m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "poort.logs.RedactTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own handlers are replaced by ours, so every line passes the token filter.
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Error reports, without personal data (poort/reporting.py): to Sentry or GlitchTip when
# SENTRY_DSN is set; else, when ADMINS is set, errors of requests and tasks by e-mail to them.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
ADMINS = admins_from_env(os.environ.get("ADMINS", ""))
if SENTRY_DSN:
    from poort.reporting import start_error_reports

    _environment = "development" if DEBUG else "production"
    start_error_reports(
        SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT") or _environment
    )
elif ADMINS:
    LOGGING["handlers"]["mail_admins"] = {
        "class": "poort.reporting.AdminEmailHandler",
        "level": "ERROR",
        "filters": ["redact_tokens"],
    }
    LOGGING["loggers"]["django.request"] = {"handlers": ["mail_admins"]}
    LOGGING["loggers"]["celery.app.trace"] = {"handlers": ["mail_admins"]}
