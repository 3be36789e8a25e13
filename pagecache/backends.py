"""Cache backends that fail soft: a cache that is down costs speed, never a page.

Every operation that raises (Redis stopped, a full disk) is logged, at most once a
minute per cache, and answers as a miss would: get() gives the default, set() gives
False, add() gives None (not False, which means "already there"). The page cache then
renders pages as if it were off, and sessions (`cached_db`) fall back to the database,
so a Redis restart logs nobody out.
"""

import logging
import os
import pickle
import random
import time
import zlib
from dataclasses import dataclass

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


class SharedFileCache(FileBasedCache):
    """Django's file cache, made for the directory every worker of a machine shares.

    Django's counts the files before every set(), to cull when there are MAX_ENTRIES:
    with a page and a few fragments stored per generation, and a generation per comment,
    that listing was a fifth of a comment's POST and page load. Here, after counting, a
    process sets an eighth of the room left before it counts again, so that up to eight
    processes sharing the directory (gunicorn's workers) stay within MAX_ENTRIES, and more
    go over it by a fraction. Values are compressed at zlib level 1, not 6: half the time
    for a 135 KB page (1.4 against 3.1 ms), a tenth more bytes; reading is the same.

    A small entry read before is read again from memory while its name still leads to
    the same file (device, inode, modification time and size; every set() writes a new
    file and renames it over the old, and the file read is kept open so that its inode
    is not reused): the generation, read on every request, costs a stat() instead of
    an open, a read and a decompression.
    """

    SHARERS = 8  # processes the room is shared among
    SMALL = 1024  # bytes of a file whose content is kept in memory once read
    KEPT = 32  # small entries kept (and their files open), at most

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._sets_allowed = 0  # before the files are counted again
        self._small = {}  # file name -> _Kept
        self._names = {}  # (key, version) -> file name, of the small entries

    def get(self, key, default=None, version=None):
        name = self._names.get((key, version)) or self._key_to_file(key, version)
        try:
            same_file = _identity(os.stat(name))
        except FileNotFoundError:
            return default
        kept = self._small.get(name)
        if kept is not None and kept.identity == same_file and not kept.expired():
            return pickle.loads(kept.value)  # noqa: S301 (this cache's own files, as Django's)
        try:
            file = open(name, "rb")  # noqa: SIM115 (kept open below, when small)
        except FileNotFoundError:
            return default
        try:
            if self._is_expired(file):  # Django's check: it closes and deletes the file
                return default
            value = zlib.decompress(file.read())
            file.seek(0)
            expiry = pickle.load(file)  # noqa: S301 (what _is_expired read: kept with the value)
            identity = _identity(os.fstat(file.fileno()))
        except BaseException:
            file.close()
            raise
        if identity[-1] <= self.SMALL:
            self._keep(key, version, name, _Kept(file, identity, expiry, value))
        else:
            file.close()
        return pickle.loads(value)  # noqa: S301

    def _keep(self, key, version, name, kept):
        if len(self._small) >= self.KEPT:
            for old in self._small.values():
                old.file.close()
            self._small.clear()
            self._names.clear()
        previous = self._small.pop(name, None)
        if previous is not None:
            previous.file.close()
        self._small[name] = kept
        self._names[(key, version)] = name

    def _cull(self):
        if self._sets_allowed > 0:
            self._sets_allowed -= 1
            return
        files = self._list_cache_files()
        count = len(files)
        if count >= self._max_entries:
            if self._cull_frequency == 0:
                self.clear()
                count = 0
            else:
                for name in random.sample(files, count // self._cull_frequency):
                    self._delete(name)
                count -= count // self._cull_frequency
        # This set adds one file, and each sharer may add one more than it is allowed.
        self._sets_allowed = max(0, (self._max_entries - count) // self.SHARERS - 1)

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))


def _identity(stat):
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@dataclass(slots=True)
class _Kept:
    """A small entry read once. Its file stays open, so that its inode cannot be freed
    and given to a newer file, which could then look the same to stat()."""

    file: object
    identity: tuple
    expiry: float | None
    value: bytes

    def expired(self):
        return self.expiry is not None and self.expiry < time.time()


class FailSoftFileBasedCache(FailSoftMixin, SharedFileCache):
    pass
