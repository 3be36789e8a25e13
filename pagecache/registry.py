"""What apps tell the page cache, from their AppConfig.ready().

- `cache_views(*names, params=...)`: views whose anonymous GETs may be kept, and the
  query parameters they read; the key is made of those alone, so `/?x=1` and `/` are
  one entry. Other apps add parameters of their own to a view with `add_params()`.
- `add_personal_cookies(*names)`: a request with one of these cookies is a visitor's
  own (a commenter's saved details, say) and never served from, or stored in, the cache.
- `add_filler(kind, fill, max_age=None)`: how a per-visitor value of that kind (marked
  in the page by `personal()`) is made afresh for each hit: fill(request, argument).
  `max_age` (seconds) is how long such a value stays good, so that a browser's
  revalidated copy never keeps one older than that.
- `add_time_change(next_change)`: a callable returning when pages next change with no
  write (a scheduled post goes live), as an aware datetime or None.
"""

from pagecache import csrf

_views = {}  # view name -> frozenset of the query parameters it reads
_cookies = set()
_fillers = {}  # kind -> (fill, max_age)
_time_changes = []


def cache_views(*names, params=()):
    for name in names:
        _views[name] = _views.get(name, frozenset()) | frozenset(params)


def add_params(name, *params):
    """More parameters read by a registered view (an app that adds to another's page)."""
    if name in _views:
        _views[name] |= frozenset(params)


def params_of(view_name):
    """The query parameters of a view the cache may keep; None for any other view."""
    return _views.get(view_name)


def add_personal_cookies(*names):
    _cookies.update(names)


def personal_cookies():
    return frozenset(_cookies)


def add_filler(kind, fill, max_age=None):
    _fillers[kind] = (fill, max_age)


def filler(kind):
    return _fillers[kind][0]


def max_age(kinds):
    """The shortest life of the given kinds of per-visitor values (None: no limit)."""
    ages = [_fillers[kind][1] for kind in kinds if _fillers[kind][1]]
    return min(ages) if ages else None


def add_time_change(next_change):
    _time_changes.append(next_change)


def next_time_change():
    """The earliest moment any app says pages change by themselves, or None."""
    moments = [moment for moment in (change() for change in _time_changes) if moment]
    return min(moments) if moments else None


def csrf_token(request, arg):
    return csrf.token(request)


def personal(request, kind, value, arg=None):
    """Mark `value` in the page as this visitor's own (a kind given to add_filler); return it.

    Outside a page being cached this does nothing, so templates may always call it.
    """
    values = getattr(request, "personal_values", None)
    if values is not None and value is not None:
        values.keep(kind, value, arg)
    return value
