"""Settings, read from the environment with defaults that run on one machine.

With nothing set, the portal uses a SQLite file under ``var/``, runs Celery tasks in
process, prints email to the console and serves static files from ``node_modules`` and
``static/``. Production sets ``DJANGO_DEBUG=false``, a real ``DJANGO_SECRET_KEY``,
``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``EMAIL_URL``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the embedded SQLite database and media live here

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
_DEV_SECRET = "insecure-development-key-for-the-embedded-portal-only"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production refuses the development key.")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",  # API tokens: hashed, expiring, several per person (accounts.ApiToken)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served locally, not from a CDN
    "django_filters",
    "django_htmx",
    "guardian",
    "django_celery_beat",
    "django_celery_results",
    "axes",  # locks sign-in after repeated failures
    "accounts",
    "programs",
    "charter",
    "raci",
    "ivv",
    "pmp",
    "qasp",
    "schedule",
    "reports",
    "lessons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy, see CONTENT_SECURITY_POLICY
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The portal's 404 page with DEBUG on too (Django's technical page otherwise).
    "pmo_portal.middleware.NotFoundPageMiddleware",
    # Emails queued while serving a request link to the address it was served at.
    "programs.links.RequestBaseUrlMiddleware",
    # Last: turns a sign-in refused by the lock into the lockout page or API error.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pmo_portal.urls"
WSGI_APPLICATION = "pmo_portal.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pmo_portal.sqlite3'}"),
}
# A new PostgreSQL connection per request costs far more than the request itself.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded SQLite under concurrent requests: readers never wait for the writer (WAL),
    # a writer waits for the other rather than failing with "database is locked" (timeout),
    # and every transaction takes the write lock when it begins (IMMEDIATE), so a transaction
    # that read before writing cannot deadlock on upgrading its lock; the later of two
    # conflicting saves then gets the same refusal as on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache (API throttling counts): CACHE_URL, e.g. redis://127.0.0.1:6379/1, shared by every
# web process; otherwise memory local to each process (embedded default). Not REDIS_URL: the
# test suite sets that for its broker round trip, and tests must not share throttling counts.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked sign-ins before any check
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous requests log in first.
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "programs:program-list"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lockout (django-axes), for the login page and /api/auth/token/ alike. After
# LOGIN_FAILURE_LIMIT failures for one username (guessing one account's password from many
# addresses) or from one address (trying passwords across accounts), further attempts are
# refused for LOGIN_LOCKOUT_MINUTES, counted again from each attempt made meanwhile. Failures
# are rows in the database, so a lock survives a restart and holds across web processes.
# Lift one with `manage.py axes_reset_username <name>` or `axes_reset_ip <address>`.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# Proxies in front of the portal that append to X-Forwarded-For (the TLS proxy: 1). With 0 the
# address is REMOTE_ADDR; behind a proxy that would count every person as the proxy.
PMO_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package.json) and are served from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("uswds", BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# Uploaded files (attachments, imports waiting for their job): on disk under MEDIA_ROOT by
# default, or in an S3-compatible object store (ATTACHMENTS_STORAGE=s3, django-storages).
# Either way they are never served at a public URL: MEDIA_URL is routed nowhere, and files
# reach people only through the access-checked download view (programs.views.attachments).
ATTACHMENTS_STORAGE = env.str("ATTACHMENTS_STORAGE", default="filesystem")
if ATTACHMENTS_STORAGE == "filesystem":
    _FILE_STORAGE: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif ATTACHMENTS_STORAGE == "s3":
    _FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Unset: boto3 finds credentials itself (instance role, ~/.aws, its variables).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # Private objects; a name is never reused (each attachment has its own folder).
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(
        f"ATTACHMENTS_STORAGE is filesystem or s3, not {ATTACHMENTS_STORAGE!r}."
    )
STORAGES = {
    "default": _FILE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PMO Portal <pmo-portal@localhost>")
# Links in emails: this address when set, else the one the queuing request was served at
# (programs.links).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="")
# How long a create's idempotency key (a form's hidden key, the API's Idempotency-Key header)
# is remembered: a repeat within it replays the first answer instead of creating again.
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)

# Celery: without a broker the portal runs its jobs in process (embedded default).
_broker = env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = _broker or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not _broker)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs, written into django-celery-beat's schedule when beat starts.
CELERY_BEAT_SCHEDULE = {
    "ivv-overdue-findings": {
        "task": "ivv.tasks.notify_overdue_findings",
        "schedule": crontab(hour=6, minute=0),
    },
    "qasp-overdue-cars": {
        "task": "qasp.tasks.notify_overdue_cars",
        "schedule": crontab(hour=6, minute=5),
    },
    "reports-due-status-reports": {
        "task": "reports.tasks.build_due_reports",
        "schedule": crontab(hour=5, minute=30),
    },
    # The My work digest: daily, or weekly on PMO_DIGEST_WEEKDAY, as each person chose.
    "my-work-digest": {
        "task": "reports.my_work.tasks.send_digests",
        "schedule": crontab(hour=env.int("PMO_DIGEST_HOUR", default=6), minute=30),
    },
}

# DCMA 14-point thresholds overriding the usual ones (schedule.engine.dcma.Thresholds), as
# JSON, e.g. {"high_float_days": 30, "bei_min": 0.9}.
SCHEDULE_DCMA_THRESHOLDS = env.json("SCHEDULE_DCMA_THRESHOLDS", default={})

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call is answered 401 with a Token challenge.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "programs.api.parsers.FiniteJSONParser",  # names the field of a NaN or Infinity
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "pmo_portal.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pmo_portal.api.exception_handler",
    # Per person (token or session) and per address for anonymous calls (the token endpoint,
    # the schema). A person browsing the API docs or a script syncing a program's registers
    # makes tens of calls a minute; the user rate leaves ample room for that and stops runaway
    # loops. Counts live in the cache (CACHES).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="300/hour"),
        "user": env.str("API_THROTTLE_USER", default="5000/hour"),
    },
}
# API tokens (django-rest-knox with accounts.ApiToken): only a hash is stored; each expires.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own token model is swapped out for that one, but its migrations would still create
# its table (they do not mark the model swappable), whose user key then stops PostgreSQL from
# emptying the user table between tests. Its migrations are not run.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=90)),
    "AUTH_HEADER_PREFIX": "Token",
}
# The OpenAPI schema and Swagger UI: open to anyone in development, signed-in people only in
# production (they describe every endpoint).
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=DEBUG)
SPECTACULAR_SETTINGS = {
    "TITLE": "PMO Portal API",
    "DESCRIPTION": (
        "Programs, memberships, the Play 3.1 board, provider onboarding, the shared glossary, "
        "the audit trail and the Program Charter with its versions, sign-off and exports."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # OpenAPI 3.1: a field that may be null says so exactly (oneOf with null), which 3.0 can
    # only hint at with ``nullable`` beside a reference.
    "OAS_VERSION": "3.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# -- Upload and import limits (programs.uploads, schedule.services.files) -----------------
# Bodies are refused while they stream in, before anything is read whole: a file over its
# kind's limit (bytes) is answered 413 naming the limit. Any other body over
# DATA_UPLOAD_MAX_MEMORY_SIZE (a JSON payload, a form) is refused by its Content-Length: 413
# from the API, 400 from a page. Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE spool to a
# temporary file instead of memory.
UPLOAD_LIMITS = {
    "schedule": env.int("SCHEDULE_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024),
    "raci": env.int("RACI_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024),
    "attachment": env.int("ATTACHMENT_MAX_BYTES", default=25 * 1024 * 1024),
    "comments": env.int("COMMENT_MATRIX_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024),
    "raid": env.int("RAID_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024),
    "expenditure": env.int("EXPENDITURE_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024),
    "metrics": env.int("QASP_METRICS_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024),
}
# Files attached to one register row (a finding, a risk), not counting removed ones.
ATTACHMENT_MAX_PER_OBJECT = env.int("ATTACHMENT_MAX_PER_OBJECT", default=50)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)  # 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# A schedule holds at most this many tasks (imports and new tasks alike); a workbook may
# unpack to at most this many bytes before openpyxl is let near it (a 688 KB zip bomb
# unpacking to 202 MB once held a worker for 265 s).
SCHEDULE_MAX_TASKS = env.int("SCHEDULE_MAX_TASKS", default=20_000)
SCHEDULE_XLSX_MAX_UNPACKED_BYTES = env.int(
    "SCHEDULE_XLSX_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024
)

# Domain conventions that programs may want to tune.
PMO_SIGNATURE_HASH = "sha256"
# Roles whose members may carry the signatory flag (programs.policy.signatory_roles).
PMO_SIGNATORY_ROLES = env.list(
    "PMO_SIGNATORY_ROLES", default=["executive_sponsor", "business_owner"]
)
# Dates people enter for a program (programs.limits.program_date_error): no earlier than this
# many years before its start date, no later than this many years after its planned end; a
# program spans at most PMO_PROGRAM_MAX_YEARS.
PMO_DATES_YEARS_BEFORE_START = env.int("PMO_DATES_YEARS_BEFORE_START", default=10)
PMO_DATES_YEARS_AFTER_END = env.int("PMO_DATES_YEARS_AFTER_END", default=30)
PMO_PROGRAM_MAX_YEARS = env.int("PMO_PROGRAM_MAX_YEARS", default=30)
# No silent overwrite (programs.concurrency): an API change of a record without If-Match is
# accepted (scripts that read nothing first); off, such a change is answered 428.
PMO_API_WRITES_WITHOUT_IF_MATCH = env.bool("PMO_API_WRITES_WITHOUT_IF_MATCH", default=True)
# Kept answers (programs.kept_answers): a page or API list built once is given again from the
# cache until the program changes; off, every request builds its answer.
PMO_KEEP_ANSWERS = env.bool("PMO_KEEP_ANSWERS", default=True)
# RACI matrix (raci.rules): a column accountable (A) for more rows than this is warned of.
PMO_RACI_OVERLOAD_LIMIT = env.int("PMO_RACI_OVERLOAD_LIMIT", default=8)
# IV&V findings (ivv.deadlines): business days the answering party has to answer a finding,
# by severity (1 critical ... 5), on the US federal calendar (convention). JSON to override.
IVV_RESPONSE_DAYS: dict[int, int] = {
    int(severity): int(days)
    for severity, days in env.json(
        "IVV_RESPONSE_DAYS", default={1: 5, 2: 10, 3: 15, 4: 20, 5: 30}
    ).items()
}

# QASP surveillance (qasp.selectors, qasp.services.surveillance): business days after a
# surveillance period ends before its record is overdue, and after a record is made that the
# provider has to rebut it, on the US federal calendar (convention).
QASP_SURVEILLANCE_DUE_BUSINESS_DAYS = env.int("QASP_SURVEILLANCE_DUE_BUSINESS_DAYS", default=10)
QASP_REBUTTAL_BUSINESS_DAYS = env.int("QASP_REBUTTAL_BUSINESS_DAYS", default=5)
# Corrective action requests (qasp.services.cars): business days the provider has to answer
# and the customer to evaluate an answer; the escalation levels, lowest first, as JSON
# [[key, label], ...] (labels are the agency's own).
QASP_CAR_RESPONSE_BUSINESS_DAYS = env.int("QASP_CAR_RESPONSE_BUSINESS_DAYS", default=10)
QASP_CAR_EVALUATION_BUSINESS_DAYS = env.int("QASP_CAR_EVALUATION_BUSINESS_DAYS", default=5)
QASP_ESCALATION_LEVELS: list[tuple[str, str]] = [
    (str(key), str(label))
    for key, label in env.json(
        "QASP_ESCALATION_LEVELS",
        default=[
            ["discussion", "Discussion with the provider"],
            ["car", "Formal corrective action request"],
            ["cure_notice", "Cure notice"],
        ],
    )
]
# Performance evaluations (qasp.services.evaluations): the CPARS-style rating areas as JSON
# [[key, label], ...], and the calendar days the provider has to comment (CPARS: 14).
QASP_RATING_AREAS: list[tuple[str, str]] = [
    (str(key), str(label))
    for key, label in env.json(
        "QASP_RATING_AREAS",
        default=[
            ["quality", "Quality"],
            ["schedule", "Schedule"],
            ["cost_control", "Cost control"],
            ["management", "Management"],
        ],
    )
]
QASP_EVALUATION_COMMENT_DAYS = env.int("QASP_EVALUATION_COMMENT_DAYS", default=14)

# Status reports (reports.rating, reports.sections): the variance bands in percent (DOMAIN:
# under 10 green, 10 to under 30 yellow, 30 and over red), the variance from which a green
# figure is on watch, the top risk scores that turn risk yellow and red (of 25), the failed
# standards that turn quality red, how many top risks and issues a report lists, the days
# after the period whose milestones it lists, and the default business day of the following
# month a report is due on. A build meeting database errors retries up to
# REPORTS_BUILD_MAX_RETRIES times, waiting REPORTS_BUILD_RETRY_SECONDS doubled each time.
REPORTS_VARIANCE_BANDS: dict[str, float] = env.json(
    "REPORTS_VARIANCE_BANDS", default={"yellow": 10, "red": 30}
)
REPORTS_WATCH_PERCENT = env.float("REPORTS_WATCH_PERCENT", default=5)
REPORTS_RISK_SCORES: dict[str, int] = env.json(
    "REPORTS_RISK_SCORES", default={"yellow": 8, "red": 15}
)
REPORTS_QUALITY_RED_FAILURES = env.int("REPORTS_QUALITY_RED_FAILURES", default=2)
REPORTS_TOP_ITEMS = env.int("REPORTS_TOP_ITEMS", default=5)
REPORTS_MILESTONE_HORIZON_DAYS = env.int("REPORTS_MILESTONE_HORIZON_DAYS", default=90)
REPORTS_DUE_BUSINESS_DAY = env.int("REPORTS_DUE_BUSINESS_DAY", default=5)
REPORTS_BUILD_MAX_RETRIES = env.int("REPORTS_BUILD_MAX_RETRIES", default=3)
REPORTS_BUILD_RETRY_SECONDS = env.int("REPORTS_BUILD_RETRY_SECONDS", default=10)

# SME MOUs and sessions: an SME attending less than this share of the sessions they are
# invited to is flagged (convention).
PMO_SME_ATTENDANCE_MIN = env.float("PMO_SME_ATTENDANCE_MIN", default=0.8)

# My work: risks and actions due within this many days are listed; the navigation's counts
# are kept per person this many seconds.
PMO_MY_WORK_DAYS_AHEAD = env.int("PMO_MY_WORK_DAYS_AHEAD", default=7)
PMO_MY_WORK_COUNT_SECONDS = env.int("PMO_MY_WORK_COUNT_SECONDS", default=60)
# How a person gets a kind of notification they made no choice for: immediately, digest
# or off (programs.models.NotificationDelivery).
PMO_NOTIFICATION_DEFAULT_DELIVERY = env.str("PMO_NOTIFICATION_DEFAULT_DELIVERY", default="digest")
# The weekly digest goes out on this weekday (0 is Monday).
PMO_DIGEST_WEEKDAY = env.int("PMO_DIGEST_WEEKDAY", default=0)

if not DEBUG:
    # Trust X-Forwarded-Proto only when the deployment says a TLS-terminating proxy sets it
    # (and gunicorn is reachable only through that proxy): anyone else could send it.
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # https only: plain http is redirected, and browsers remember it for a year (HSTS), for
    # subdomains too; .gov domains are on the browsers' HSTS preload list anyway.
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    if not SECURE_SSL_REDIRECT:
        # Turned off because the proxy in front redirects http to https itself.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]

# Content-Security-Policy (django-csp): everything from the portal itself, no inline script
# and no eval. Style attributes stay allowed (style-src-attr, not <style> elements): the Gantt
# chart places its bars and scale with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
