"""Revisions of posts and pages, kept by django-reversion: what they hold, how many, diffs.

The post and page admins (reversion VersionAdmins, blog.admin.history) make a revision
on every save, restore one from the History, and keep only the newest
BLOG_REVISIONS_KEEP of each post or page (`trim()`). Revisions of what is deleted for
good go too (`forget_deleted()`): posts' with the trash's daily purge, pages' (deleted
directly, without a trash) at once. Revisions are admin-only: no public page reads them.

A post's revision holds its own fields, its categories and tags as lists of ids
(restored with it). Categories and tags are not followed as objects of their own:
reverting with reversion's `delete=True` would delete, for good, every category or tag
linked to the post since. A page's revision holds its own fields; its parent is an id.
"""

import difflib

import reversion
from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from reversion.models import Revision, Version

from blog.models import Page, Post

reversion.register(Post)
reversion.register(Page)

# Compared as text, line by line; any other field is only named when it changed.
TEXT_FIELDS = {
    Post: ["title", "body", "excerpt"],
    Page: ["title", "body"],
}
# Derived on save, or kept up to date by others: not an editor's change.
NOT_COMPARED = {
    Post: {"body_html", "excerpt_html", "has_more", "summary", "updated_at", "comment_count"},
    Page: {"body_html", "summary", "path", "updated_at", "comment_count"},
}


def trim(model, pk):
    """Delete all but the newest BLOG_REVISIONS_KEEP revisions of a post or page."""
    keep = max(settings.BLOG_REVISIONS_KEEP, 1)
    versions = Version.objects.get_for_object_reference(model, pk).order_by("-pk")
    old = list(versions.values_list("pk", "revision_id")[keep:])
    if not old:
        return
    Version.objects.filter(pk__in=[pk for pk, _ in old]).delete()
    revisions = {revision for _, revision in old}
    Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()


def forget_deleted(*models):
    """Delete the revisions of posts and pages (or `models`) deleted for good; how many.

    They are not recovered: deleted posts are in the trash until it is emptied.
    """
    deleted = 0
    for model in models or TEXT_FIELDS:
        exists = model.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
        gone = Version.objects.get_for_model(model).filter(~Exists(exists))
        revisions = set(gone.values_list("revision_id", flat=True))
        count, _ = gone.delete()
        Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()
        deleted += count
    return deleted


def changed_fields(old, new):
    """The verbose names of the fields that differ between two versions of an object."""
    model = new._model
    return [
        model._meta.get_field(name).verbose_name
        for name, value in new.field_dict.items()
        if model._meta.get_field(name).name not in NOT_COMPARED[model]
        and old.field_dict.get(name) != value
    ]


# A unified diff line's first character, as the compare page styles it.
LINE_KINDS = {"+": "added", "-": "removed", "@": "hunk", " ": "same"}


def text_diffs(old, new):
    """For each text field that differs: (verbose name, [(kind, line)]), plain text."""
    model = new._model
    diffs = []
    for name in TEXT_FIELDS[model]:
        before = (old.field_dict.get(name) or "").splitlines()
        after = (new.field_dict.get(name) or "").splitlines()
        lines = list(difflib.unified_diff(before, after, lineterm="", n=2))[2:]
        if lines:
            kinds = [(LINE_KINDS.get(line[:1], "same"), line) for line in lines]
            diffs.append((model._meta.get_field(name).verbose_name, kinds))
    return diffs
