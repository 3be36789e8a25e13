"""Recognising an export of this very site, so that importing it changes nothing.

Our export (wordpress.exporting.export) names each post, page and media item by its own key in
post meta (`_blog_post_id`, `_blog_page_id`, `_blog_media_id`) and each comment by its
key (`wp:comment_id`). When the export's address is this site's (BLOG_SITE_URL, or a
host name of ALLOWED_HOSTS), an item naming an object that is here is that object: the
run's mappings adopt it (Known.adopt), so it counts as unchanged and is neither written
nor mapped again. Only objects that were here before the import began are adopted: a
file of ours imported into an empty database (or into another site at the same
address) never takes an object that this import has just made for another item. An
object deleted here since the export is made again, as from any other site.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max

from blog.models import Page, Post
from comments.models import Comment, target_field
from medialibrary.models import MediaItem

META_KEYS = {Post: "_blog_post_id", Page: "_blog_page_id", MediaItem: "_blog_media_id"}


def address_key(url):
    """An address as the import keys sites (wordpress.importing.importer.site_key)."""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"[:200]


def own_keys():
    """The keys of the addresses this site answers to."""
    addresses = [settings.BLOG_SITE_URL] if settings.BLOG_SITE_URL else []
    addresses += [host for host in settings.ALLOWED_HOSTS if host and host[0] not in ".*"]
    return {address_key(address) for address in addresses}


def own_id(item, model):
    value = item.meta_value(META_KEYS[model]).strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


class OwnSite:
    """The objects of this site that the items of an export of it name."""

    def __init__(self, site_key):
        self.active = site_key in own_keys()
        self.last = {}  # model → the highest key before the import began
        if self.active:
            for model in (Post, Page, MediaItem, Comment):
                self.last[model] = model.objects.aggregate(last=Max("pk"))["last"] or 0
        self.media = {}  # attachment's WordPress id → this site's media item

    def _existing(self, model, items):
        """{item's WordPress id: key of the object of `model` it names, that is here}."""
        wanted = {item.wp_id: own_id(item, model) for item in items}
        wanted = {
            wp_id: pk for wp_id, pk in wanted.items() if pk is not None and pk <= self.last[model]
        }
        if not wanted:
            return {}
        found = set(model.objects.filter(pk__in=set(wanted.values())).values_list("pk", flat=True))
        return {wp_id: pk for wp_id, pk in wanted.items() if pk in found}

    def adopt(self, run, items, model, known):
        """Adopt the post or page items (`model`) naming one of ours, and their comments."""
        if not self.active:
            return
        adopted = self._existing(model, items)
        for wp_id, pk in adopted.items():
            known.adopt(wp_id, pk)
        comments = [
            (comment.wp_id, adopted[item.wp_id])
            for item in items
            if item.wp_id in adopted
            for comment in item.comments
            if comment.wp_id <= self.last[Comment]
        ]
        field = f"{target_field(model)}_id"
        rows = Comment.objects.filter(pk__in=[wp_id for wp_id, _ in comments])
        targets = dict(rows.values_list("pk", field)) if comments else {}
        for wp_id, target in comments:
            if targets.get(wp_id) == target:
                run.comments.adopt(wp_id, wp_id)

    def adopt_media(self, items):
        """Remember the media items that attachment items name (see `media`)."""
        if not self.active or not items:
            return
        adopted = self._existing(MediaItem, items)
        found = MediaItem.objects.in_bulk(set(adopted.values()))
        self.media.update({wp_id: found[pk] for wp_id, pk in adopted.items()})
