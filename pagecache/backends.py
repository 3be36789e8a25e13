"""Cache backends that fail soft: a cache that is down costs speed, never a page.

Every operation that raises (Redis stopped, a full disk) is logged, at most once a
minute per cache, and answers as a miss would: get() gives the default, set() gives
False, add() gives None (not False, which means "already there"). The page cache then
renders pages as if it were off, and sessions (`cached_db`) fall back to the database,
so a Redis restart logs nobody out.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
LOG_EVERY = 60  # seconds


class FailSoftMixin:
    _last_logged = 0.0

    def _failed(self, operation):
        now = time.monotonic()
        if now - self._last_logged >= LOG_EVERY:
            type(self)._last_logged = now
            logger.warning("Cache %s failed; serving without it", operation, exc_info=True)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except Exception:
            self._failed("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except Exception:
            self._failed("get_many")
            return {}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except Exception:
            self._failed("set")
            return False
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except Exception:
            self._failed("add")
            return None

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except Exception:
            self._failed("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except Exception:
            self._failed("delete")
            return False

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except Exception:
            self._failed("has_key")
            return False


class FailSoftRedisCache(FailSoftMixin, RedisCache):
    pass


class FailSoftFileBasedCache(FailSoftMixin, FileBasedCache):
    pass
