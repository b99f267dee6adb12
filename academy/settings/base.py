"""Settings shared by every environment, all read from one django-environ ``env``.

The defaults run the academy on a laptop with no services: SQLite, Celery in eager
mode, a local-memory cache and console email. Each environment variable below
switches one piece to its production engine (see README "Production settings").
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is read when present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="development-only-secret-key-never-use-in-production",
)
# Earlier secret keys, while rotating: sessions, signed links and the badge signing
# key (docs/credentials.md) stay readable with any of them.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

ACADEMY_NAME = env("ACADEMY_NAME", default="AI Skills Academy")

INSTALLED_APPS = [
    "academy",
    "accounts",
    "cms",
    "courses",
    "learners",
    "analytics",
    "scorm",
    "scim",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "scorm.middleware.ContentOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.middleware.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.AccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "academy.urls"
WSGI_APPLICATION = "academy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------
# SQLite file by default; DATABASE_URL (postgres://user@host:5432/name) for production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", 60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (live server, Celery eager) share one file: wait, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool(
    "DATABASE_JIT", default=False
):
    # PostgreSQL compiles a query to machine code once its estimated cost passes
    # jit_above_cost. The academy's big reads (My team's export of a large line,
    # analytics' frames) run once per request, so the compiling costs more than it
    # saves: 300 ms of a 20,000-person export's 550 ms (docs/benchmarks.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -----------------------------------------------------------------------
# Rate limits, sessions-adjacent state and nudge throttles live in the cache, so
# production needs a shared one: REDIS_URL switches to Redis.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "academy",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "academy",
        }
    }

# What is built from published pages (outlines, a lesson's neighbours, page URLs)
# is cached under a version that publishing moves (cms/fragments.py, ADR 0016). The
# version must be seen by every web process: on by default where the cache is
# shared (Redis) or there is one process (runserver, tests); production without
# REDIS_URL turns it off (settings/production.py).
ACADEMY_CONTENT_CACHE = env.bool("ACADEMY_CONTENT_CACHE", default=True)
# Sessions read from the cache, written through to the database: no query per
# page for the session. Production without a shared cache keeps them in the
# database only (settings/production.py), or a sign-out seen by one worker would
# not reach the others.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery ----------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# No broker configured: run tasks in-process so nothing needs a worker.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task's message is acknowledged when the task ends, not when it starts, and a
# pool process that dies (OOM killer, segfault) hands its message back: work is
# never silently dropped. Every task is idempotent, and long runs hold a lease
# (below), so a second delivery of a run someone is still working on does nothing
# (ADR 0011).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
# Redis hands an unacknowledged message to another worker after this long. It must
# outlast the longest task (the hard time limit), or a task still running would be
# delivered twice; beyond that, a message of a worker that was killed waits this
# long. Runs that matter are recovered sooner by their lease (ADR 0011).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60
    )
}
# Long runs (roster preview and apply, analytics snapshots) hold a lease of this
# many seconds, renewed while they work; the recovery task (every 5 minutes)
# re-drives or marks as interrupted a run whose lease ran out.
ACADEMY_TASK_LEASE_SECONDS = env.int("ACADEMY_TASK_LEASE_SECONDS", default=120)
# How long a queued run may wait for a worker to start it before it counts as lost.
ACADEMY_TASK_QUEUE_SECONDS = env.int("ACADEMY_TASK_QUEUE_SECONDS", default=10 * 60)
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Accounts: users, allauth, MFA, SSO ---------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
# People arrive from the HR roster; open self-signup is an explicit choice.
ACADEMY_OPEN_SIGNUP = env.bool("ACADEMY_OPEN_SIGNUP", default=False)
# Optional: when set, signups (open or SSO) are limited to these email domains.
ACADEMY_SIGNUP_EMAIL_DOMAINS = [
    d.lower().lstrip("@") for d in env.list("ACADEMY_SIGNUP_EMAIL_DOMAINS", default=[])
]
# Rate limits (allauth syntax: "<amount>/<period>/<key>"), backed by the cache above.
# Behind a TLS proxy or load balancer every request arrives from the proxy's address:
# set how many proxies append to X-Forwarded-For, so limits count per real client
# (a deployment requirement, see docs/deployment.md). 0 trusts no header.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ACADEMY_TRUSTED_PROXY_COUNT", default=0)
# SCIM writes commit without waiting for the WAL flush (scim/services.py) unless
# this is set; see docs/decisions/0012-scim-provisioning.md.
SCIM_SYNCHRONOUS_COMMIT = env.bool("ACADEMY_SCIM_SYNCHRONOUS_COMMIT", default=False)
ACCOUNT_RATE_LIMITS = {
    # SCIM requests, per client token (scim/auth.py): Okta and Entra send a few
    # per second at most; an initial push of 10,000 people takes a few minutes.
    "scim": env("ACADEMY_RATE_LIMIT_SCIM", default="1200/m/key"),
    "login": env("ACADEMY_RATE_LIMIT_LOGIN", default="30/m/ip"),
    # Failed sign-ins per client address only. Never add a "/key" rate here: it
    # counts an account's failures from every address, so a stranger could lock
    # the owner out. Per account, accounts/throttle.py backs off per address.
    "login_failed": env("ACADEMY_RATE_LIMIT_LOGIN_FAILED", default="10/m/ip"),
    "reset_password": env(
        "ACADEMY_RATE_LIMIT_RESET_PASSWORD", default="20/m/ip,5/m/key"
    ),
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
# Failed sign-ins per (account, address): this many are free, then each further
# one shuts that pair for twice as long as the last (from BACKOFF_SECONDS up to
# BACKOFF_MAX_SECONDS); the count is forgotten after FAILURE_MEMORY_SECONDS.
ACADEMY_LOGIN_FREE_FAILURES = env.int("ACADEMY_LOGIN_FREE_FAILURES", default=5)
ACADEMY_LOGIN_BACKOFF_SECONDS = env.int("ACADEMY_LOGIN_BACKOFF_SECONDS", default=30)
ACADEMY_LOGIN_BACKOFF_MAX_SECONDS = env.int(
    "ACADEMY_LOGIN_BACKOFF_MAX_SECONDS", default=60 * 60
)
ACADEMY_LOGIN_FAILURE_MEMORY_SECONDS = env.int(
    "ACADEMY_LOGIN_FAILURE_MEMORY_SECONDS", default=24 * 60 * 60
)
# Failures for one account from every address in the window: past the ceiling the
# right password still signs in, with a second step (authenticator or emailed
# code). 0 turns the ceiling off. docs/decisions/0014-sign-in-throttling.md.
ACADEMY_LOGIN_ACCOUNT_CEILING = env.int("ACADEMY_LOGIN_ACCOUNT_CEILING", default=50)
ACADEMY_LOGIN_ACCOUNT_WINDOW_SECONDS = env.int(
    "ACADEMY_LOGIN_ACCOUNT_WINDOW_SECONDS", default=60 * 60
)

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ACADEMY_NAME
# Staff (anyone who may open the Wagtail admin) must have an authenticator app.
ACADEMY_STAFF_MFA_REQUIRED = env.bool("ACADEMY_STAFF_MFA_REQUIRED", default=True)

# Generic OpenID Connect single sign-on, enabled when OIDC_CLIENT_ID is set.
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
# Identity providers are added by Academy admins in the admin (docs/sso.md); SAML
# runs through the academy's provider, which refuses a replayed assertion.
SOCIALACCOUNT_PROVIDERS: dict = {
    "saml": {"provider_class": "accounts.sso.saml.AcademySAMLProvider"},
}
if OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env("OIDC_PROVIDER_ID", default="sso"),
                "name": env("OIDC_PROVIDER_NAME", default="Company single sign-on"),
                "client_id": OIDC_CLIENT_ID,
                "secret": env("OIDC_CLIENT_SECRET", default=""),
                "settings": {
                    "server_url": env("OIDC_SERVER_URL"),
                    "token_auth_method": env(
                        "OIDC_TOKEN_AUTH_METHOD", default="client_secret_basic"
                    ),
                },
            }
        ],
    }

# --- Email -------------------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:password@smtp.example.com:587 (console output by default).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="academy@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("ACADEMY_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Wagtail -------------------------------------------------------------------------
WAGTAIL_SITE_NAME = ACADEMY_NAME
# Avatars are initials-free defaults served by Wagtail itself: no request leaves for
# Gravatar with a hash of a staff member's email address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Academy -------------------------------------------------------------------------
# Aggregates over fewer people than this are hidden from anyone who may not see them.
ANALYTICS_MIN_GROUP_SIZE = env.int("ANALYTICS_MIN_GROUP_SIZE", default=5)
# Analytics snapshots older than this are deleted (the latest one is always kept).
ANALYTICS_SNAPSHOT_RETENTION_DAYS = env.int(
    "ANALYTICS_SNAPSHOT_RETENTION_DAYS", default=400
)

# --- SCORM packages ------------------------------------------------------------------
# Uploads larger than this go to a temporary file instead of memory, so a 200 MiB
# package is streamed, never held whole (Django's default, stated on purpose).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# What a package zip may be: checked from its headers before anything is stored and
# again, on the bytes really decompressed, while it is extracted.
SCORM_MAX_UPLOAD_BYTES = env.int("SCORM_MAX_UPLOAD_BYTES", default=512 * 1024 * 1024)
SCORM_MAX_EXTRACTED_BYTES = env.int(
    "SCORM_MAX_EXTRACTED_BYTES", default=1024 * 1024 * 1024
)
SCORM_MAX_FILE_BYTES = env.int("SCORM_MAX_FILE_BYTES", default=512 * 1024 * 1024)
SCORM_MAX_FILES = env.int("SCORM_MAX_FILES", default=10_000)
# Uncompressed / compressed size allowed for any file over 1 MiB (zip bombs).
SCORM_MAX_COMPRESSION_RATIO = env.int("SCORM_MAX_COMPRESSION_RATIO", default=100)
# Package files are served to signed links (their sandbox sends no cookies); a link
# stops working this many seconds after it was made.
SCORM_CONTENT_URL_MAX_AGE = env.int("SCORM_CONTENT_URL_MAX_AGE", default=6 * 60 * 60)
# A separate origin (scheme://host[:port], ideally another site) that serves
# package files to learners, e.g. "https://scorm.example-content.net": packages then
# keep an origin of their own (their frames can script each other) that is never
# the academy's. Empty: files are served on the academy's host in an opaque-origin
# sandbox, which suits single-frame packages only. Its host must be in
# DJANGO_ALLOWED_HOSTS; it serves nothing but package files.
SCORM_CONTENT_ORIGIN = env.str("SCORM_CONTENT_ORIGIN", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Wagtail's search and reference-index tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        # Page-by-page edit logs belong in Wagtail's audit history, not the console.
        "wagtail": {"level": "WARNING"},
    },
}
# load_demo_data creates accounts with a published password: never in production.
ACADEMY_ALLOW_DEMO_DATA = env.bool("ACADEMY_ALLOW_DEMO_DATA", default=False)
# The curriculum content files load_demo_data reads (see content/README.md).
ACADEMY_CONTENT_DIR = Path(
    env("ACADEMY_CONTENT_DIR", default=str(BASE_DIR / "content"))
)
