"""Post revisions, kept by django-reversion: what a revision holds, how many, and diffs.

The post admin (a reversion VersionAdmin) makes a revision on every save, restores one
from its history, and keeps only the newest BLOG_REVISIONS_KEEP of a post (`trim()`).
Those of posts deleted for good go with the trash's daily purge (`forget_deleted()`).
Revisions are admin-only: no public page reads them.

A revision holds the post's own fields, its categories and tags as lists of ids
(restored with it). Categories and tags are not followed as objects of their own:
reverting with reversion's `delete=True` would delete, for good, every category or tag
linked to the post since.
"""

import difflib

import reversion
from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from reversion.models import Revision, Version

from blog.models import Post

reversion.register(Post)

# Compared as text, line by line; any other field is only named when it changed.
TEXT_FIELDS = ["title", "body", "excerpt"]
# Derived on save, or kept up to date by others: not an editor's change.
NOT_COMPARED = {"body_html", "excerpt_html", "has_more", "summary", "updated_at", "comment_count"}


def trim(post_pk):
    """Delete all but the newest BLOG_REVISIONS_KEEP revisions of a post."""
    keep = max(settings.BLOG_REVISIONS_KEEP, 1)
    versions = Version.objects.get_for_object_reference(Post, post_pk).order_by("-pk")
    old = list(versions.values_list("pk", "revision_id")[keep:])
    if not old:
        return
    Version.objects.filter(pk__in=[pk for pk, _ in old]).delete()
    revisions = {revision for _, revision in old}
    Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()


def forget_deleted():
    """Delete the revisions of posts deleted for good: they are not recovered; how many."""
    exists = Post.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
    gone = Version.objects.get_for_model(Post).filter(~Exists(exists))
    revisions = set(gone.values_list("revision_id", flat=True))
    deleted, _ = gone.delete()
    Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()
    return deleted


def changed_fields(old, new):
    """The verbose names of the fields that differ between two versions of a post."""
    return [
        Post._meta.get_field(name).verbose_name
        for name, value in new.field_dict.items()
        if name not in NOT_COMPARED and old.field_dict.get(name) != value
    ]


# A unified diff line's first character, as the compare page styles it.
LINE_KINDS = {"+": "added", "-": "removed", "@": "hunk", " ": "same"}


def text_diffs(old, new):
    """For each text field that differs: (verbose name, [(kind, line)]), plain text."""
    diffs = []
    for name in TEXT_FIELDS:
        before = (old.field_dict.get(name) or "").splitlines()
        after = (new.field_dict.get(name) or "").splitlines()
        lines = list(difflib.unified_diff(before, after, lineterm="", n=2))[2:]
        if lines:
            kinds = [(LINE_KINDS.get(line[:1], "same"), line) for line in lines]
            diffs.append((Post._meta.get_field(name).verbose_name, kinds))
    return diffs
