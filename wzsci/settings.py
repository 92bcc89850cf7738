"""wzsci settings: one module, read from the environment (see .env.example).

The defaults are the embedded set-up that `make run` uses: an SQLite file inside the project and
Celery tasks run in-process. Production sets DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).
"""

import os
from pathlib import Path

import dj_database_url
import plotly
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# Tiny typed readers: a malformed value stops the start-up with a message naming the variable,
# rather than running with a silently wrong setting.
def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only for the embedded development set-up; production must set its own.
    SECRET_KEY = "dev-only-insecure-key-wzsci"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "wzsci.staticfiles.WzsciStaticFilesConfig",  # django.contrib.staticfiles, less plotly's extras
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",  # its system checks of CONTENT_SECURITY_POLICY
    "common",  # no models: its template filters (common/templatetags/display.py)
    "indicators",
    "proposals",
]

MIDDLEWARE = [
    # First: a NUL byte in the URL is a 404 before anything reads the request (docs/security.md).
    "wzsci.middleware.RefuseNulInURLMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wzsci.urls"
WSGI_APPLICATION = "wzsci.wsgi.application"

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
                "django.template.context_processors.i18n",
                "wzsci.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_float("DATABASE_CONN_MAX_AGE", 60)),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
# Seconds the cache's Redis client waits to connect and for an answer: a hung Redis then costs a
# request this long (once per WZSCI_THROTTLE_RETRY_SECONDS), not the system's TCP timeout.
WZSCI_REDIS_TIMEOUT = env_float("WZSCI_REDIS_TIMEOUT", 1)
# After the throttle's counter failed, seconds before it is asked again (requests pass meanwhile).
WZSCI_THROTTLE_RETRY_SECONDS = env_float("WZSCI_THROTTLE_RETRY_SECONDS", 10)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": WZSCI_REDIS_TIMEOUT,
                "socket_timeout": WZSCI_REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The password policy (docs/security.md, "Deployment"): at least 10 characters, not one of
# Django's 20,000 common passwords, not digits only (20262026), not the published demo password.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "wzsci.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "wzsci.passwords.KnownPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Repeated failed logins lock the username + address out for a while (django-axes).
AXES_FAILURE_LIMIT = int(env_float("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HOURS", 0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files: served by WhiteNoise, from the app folders and from the installed plotly package
# (plotly.min.js), so that no page ever loads a script from the internet.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/plotly", Path(plotly.__file__).parent / "package_data"),
]
# In production (STATIC_MANIFEST=1, after `collectstatic`) every file is served from STATIC_ROOT
# under its hashed name, with its gzip and brotli copies (whitenoise[brotli]) and a far-future,
# immutable cache header; the finders (the source folders, uncompressed) are then not needed.
# Without the manifest (development, tests) files come straight from the finders.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", not STATIC_MANIFEST)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads: an Excel sheet of a year's actuals is small; anything past this is refused early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WZSCI_MAX_IMPORT_BYTES = int(env_float("WZSCI_MAX_IMPORT_BYTES", 10 * 1024 * 1024))
# Text pasted or read from an upload for the figure check (UTF-8 bytes): a long 通报 is ~50 KB.
WZSCI_MAX_PASTE_BYTES = int(env_float("WZSCI_MAX_PASTE_BYTES", 200 * 1024))
# Input limits (docs/security.md, "Input limits"): a .docx or .xlsx is refused from its zip
# directory when it would expand past this size or this ratio; a sheet past this many rows is
# refused while it is read (streaming); a JSON body nested deeper than this is a 400.
WZSCI_MAX_UNCOMPRESSED_BYTES = int(env_float("WZSCI_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024))
WZSCI_MAX_COMPRESSION_RATIO = int(env_float("WZSCI_MAX_COMPRESSION_RATIO", 100))
WZSCI_MAX_IMPORT_ROWS = int(env_float("WZSCI_MAX_IMPORT_ROWS", 50_000))
WZSCI_MAX_JSON_DEPTH = int(env_float("WZSCI_MAX_JSON_DEPTH", 32))

# Celery. With no broker configured, tasks run in-process (the embedded default), so a single
# `make run` needs neither Redis nor a worker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died mid-run (killed, out of memory) goes back to the queue rather
# than being acknowledged and dropped (docs/recompute.md, "When a worker dies").
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A save must not hang when the broker is down: publish fails fast, the snapshot is marked
# stale, and the periodic full recompute catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 2.0)
# A message taken by a worker that then died unacknowledged is given to another worker after the
# visibility timeout (Redis's default is an hour). Shorter than the ten-minute catch-up, longer than
# the longest task (the nightly full recompute) and the longest retry countdown (5 minutes), so a
# running task is not handed out twice. Workers look for such messages every restore interval.
CELERY_BROKER_VISIBILITY_TIMEOUT = env_float("CELERY_BROKER_VISIBILITY_TIMEOUT", 480)
CELERY_BROKER_RESTORE_INTERVAL = env_float("CELERY_BROKER_RESTORE_INTERVAL", 10)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": CELERY_BROKER_RESTORE_INTERVAL,
    "unacked_restore_throttle": 1,
}
# The worker reconnects to a restarted broker however long it takes, at start-up too
# (docs/security.md, "Faults").
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    # The nightly full recompute: catches up anything a lost message or a down broker missed.
    "recompute-all-progress": {
        "task": "indicators.progress.tasks.recompute_all_progress",
        "schedule": crontab(hour=2, minute=15),
    },
    # Every ten minutes: recompute whatever was marked stale because the broker was unreachable.
    "recompute-stale-progress": {
        "task": "indicators.progress.tasks.recompute_stale_progress",
        "schedule": crontab(minute="*/10"),
    },
    # Daily: proposal commitments whose deadline passed turn overdue (proposals/tracking.py).
    "refresh-commitments": {
        "task": "proposals.tasks.refresh_commitments",
        "schedule": crontab(hour=2, minute=45),
    },
}

# Progress engine thresholds (docs/progress.md). Settings, so that a bureau can tune them.
WZSCI_PROGRESS = {
    "tolerance": env_float("WZSCI_PROGRESS_TOLERANCE", 0.05),
    "on_track": env_float("WZSCI_PROGRESS_ON_TRACK", 0.95),
    "needs_acceleration": env_float("WZSCI_PROGRESS_NEEDS_ACCELERATION", 0.60),
    "rollup_tolerance": env_float("WZSCI_PROGRESS_ROLLUP_TOLERANCE", 0.01),
}
# 序时进度 (docs/progress.md, "Reporting periods and 序时进度"): a period is 超序时 at a pace ratio
# of at least 1 + band, 符合序时 at 1 − band or more, else 落后序时.
WZSCI_PACE = {"band": env_float("WZSCI_PACE_BAND", 0.05)}
# How the apps follow each other without importing each other (docs/architecture.md): the
# catalogue's seed loader runs these after its own steps, and a recompute calls these with the
# indicator ids it recomputed (None for all).
WZSCI_SEED_EXTENSIONS = ["proposals.seed.load_proposals", "proposals.seed_handling.load_handlings"]
WZSCI_AFTER_RECOMPUTE = ["proposals.tracking.refresh_commitments"]
# For tests only: functions a recompute calls inside its transaction, after reading its input and
# before writing (tests/integration/gate.py holds a worker there to kill it mid-recompute).
WZSCI_DURING_RECOMPUTE = env_list("WZSCI_DURING_RECOMPUTE", "")
WZSCI_BASELINE_YEAR = 2022
WZSCI_FINAL_YEAR = 2027
# Data entry: a change of more than this share against last year needs an explanation.
WZSCI_OUTLIER_SHARE = env_float("WZSCI_OUTLIER_SHARE", 0.5)
# The reporting calendar (docs/reporting.md, indicators/entry/calendar.py): a monthly, quarterly or
# half-year figure is due on this day of the following month; a year's 快报 by the end of
# FLASH_MONTH of the next year, its 年报 by the end of FINAL_MONTH; "due soon" within SOON_DAYS.
WZSCI_DUE_PERIOD_DAY = int(env_float("WZSCI_DUE_PERIOD_DAY", 15))
WZSCI_DUE_FLASH_MONTH = int(env_float("WZSCI_DUE_FLASH_MONTH", 2))
WZSCI_DUE_FINAL_MONTH = int(env_float("WZSCI_DUE_FINAL_MONTH", 9))
WZSCI_DUE_SOON_DAYS = int(env_float("WZSCI_DUE_SOON_DAYS", 14))
# Four eyes: nobody approves or returns a value or report they entered or last changed. Off (0)
# only for an office where one person both enters and reviews.
WZSCI_FOUR_EYES = env_bool("WZSCI_FOUR_EYES", True)
# Proposal replies: a reported figure further than this share from the approved actual is flagged.
WZSCI_FIGURE_TOLERANCE = env_float("WZSCI_FIGURE_TOLERANCE", 0.005)
# Proposal handling (docs/proposals.md): the reply is due this many months after assignment
# (交办), a second handling (重新办理) this many months after it is ordered; a proposal whose
# deadline is this many days away or fewer is shown as due soon.
WZSCI_PROPOSAL_DEADLINE_MONTHS = int(env_float("WZSCI_PROPOSAL_DEADLINE_MONTHS", 3))
WZSCI_PROPOSAL_REHANDLING_MONTHS = int(env_float("WZSCI_PROPOSAL_REHANDLING_MONTHS", 1))
WZSCI_PROPOSAL_DUE_SOON_DAYS = int(env_float("WZSCI_PROPOSAL_DUE_SOON_DAYS", 15))
# Publication: the public page of each session's replies (no login). Off: it answers 404.
# With the full text on, each reply's text is shown (contact phone numbers always removed).
WZSCI_PROPOSALS_PUBLIC = env_bool("WZSCI_PROPOSALS_PUBLIC", False)
WZSCI_PROPOSALS_PUBLIC_FULL_TEXT = env_bool("WZSCI_PROPOSALS_PUBLIC_FULL_TEXT", False)

# The REST API (indicators/api/). Token per client or browser session; one error shape
# (indicators/api/exceptions.py); rates per token from the environment.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token scheme first: its challenge makes an unauthenticated request a 401.
        "indicators.api.auth.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "indicators.api.permissions.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "indicators.api.auth.throttling.TokenRateThrottle",
        "indicators.api.auth.throttling.SessionUserRateThrottle",
        "indicators.api.auth.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("WZSCI_API_RATE_TOKEN", "1200/min"),
        "user": env_str("WZSCI_API_RATE_USER", "1200/min"),
        "anon": env_str("WZSCI_API_RATE_ANON", "60/min"),
    },
    "DEFAULT_FILTER_BACKENDS": ["indicators.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "indicators.api.pagination.ApiPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser with a nesting limit (WZSCI_MAX_JSON_DEPTH): a deep body is a 400.
    "DEFAULT_PARSER_CLASSES": ["indicators.api.parsers.DepthLimitedJSONParser"],
    "EXCEPTION_HANDLER": "indicators.api.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "indicators.api.schema.ApiAutoSchema",
    "URL_FORMAT_OVERRIDE": "format",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "indicators.api.renderers.ContentNegotiation",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# How long a server process remembers an API token (with its user) between requests: a revoked
# token is refused everywhere within this time (indicators/catalogue/services/tokens.py). 0: read it every time.
WZSCI_API_TOKEN_CACHE_SECONDS = env_float("WZSCI_API_TOKEN_CACHE_SECONDS", 2)
# An export (?format=csv|xlsx) without limit/offset holds at most this many rows.
WZSCI_API_EXPORT_MAX_ROWS = int(env_float("WZSCI_API_EXPORT_MAX_ROWS", 100_000))
SPECTACULAR_SETTINGS = {
    "TITLE": "wzsci 接口（温州科技创新政策目标跟踪系统）",
    "DESCRIPTION": (
        "指标进展状态、目标值、实际值、任务与进展报告。认证：请求头 `Authorization: Token <密钥>`"
        "（令牌由系统管理员创建），或浏览器登录会话。错误统一为 "
        '`{"error": {"code", "message", "message_en", "details"}}`。'
        "列表支持 `?format=csv` 和 `?format=xlsx`。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to the public validator service: deployments are on intranets.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "indicators.models.Region.Kind",
        "UnitKindEnum": "indicators.models.Unit.Kind",
        "TaskKindEnum": "indicators.models.Task.Kind",
        "IndicatorKindEnum": "indicators.models.Indicator.Kind",
        "IndicatorCategoryEnum": "indicators.models.Indicator.Category",
        "WorkflowStateEnum": "indicators.models.WorkflowState",
        "TaskReportStatusEnum": "indicators.models.TaskReport.Status",
        "YearStatusEnum": "indicators.models.ProgressSnapshot.YearStatus",
        "OutlookStatusEnum": "indicators.models.ProgressSnapshot.Outlook",
        "TargetSourceEnum": "indicators.models.ProgressSnapshot.TargetSource",
    },
}

# Deployment (docs/security.md, "Deployment"). The defaults suit `make run` on plain HTTP;
# .env.example gives the production values, under which `manage.py check --deploy` is clean.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
# Offices share computers: a login lasts a working day and ends when the browser closes.
SESSION_COOKIE_AGE = int(env_float("WZSCI_SESSION_HOURS", 8) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("WZSCI_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env_float("WZSCI_HSTS_SECONDS", 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WZSCI_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("WZSCI_HSTS_PRELOAD", False)
# Behind a reverse proxy that ends TLS (and sets X-Forwarded-Proto itself): trust its header,
# so that the SSL redirect and secure cookies see the request as HTTPS.
if env_bool("WZSCI_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp), on every response, in development too so that the
# browser tests see it: scripts only from our own static files (no inline script, no inline
# event handler, no eval). Styles may be inline: plotly.js and Swagger UI write <style> rules.
# MapLibre (the county map) starts its web worker from a blob: URL; Plotly's PNG download
# and the favicon are data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
