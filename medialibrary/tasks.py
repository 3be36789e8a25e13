"""The media library's work that leaves the request: an image's resized copies.

`make_copies` is a task of django-tasks, enqueued by medialibrary.library with the row
of a new item (the admin's upload and the WordPress import alike), and run by the
worker (`manage.py db_worker`, which `make run` and `make serve` start). Until it has
run, pages show the original (MediaItem.srcset and .fitting fall back to it); once the
copies exist, what shows the item is rendered again (medialibrary.usage) and the page
cache starts a new generation, so readers get the smaller files.

Running it twice makes no second set, and an item deleted meanwhile is no work. A run
that fails (the storage down) is tried again 1, 2, 4… minutes later, MAX_ATTEMPTS
times in all.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

import pagecache
from medialibrary import library, usage

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@task()
def make_copies(media_id, attempt=1):
    """Make item `media_id`'s resized copies, then show them where it is used."""
    try:
        item = library.add_copies(media_id)
    except Exception:
        again = _again(media_id, attempt)
        logger.exception(
            "The resized copies of media item %s could not be made%s",
            media_id,
            "; it will be tried again" if again else "",
        )
        raise
    if item is not None and usage.render_again([item]):
        pagecache.changed()


def _again(media_id, attempt):
    """Enqueue the next attempt, later and later; False when none is left."""
    if attempt >= MAX_ATTEMPTS or not make_copies.get_backend().supports_defer:
        return False
    run_after = timezone.now() + timedelta(minutes=2 ** (attempt - 1))
    make_copies.using(run_after=run_after).enqueue(media_id, attempt=attempt + 1)
    return True
