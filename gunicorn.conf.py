"""gunicorn's settings for the site (read from the project directory by `gunicorn
config.wsgi`, as `make serve`, the tests' servers and bench/run.py start it).

The application is imported once, in the master, before the workers are forked
(`preload_app`), and the objects of that import are moved out of the garbage
collector's reach (`gc.freeze()`): a collection in a worker then never writes to
them, so the pages holding Django, the apps and their templates stay shared
copy-on-write by every worker instead of being copied into each. Measured with
bench/run.py's PSS (the sum over the workers of /proc/<pid>/smaps_rollup): see
bench/RESULTS.md.

Nothing is connected at import: each worker opens its own database and cache
connections on its first request; post_fork closes any the master may have opened.
"""

import contextlib
import ctypes
import gc

preload_app = True


# Compiled once in the master too, rather than by each worker on its first page.
SHARED_TEMPLATES = ["blog/post_detail.html", "blog/post_list.html", "comments/section.html"]


def warm():
    """What every worker builds on its first requests: the URL maps, the templates."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.reverse_dict, resolver.namespace_dict, resolver.app_dict  # noqa: B018
    for name in SHARED_TEMPLATES:
        with contextlib.suppress(TemplateDoesNotExist):
            get_template(name)


def when_ready(server):
    """After the import, before the first fork: what exists now is shared, frozen."""
    warm()
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()


def _malloc_trim():
    """glibc's malloc_trim, or None where the C library is not glibc."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


TRIM_EVERY = 100  # requests
_trim, _served = _malloc_trim(), 0


def post_request(worker, req, environ, resp):
    """Every hundred requests, hand the memory freed since back to the system.

    A page of 1,000 comments is a megabyte of strings, and even a cache hit joins a
    page's bytes anew; freed when the page is sent, but glibc keeps freed memory in the
    worker for reuse, so each worker grew by what its largest pages once needed.
    malloc_trim returns the free pages: 0.15 ms, once in a hundred requests (trimming
    after rendered pages only kept more: hits make garbage too). Measured with
    bench/run.py's PSS.
    """
    global _served
    _served += 1
    if _trim is not None and _served % TRIM_EVERY == 0:
        _trim(0)
