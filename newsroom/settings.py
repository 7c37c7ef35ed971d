"""Newsroom settings: one module, read from the environment.

The defaults are the laptop: SQLite in the project folder, uploads in
``media/``, an in-process cache, Django's debug mode. Production differs by
environment variables alone (see README.md, "Configuration").
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def _env_number(name, default, convert, what):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return convert(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, not {value!r}.") from None


def env_int(name, default):
    return _env_number(name, default, int, "a whole number")


def env_float(name, default):
    return _env_number(name, default, float, "a number of seconds")


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the site refuses to start "
            "with a made-up key: set DJANGO_SECRET_KEY to a long random string."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "newsroom-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The desk's templates replace some of the admin's own, so it comes first.
    "desk",
    "desk.app_names.DeskAdminConfig",
    # Django auth, django-taggit and django-axes under the names the desk shows (desk/app_names.py).
    "desk.app_names.UsersConfig",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "desk.app_names.TagsConfig",
    "embed_video",
    "django_prose_editor",
    "reversion",
    "desk.app_names.SignInAttemptsConfig",
    "corsheaders",
    # django-ninja's Swagger UI files, served from here rather than a CDN.
    "ninja",
    # Newsroom, lowest layer first (docs/ARCHITECTURE.md; pyproject.toml's import contracts).
    "library",
    "articles",
    "search",
    "caching",
    "reader",
    "api",
    "newsletters",
    "backups",
    "demo",
    # The queue: jobs (retries, lost tasks, its own db_worker) before django_tasks_db,
    # so that `manage.py db_worker` is jobs' command.
    "jobs",
    "django_tasks_db",
]

MIDDLEWARE = [
    # The API may be read from any origin (CORS_* below); first, so even an error says so.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Readers' pages gzipped (none holding a secret: newsroom/middleware.py), after
    # everything else has written them, kept pages included.
    "newsroom.middleware.SharedPageGZipMiddleware",
    # Answers 304 when the browser's copy (ETag, Last-Modified) is still the page.
    "django.middleware.http.ConditionalGetMiddleware",
    # The API's keys, rate limits and problem-details errors, cached answers included.
    "api.middleware.ApiMiddleware",
    # Anonymous readers' pages from the cache, before any other work (caching/pagecache.py).
    "caching.pagecache.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reader.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL picks the database: postgres://user:pass@host:5432/name in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept as on PostgreSQL: opening one and setting its pragmas
    # cost about a millisecond per request, a third of a cached page's time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
        "DATABASE_TEST_NAME", f"test_{DATABASES['default'].get('NAME') or 'newsroom'}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL switches the cache from this process's memory to Redis, shared by every app server.
# Sessions stay in the database (Django's default), so the desk works while Redis is down.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, with one client kept per pool (caching/backends.py).
            "BACKEND": "caching.backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            # A server that does not answer costs a reader at most this long; then
            # the circuit breaker (caching/outage.py) skips the cache for a while.
            "OPTIONS": {
                "socket_connect_timeout": env_float("NEWSROOM_REDIS_TIMEOUT", 0.25),
                "socket_timeout": env_float("NEWSROOM_REDIS_TIMEOUT", 0.25),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the cards of the pages readers open most (300 by default).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# django-axes first: it refuses a locked-out address or account before a password is checked.
AUTHENTICATION_BACKENDS = [
    "newsroom.logins.SignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The desk writes dates and times one way (newsroom/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves them from the app server, hashed and compressed in production.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = []

# Uploads: local media/ on a laptop; S3-compatible object storage when a bucket is named.
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")

if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Background work (library/tasks.py: image renditions) goes to a queue kept in the
# site's own database (django-tasks-db), run by `manage.py db_worker` beside the web
# server (`make run` starts both). A failed task is tried again after each delay
# below, then left failed for the desk to show; a task running longer than the
# timeout is taken to be lost by a dead worker and queued again (jobs/retries.py).
# NEWSROOM_TASKS=immediate runs tasks inside the request that enqueued them, with no
# worker: for development only, so it is refused with DJANGO_DEBUG=0.
NEWSROOM_TASKS = os.environ.get("NEWSROOM_TASKS", "database")
if NEWSROOM_TASKS == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif NEWSROOM_TASKS == "immediate" and DEBUG:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
elif NEWSROOM_TASKS == "immediate":
    raise ImproperlyConfigured(
        "NEWSROOM_TASKS=immediate is for development (DJANGO_DEBUG=1): in production run "
        "`python manage.py db_worker` beside the app server and leave NEWSROOM_TASKS unset."
    )
else:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS must be database or immediate, not {NEWSROOM_TASKS!r}."
    )
NEWSROOM_TASK_RETRY_DELAYS = [30, 120]  # seconds: three attempts in all
NEWSROOM_TASK_TIMEOUT_MINUTES = env_int("NEWSROOM_TASK_TIMEOUT_MINUTES", 10)

# The app server answers /media/ itself only while uploads sit on its own disk.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

# Uploads bigger than this are refused before Django reads them into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto header, and send
# plain-HTTP visitors to HTTPS. /healthz is exempt: load balancers probe the app
# server directly, over plain HTTP, without the proxy's header.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", BEHIND_TLS_PROXY)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# HSTS: browsers remember to use HTTPS only. SecurityMiddleware sends it on HTTPS
# responses only, so DJANGO_DEBUG=0 over plain HTTP on a laptop is unaffected.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
# Both bind more than this site for as long as browsers remember the header (and
# preload lists take months to leave), so they are the operator's choice, not a
# default. Left off, check --deploy's reminders about them are silenced on purpose.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    check
    for check, chosen in [
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD),
    ]
    if not chosen and SECURE_HSTS_SECONDS
]


# Mail, from EMAIL_URL: console:// prints mail and sends nothing;
# smtp://user:password@host:587/?tls=True (or smtps:// for TLS from the start) for a
# mail server; anymail+PROVIDER://?name=value for a provider's API through django-anymail,
# each name=value becoming its ANYMAIL setting PROVIDER_NAME (e.g.
# anymail+postmark://?server_token=...). Parsed here, not by dj-email-url (last released
# 2022, and it knows no anymail).
def email_settings(url):
    """The MAILERS setting's default mailer (Django 6.1's mail settings) from EMAIL_URL."""
    parts = urlsplit(url)
    scheme = parts.scheme
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    backends = "django.core.mail.backends"
    simple = {"console": "console", "locmem": "locmem", "dummy": "dummy"}
    if scheme in simple:
        return {"BACKEND": f"{backends}.{simple[scheme]}.EmailBackend"}
    if scheme == "file":
        return {
            "BACKEND": f"{backends}.filebased.EmailBackend",
            "OPTIONS": {"file_path": parts.path},
        }
    if scheme in {"smtp", "smtps"}:
        secure = query.get("tls", "").lower() in {"1", "true", "yes", "on"}
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": secure and scheme == "smtp",
            "use_ssl": scheme == "smtps",
            "timeout": float(query.get("timeout", 10)),
        }
        return {"BACKEND": f"{backends}.smtp.EmailBackend", "OPTIONS": options}
    if scheme.startswith("anymail+") and scheme != "anymail+":
        provider = scheme.removeprefix("anymail+").replace("-", "_")
        return {
            "BACKEND": f"anymail.backends.{provider}.EmailBackend",
            "ANYMAIL": {f"{provider.upper()}_{key.upper()}": value for key, value in query.items()},
        }
    raise ImproperlyConfigured(
        "EMAIL_URL must start with console://, smtp://, smtps://, anymail+PROVIDER://, "
        f"file://, locmem:// or dummy://, not {scheme or url!r}."
    )


# Unset: the console on a laptop, and with DEBUG off Django's own default, the local
# mail server (a console would lose every mail, and check --deploy refuses it).
_mailer = email_settings(os.environ.get("EMAIL_URL") or ("console://" if DEBUG else "smtp://"))
ANYMAIL = _mailer.pop("ANYMAIL", {})
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsroom <newsroom@localhost>")
# Mail links back to the site, so it must know its own address (no request to ask).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Newsletters (newsletters/): how many mails a worker sends between two marks in the
# database, and sign-up requests allowed per address and per client an hour.
NEWSROOM_MAIL_BATCH = env_int("NEWSROOM_MAIL_BATCH", 100)
NEWSROOM_SIGNUPS_PER_ADDRESS = env_int("NEWSROOM_SIGNUPS_PER_ADDRESS", 3)
NEWSROOM_SIGNUPS_PER_CLIENT = env_int("NEWSROOM_SIGNUPS_PER_CLIENT", 20)

# The desk's address. Moving it (DJANGO_ADMIN_URL=desk-7f3a/) keeps drive-by password
# guessing off the login page; robots.txt names it only while it is the well-known admin/.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("DJANGO_ADMIN_URL cannot be empty: the reader pages live at /.")

# Password guessing (django-axes): AXES_FAILURE_LIMIT wrong passwords in a row from one
# address, or for one account, lock that address or account out for AXES_COOLOFF_MINUTES,
# even with the right password. A correct sign-in clears the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_VERBOSE = False  # no start-up banner on every manage.py command
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.logins.lockout_response"
# Behind the proxy every request comes from the proxy's address; the client's is in
# X-Forwarded-For, which is trusted only then.
AXES_CLIENT_IP_CALLABLE = "newsroom.logins.client_ip"
AXES_USERNAME_CALLABLE = "newsroom.logins.username"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie: the admin's forms carry the token.
CSRF_COOKIE_HTTPONLY = True
# Only the desk has sessions (readers are anonymous). A working shift, not Django's
# two weeks: a session left open on a shared newsroom machine dies before the next one.
SESSION_COOKIE_AGE = 12 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy, on every response, admin included. Scripts come from our
# own origin; an inline script (the admin's popups) needs the request's nonce.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
VIDEO_THUMBNAIL_ORIGINS = ["https://i.ytimg.com", "https://i.vimeocdn.com"]


def _media_origins():
    """Where uploaded images are served from when that is not this site."""
    origins = []
    if AWS_STORAGE_BUCKET_NAME:
        if custom_domain := os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
            origins.append(f"https://{custom_domain}")
        elif endpoint := os.environ.get("AWS_S3_ENDPOINT_URL"):
            host = urlsplit(endpoint).netloc
            # Path-style (endpoint/bucket/key) or virtual-hosted (bucket.endpoint/key).
            origins += [f"https://{host}", f"https://{AWS_STORAGE_BUCKET_NAME}.{host}"]
        else:
            origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
    if urlsplit(MEDIA_URL).netloc:  # an absolute DJANGO_MEDIA_URL, e.g. a CDN
        parts = urlsplit(MEDIA_URL)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return list(dict.fromkeys(origins))


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The admin's article form applies inline styles (Chromium reports a violation
    # with 'self' alone), and so do 500.html and 503.html; styles cannot run code,
    # so 'unsafe-inline' is allowed for them and for nothing else.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", *VIDEO_THUMBNAIL_ORIGINS, *_media_origins()],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": VIDEO_PLAYER_ORIGINS,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Powerful browser features nobody on a news site needs are off; the video players'
# frames may go full screen, autoplay (after the reader pressed play) and decrypt.
_players = " ".join(f'"{origin}"' for origin in VIDEO_PLAYER_ORIGINS)
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
    "autoplay": f"(self {_players})",
    "encrypted-media": f"(self {_players})",
    "fullscreen": f"(self {_players})",
    "picture-in-picture": f"(self {_players})",
}

# Trailers: YouTube and Vimeo only (SoundCloud's backend makes network calls on every render).
EMBED_VIDEO_BACKENDS = (
    "embed_video.backends.YoutubeBackend",
    "embed_video.backends.VimeoBackend",
)
EMBED_VIDEO_YOUTUBE_CHECK_THUMBNAIL = False

TAGGIT_CASE_INSENSITIVE = True
# Spaces inside a typed tag are tidied too ("Box  office" is "Box office").
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"

# What readers see in the header, titles and feeds.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_SITE_DESCRIPTION = os.environ.get(
    "NEWSROOM_SITE_DESCRIPTION", "Film, TV, music and games news, trailers and featurettes."
)
NEWSROOM_PAGE_SIZE = 12
# A trailer's still is the provider's thumbnail, fetched by a task after the save
# (articles/stills.py); 0 keeps the site from asking YouTube or Vimeo for them.
NEWSROOM_TRAILER_STILLS = env_bool("NEWSROOM_TRAILER_STILLS", True)
# Pictures larger than this are refused on upload. 50 megapixels is more than any
# camera phone makes, and far less than a decompression bomb.
NEWSROOM_MAX_IMAGE_BYTES = 20 * 1024 * 1024
NEWSROOM_MAX_IMAGE_PIXELS = 50_000_000

# Whole-page cache for anonymous readers (caching/pagecache.py). A change purges only
# the pages showing what it touched (their keys), so the lifetime only bounds memory.
# On by default where every process shares one cache: Redis, or the single process of
# `make run`. Several gunicorn workers with only in-process memory would each keep their
# own copies, and a purge would reach only one of them.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", DEBUG or bool(REDIS_URL))
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 600)
# Names the deployment in cache keys (e.g. the commit id); empty: a digest of the code.
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "")
# After the cache server fails, this process leaves it alone for this many seconds
# and serves pages uncached (caching/outage.py).
NEWSROOM_CACHE_RETRY_SECONDS = env_float("NEWSROOM_CACHE_RETRY_SECONDS", 5)
# How often each process looks for changes whose pages could not be marked stale
# (the cache was unreachable when they were saved) and marks them (caching/invalidation.py).
NEWSROOM_INVALIDATION_CHECK_SECONDS = env_float("NEWSROOM_INVALIDATION_CHECK_SECONDS", 2)
# What browsers and CDNs are told: keep a reader page this long, then revalidate it
# (serving the old copy meanwhile for up to the second figure).
NEWSROOM_HTTP_MAX_AGE = env_int("NEWSROOM_HTTP_MAX_AGE", 60)
NEWSROOM_HTTP_STALE_WHILE_REVALIDATE = env_int("NEWSROOM_HTTP_STALE_WHILE_REVALIDATE", 300)
# How often (seconds) a reader's open live story asks what changed; a hidden tab asks
# six times less often, and errors make it wait longer (reader/static/reader/live.js).
NEWSROOM_LIVE_CHECK_SECONDS = env_int("NEWSROOM_LIVE_CHECK_SECONDS", 20)
# A reverse proxy or CDN in front (the edge) keeps reader pages this long, serving a
# stale copy while it fetches a new one or while the origin is down; every change is
# purged there by key (caching/edge.py), so the long life never shows an old page.
NEWSROOM_EDGE_MAX_AGE = env_int("NEWSROOM_EDGE_MAX_AGE", 24 * 60 * 60)
NEWSROOM_EDGE_STALE_SECONDS = env_int("NEWSROOM_EDGE_STALE_SECONDS", 24 * 60 * 60)
# Where purges go, from the worker: empty (no edge), "varnish+http://127.0.0.1:6081",
# "fastly://SERVICE_ID" or "cloudflare://ZONE_ID"; the secret is Varnish's shared
# header value, or Fastly's or Cloudflare's API token.
NEWSROOM_EDGE_PURGE = os.environ.get("NEWSROOM_EDGE_PURGE", "")
NEWSROOM_EDGE_SECRET = os.environ.get("NEWSROOM_EDGE_SECRET", "")
# The read API (api/), under /api/v1/: GET from any origin, no cookies.
NEWSROOM_API_PATH = "api/"
CORS_URLS_REGEX = rf"^/{NEWSROOM_API_PATH}"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["authorization", "x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
]
CORS_PREFLIGHT_MAX_AGE = 86400
# Requests a minute from one address without a key; each key has its own limit.
NEWSROOM_API_ANONYMOUS_PER_MINUTE = env_int("NEWSROOM_API_ANONYMOUS_PER_MINUTE", 60)

# How often the story form autosaves what an editor types (desk/autosave.py).
NEWSROOM_AUTOSAVE_SECONDS = env_float("NEWSROOM_AUTOSAVE_SECONDS", 10)
# How long a "share preview" link to an unpublished story keeps working.
NEWSROOM_SHARE_PREVIEW_SECONDS = env_int("NEWSROOM_SHARE_PREVIEW_HOURS", 72) * 3600

# Logs: readable lines on a laptop, one JSON object per line in production (or
# with DJANGO_LOG_FORMAT=json), with the request path and status when known.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(message)s"},  # as Django prints them
        "json": {"()": "newsroom.logs.JSONFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's own console handler on "django" (with DEBUG on) would print its lines
        # a second time beside the root's: the worker's task lines, for one.
        "django": {"handlers": [], "level": "INFO"},
    },
}
