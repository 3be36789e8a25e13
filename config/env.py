"""Typed readers for environment variables, used by settings.py only."""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default="", separator=","):
    """A list of non-empty, stripped items; newlines always separate too."""
    raw = os.environ.get(name, default).replace("\n", separator)
    return [item.strip() for item in raw.split(separator) if item.strip()]


def database_from_url(url, base_dir: Path):
    """Django DATABASES entry for a URL; relative SQLite paths are under the project."""
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = config["NAME"]
        if name and name != ":memory:" and not Path(name).is_absolute():
            config["NAME"] = str(base_dir / name)
        # Several gunicorn workers write to one file: WAL lets readers go on during a
        # write, IMMEDIATE takes the write lock up front instead of failing on upgrade,
        # and the timeout makes a writer wait for the lock rather than raise.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Keep each worker's connection: opening one (and its PRAGMAs) cost 1.3 ms a page.
        config["CONN_MAX_AGE"] = 600
        config["ENGINE"] = "config.sqlite3"  # Django's, with the planner's statistics kept
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def email_from_url(url):
    """EMAIL_* settings from a URL such as smtp://user:pass@host:587?tls=1."""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {sorted(EMAIL_BACKENDS)}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    settings = {"EMAIL_BACKEND": EMAIL_BACKENDS[parts.scheme]}
    if parts.scheme == "file":
        settings["EMAIL_FILE_PATH"] = unquote(parts.path) or "var/mail"
    if parts.scheme.startswith("smtp"):
        settings.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if parts.scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=query.get("tls", "0").lower() in TRUE_WORDS,
            EMAIL_USE_SSL=parts.scheme == "smtps" or query.get("ssl", "0").lower() in TRUE_WORDS,
            EMAIL_TIMEOUT=int(query.get("timeout", "10")),
        )
    return settings


def media_storage_from_url(url):
    """The STORAGES["default"] entry for MEDIA_STORAGE_URL, and the origin images come from.

    Unset: files under MEDIA_ROOT, served by this site (origin None). `s3://BUCKET?…`:
    S3-compatible object storage through django-storages; the query names its options,
    e.g. `endpoint_url=https://…`, `region_name=…`, `custom_domain=cdn.example.com`.
    Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto reads them.
    """
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, None
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL must be s3://BUCKET?…, not {url!r}")
    options = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    known = {"endpoint_url", "region_name", "custom_domain", "location", "url_protocol"}
    unknown = set(options) - known
    if unknown:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: unknown options {sorted(unknown)}")
    options = {
        "bucket_name": unquote(parts.netloc),
        # Stored pages link to the files: the links must not expire, nor files be replaced.
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        **options,
    }
    if "custom_domain" in options:
        scheme = options.get("url_protocol", "https:").rstrip(":")
        origin = f"{scheme}://{options['custom_domain'].split('/')[0]}"
    else:
        endpoint = urlsplit(options.get("endpoint_url") or "https://s3.amazonaws.com")
        origin = f"{endpoint.scheme}://{endpoint.netloc}"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, origin
