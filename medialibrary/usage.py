"""Where media items are used, asked of the apps that use them.

The library knows no app that shows images. An app registers a finder in its
AppConfig.ready(); the admin asks before deleting, so the confirmation names each post
or page that will lose an image. A renderer, registered the same way, renders again
what shows an item once its resized copies exist (medialibrary.tasks).
"""

_finders = []
_renderers = []


def add_finder(finder):
    """`finder(items)` yields (item pk, what uses it: "post", title, admin URL)."""
    _finders.append(finder)


def uses(items):
    """{item pk: [(kind, title, url), …]} for the given items."""
    found = {}
    for finder in _finders:
        for pk, kind, title, url in finder(items):
            found.setdefault(pk, []).append((kind, title, url))
    return found


def add_renderer(renderer):
    """`renderer(items)` renders again what shows `items`; True when anything does."""
    _renderers.append(renderer)


def render_again(items):
    """Render again whatever shows `items`: True when readers' pages change."""
    shown = [renderer(items) for renderer in _renderers]  # each of them, not the first only
    return any(shown)
