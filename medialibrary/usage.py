"""Where media items are used, asked of the apps that use them.

The library knows no app that shows images. An app registers a finder in its
AppConfig.ready(); the admin asks before deleting, so the confirmation names each post
or page that will lose an image.
"""

_finders = []


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
