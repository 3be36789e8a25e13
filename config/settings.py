"""Settings for the blog, read from the environment (see README "Configuration")."""

import secrets
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    media_storage_from_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", False)


def _development_secret_key():
    """A random key kept in var/ so that sessions survive restarts of `make run`."""
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0 (production). "
            'Generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    "pagecache",
    "medialibrary",
    "blog",
    "comments",
    "wordpress",
    "roles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "blog.middleware.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside whitenoise, which sends static files precompressed; outside everything
    # that reads or writes a body, so that all pages, cached or not, are compressed.
    "pagecache.compression.CompressionMiddleware",
    # CSRF before the page cache, which fills each hit's token; the cookie is its own
    # (CSRF_USE_SESSIONS is off), so it needs no session.
    "django.middleware.csrf.CsrfViewMiddleware",
    # A hit is answered here, without a session, user or messages: the page cache serves
    # only requests that have none (see pagecache.middleware).
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wordpress.redirects.middleware.OldLinksMiddleware",
    "comments.privacy.middleware.PrivateCommenterPagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "blog.context_processors.site",
            ],
        },
    },
    # One template repeats per comment and is Jinja2's: see comments.display.listing.
    {"BACKEND": "django.template.backends.jinja2.Jinja2", "APP_DIRS": True},
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", "sqlite:///db.sqlite3"), BASE_DIR)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two caches: "default" (the page cache's generation, sessions) and "pages" (whole
# pages, bounded: BLOG_PAGE_CACHE_ENTRIES files, or Redis's maxmemory, see the README).
# Both fail soft (pagecache.backends): a cache that is down costs speed, never a page.
REDIS_URL = env_str("REDIS_URL")
CACHE_PREFIX = env_str("DJANGO_CACHE_PREFIX", "blog")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "pagecache.backends.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_PREFIX}:{alias}",
        }
        for alias in ("default", "pages")
    }
    # Sessions in the database, read through Redis: a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Shared by every worker process on this machine, unlike a per-process memory cache.
    CACHE_DIR = Path(env_str("DJANGO_CACHE_DIR", str(VAR_DIR / "cache")))
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.FailSoftFileBasedCache",
            "LOCATION": str(CACHE_DIR / "default"),
        },
        "pages": {
            "BACKEND": "pagecache.backends.FailSoftFileBasedCache",
            "LOCATION": str(CACHE_DIR / "pages"),
            "OPTIONS": {"MAX_ENTRIES": env_int("BLOG_PAGE_CACHE_ENTRIES", 2000)},
        },
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded images (medialibrary): on this server's disk under MEDIA_ROOT, served at
# MEDIA_URL by the site itself, or in S3-compatible object storage (MEDIA_STORAGE_URL)
# that several servers share, linked to directly.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
_media_storage, MEDIA_ORIGIN = media_storage_from_url(env_str("MEDIA_STORAGE_URL"))
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
# For files whose names carry no content hash; hashed names always get whitenoise's
# ten-year `immutable` answer.
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "blog@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
vars().update(
    email_from_url(env_str("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25"))
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "admin:login"

# HTTPS: behind TLS (directly or through a proxy that sets X-Forwarded-Proto) set
# DJANGO_SECURE=1 for secure cookies, HSTS and the redirect to https.
SECURE = env_bool("DJANGO_SECURE", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# Nothing runs or loads unless it comes from this site. Avatars are data: URIs.
# config.middleware relaxes style-src on admin URLs only (see there why).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "media-src": [SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# A blog uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "usb", "xr-spatial-tracking",
    ]
}  # fmt: skip

# Admin login throttling: five failures for one username from one IP lock that pair out
# for 15 minutes. Not the username alone (usernames are public under /author/, so anyone
# could lock an author out) nor the IP alone (behind a proxy everyone may share one). The
# IP is read as comments read it, through BLOG_TRUSTED_PROXIES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "comments.moderation.client.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# The blog.
BLOG_TITLE = env_str("BLOG_TITLE", "Field Notes")
BLOG_TAGLINE = env_str("BLOG_TAGLINE", "Writing about software, craft and the long view")
BLOG_POSTS_PER_PAGE = 10
# Anonymous readers' pages from the cache (pagecache); 0 renders every request (the
# benchmark's "uncached"). Entries are invalidated exactly; the time only bounds how
# long an unread page takes room.
BLOG_PAGE_CACHE = env_bool("BLOG_PAGE_CACHE", True)
# The parts of a page that are the same for every reader until something changes (the
# header's navigation, a post's neighbours and comment list, a list page's summaries),
# rendered once per change for the requests the page cache does not serve
# (pagecache.fragments); 0 renders them for every request.
BLOG_FRAGMENT_CACHE = env_bool("BLOG_FRAGMENT_CACHE", True)
BLOG_PAGE_CACHE_SECONDS = env_int("BLOG_PAGE_CACHE_SECONDS", 60 * 60 * 24)
# What sets a deploy apart in the page cache's keys (`make serve` sets the commit);
# empty: the static files' manifest, written by collectstatic at each deploy.
BLOG_RELEASE = env_str("BLOG_RELEASE")
# Revisions of a post or page kept for its admin history (blog.revisions); older
# ones are deleted at each save.
BLOG_REVISIONS_KEEP = env_int("BLOG_REVISIONS_KEEP", 25)

# Work that leaves the request (emails, spam reports) is queued in the database and run
# by `manage.py db_worker` (django-tasks; Django 6 has the same API as django.tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Comments (see ../shared/PRODUCT.md "Settings").
BLOG_COMMENT_MODERATION = env_str("BLOG_COMMENT_MODERATION", "first-time")
if BLOG_COMMENT_MODERATION not in {"all", "first-time", "none"}:
    raise ImproperlyConfigured("BLOG_COMMENT_MODERATION must be all, first-time or none")
BLOG_COMMENT_MAX_LINKS = env_int("BLOG_COMMENT_MAX_LINKS", 2)
BLOG_COMMENT_FLOOD_SECONDS = env_int("BLOG_COMMENT_FLOOD_SECONDS", 15)
BLOG_COMMENT_MIN_FORM_SECONDS = env_int("BLOG_COMMENT_MIN_FORM_SECONDS", 3)
BLOG_COMMENT_THREAD_DEPTH = env_int("BLOG_COMMENT_THREAD_DEPTH", 5)
BLOG_COMMENTS_PER_PAGE = env_int("BLOG_COMMENTS_PER_PAGE", 50)
BLOG_COMMENTS_CLOSE_AFTER_DAYS = env_int("BLOG_COMMENTS_CLOSE_AFTER_DAYS", 0)
BLOG_DISALLOWED_WORDS = env_list("BLOG_DISALLOWED_WORDS")
BLOG_MODERATION_WORDS = env_list("BLOG_MODERATION_WORDS")
BLOG_MODERATOR_EMAILS = env_list("BLOG_MODERATOR_EMAILS")
# Comments held within this many seconds of each other are announced in one email.
BLOG_MODERATION_BATCH_SECONDS = env_int("BLOG_MODERATION_BATCH_SECONDS", 60)
BLOG_TRUSTED_PROXIES = env_int("BLOG_TRUSTED_PROXIES", 0)
BLOG_SPAM_RETENTION_DAYS = env_int("BLOG_SPAM_RETENTION_DAYS", 15)
BLOG_TRASH_DAYS = env_int("BLOG_TRASH_DAYS", 30)
BLOG_COMMENT_IP_RETENTION_DAYS = env_int("BLOG_COMMENT_IP_RETENTION_DAYS", 30)
BLOG_COMMENT_EDIT_MINUTES = env_int("BLOG_COMMENT_EDIT_MINUTES", 10)
# An edit of an approved comment waits for a moderator again unless its author is staff
# or has this many approved comments (0: every author's edits stay approved).
BLOG_COMMENT_TRUSTED_AFTER = env_int("BLOG_COMMENT_TRUSTED_AFTER", 3)
BLOG_SPAM_CHECKERS = env_list("BLOG_SPAM_CHECKERS")
AKISMET_API_KEY = env_str("AKISMET_API_KEY")
# Where the Akismet API lives; another URL for a compatible service or a test server.
AKISMET_API_URL = env_str("AKISMET_API_URL", "https://rest.akismet.com")
# Seconds to wait for Akismet before letting a comment through unchecked (it fails open).
AKISMET_TIMEOUT = float(env_str("AKISMET_TIMEOUT", "3"))
# The site's address for links in emails, exports and Akismet, e.g. https://blog.example.com;
# empty: taken from the request (the Host header, checked against ALLOWED_HOSTS).
BLOG_SITE_URL = env_str("BLOG_SITE_URL").rstrip("/")

# Media library: the largest image upload, in bytes.
BLOG_MEDIA_MAX_BYTES = env_int("BLOG_MEDIA_MAX_BYTES", 20 * 1024 * 1024)
# …and the largest audio or video file (stored as it comes, streamed, never decoded).
BLOG_MEDIA_MAX_VIDEO_BYTES = env_int("BLOG_MEDIA_MAX_VIDEO_BYTES", 200 * 1024 * 1024)

# WordPress import: the largest WXR file the admin upload page accepts.
WORDPRESS_IMPORT_MAX_BYTES = env_int("WORDPRESS_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
