"""WordPress comments → comments on posts and pages, threaded as in WordPress;
pingbacks/trackbacks skipped.

Comments are written in bulk, so this module does what Comment.save() would: the
body is rendered with the comments app's own renderer, and the dates, which
`auto_now_add` overwrites on insert, are written back with the parents.
"""

import ipaddress
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from blog.models import Page, Post
from comments import lifecycle
from comments.display.sanitize import render_comment
from comments.models import Comment, target_field
from wordpress.convert.comment_text import comment_text
from wordpress.importing.known import BATCH_SIZE, fingerprint
from wordpress.importing.posts import aware
from wordpress.reading.records import Comment as WXRComment

STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
PINGS = {"pingback", "trackback"}
COMMENT_TYPES = {"", "comment"}
ANONYMOUS = "Anonymous"


def _ip(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _fill(run, obj, comment, field, target_id):
    obj.post_id = target_id if field == "post" else None
    obj.page_id = target_id if field == "page" else None
    obj.user_id = run.user_by_wp_id.get(comment.user_id) if comment.user_id else None
    obj.name = (comment.author or ANONYMOUS)[:100]
    # Lowercased as the comment form stores addresses, so a returning commenter is known.
    obj.email = comment.email.lower() if len(comment.email) <= 254 else ""
    obj.url = comment.url if len(comment.url) <= 200 else ""
    obj.body = comment_text(comment.content)
    obj.body_html = render_comment(obj.body)
    obj.status = STATUSES.get(comment.approved, Comment.Status.PENDING)
    obj.ip_address = _ip(comment.ip)


def _parents(item):
    """{comment wp id: parent wp id} of an item, without loops or outside parents."""
    parents = {c.wp_id: c.parent_id for c in item.comments if c.type in COMMENT_TYPES}
    parents = {wp_id: parent for wp_id, parent in parents.items() if parent in parents}
    for wp_id in list(parents):
        seen, current = {wp_id}, parents.get(wp_id)
        while current is not None and current not in seen:
            seen.add(current)
            current = parents.get(current)
        if current == wp_id:  # wp_id is its own ancestor: make it a thread of its own
            del parents[wp_id]
    return parents


@dataclass
class Change:
    """A new or changed comment to write."""

    comment: WXRComment
    item_id: int  # the WordPress id of its post or page
    parent_wp_id: int | None
    fingerprint: str
    target_id: int | None  # the existing comment's id, None for a new one
    obj: Comment | None = None  # what it becomes here


def _changes(run, items):
    """The Changes for the comments of a batch of items; every comment is counted."""
    seen, changes = set(), []
    for item in items:
        parents = _parents(item)
        for comment in item.comments:
            if comment.type in PINGS:
                run.summary.add("pingbacks/trackbacks", "skipped")
                continue
            if comment.type not in COMMENT_TYPES or comment.wp_id in seen:
                run.summary.add("comments", "skipped")
                continue
            seen.add(comment.wp_id)
            fp = fingerprint(comment)
            outcome = run.comments.outcome(comment.wp_id, fp)
            run.summary.add("comments", outcome)
            if outcome != "unchanged":
                entry = run.comments.get(comment.wp_id)
                changes.append(
                    Change(
                        comment, item.wp_id, parents.get(comment.wp_id), fp,
                        entry.target_id if entry else None,
                    )
                )  # fmt: skip
    return changes


def import_comments(run, items, target_ids, model=Post):
    """Import the comments of a batch of items whose posts (or pages: `model`) are
    already imported; `target_ids` maps the items' WordPress ids to theirs."""
    field = target_field(model)
    changes = _changes(run, items)
    existing = Comment.objects.in_bulk([c.target_id for c in changes if c.target_id])
    for change in changes:
        change.obj = existing[change.target_id] if change.target_id else Comment()
        _fill(run, change.obj, change.comment, field, target_ids[change.item_id])
    new = [change.obj for change in changes if change.target_id is None]
    Comment.objects.bulk_create(new, batch_size=BATCH_SIZE)
    for change in changes:
        run.comments.record(change.comment.wp_id, change.obj.pk, change.fingerprint)
    # Now that every comment has an id: parents, and the dates that insert overwrote.
    for change in changes:
        parent = run.comments.get(change.parent_wp_id) if change.parent_wp_id else None
        change.obj.parent_id = parent.target_id if parent else None
        comment = change.comment
        change.obj.created_at = aware(comment.date, comment.date_gmt) or timezone.now()
    _set_dates_and_parents(new)
    changed = [change.obj for change in changes if change.target_id]
    Comment.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH_SIZE)
    lifecycle.changed(
        {change.obj.post_id for change in changes},
        page_ids={change.obj.page_id for change in changes},
        public=bool(changes),
    )


def import_attachment_comments(run, attachments):
    """Comments left on attachments' own pages, shown on the post or page the attachment
    belongs to (WordPress linked its page from there), or skipped and counted when it
    belongs to none that was imported."""
    batches = {Post: ([], {}), Page: ([], {})}
    for item in attachments:
        parent = run.posts.get(item.parent_id) if item.parent_id else None
        model = Post
        if parent is None and item.parent_id:
            parent, model = run.pages.get(item.parent_id), Page
        comments = [c for c in item.comments if c.type not in PINGS]
        if parent is None:
            for kind, number in [
                ("comments", len(comments)),
                ("pingbacks/trackbacks", len(item.comments) - len(comments)),
            ]:
                if number:
                    run.summary.add(kind, "skipped", number)
            run.summary.media["attachment comments skipped"] += len(comments)
            continue
        items, target_ids = batches[model]
        items.append(item)
        target_ids[item.wp_id] = parent.target_id
        run.summary.media["attachment comments moved"] += len(comments)
    for model, (items, target_ids) in batches.items():
        if items:
            import_comments(run, items, target_ids, model)
    run.comments.flush()


def _set_dates_and_parents(comments):
    """created_at and parent of new comments, in one prepared statement run for each.

    bulk_update() would build a CASE expression over every row, which for 50,000
    comments took ten times as long as this (about 40 s against 2.5 s).
    """
    ops = connection.ops
    meta = Comment._meta
    table, pk = ops.quote_name(meta.db_table), ops.quote_name(meta.pk.column)
    created_at = ops.quote_name(meta.get_field("created_at").column)
    parent = ops.quote_name(meta.get_field("parent").column)
    sql = f"UPDATE {table} SET {created_at} = %s, {parent} = %s WHERE {pk} = %s"  # noqa: S608 (names from the model)
    rows = [(ops.adapt_datetimefield_value(c.created_at), c.parent_id, c.pk) for c in comments]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


UPDATED_FIELDS = [
    "post", "page", "parent", "created_at", "user", "name", "email", "url", "body", "body_html",
    "status", "ip_address",
]  # fmt: skip
