"""WordPress items → posts. Items of the "post" type come here; pages and menu items
go to wordpress.importing.pages, attachments to wordpress.importing.media, and other types
are skipped and counted, with the comments they carry.
"""

import html
from dataclasses import replace
from datetime import UTC

from django.utils import timezone
from django.utils.html import strip_tags

from blog.models import Post
from wordpress.convert.body import convert_body, convert_excerpt
from wordpress.convert.slugs import MAX_LENGTH, clean_slug, unique_slug
from wordpress.importing.authors import user_for
from wordpress.importing.known import fingerprint
from wordpress.importing.terms import item_term_ids

UNTITLED = "(untitled)"
STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # a published post with a future date is scheduled
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.PRIVATE,
}
SKIPPED_TYPES = {"attachment": "attachments", "nav_menu_item": "menu items"}


def aware(local, gmt):
    """The moment of a WordPress date pair: the GMT one, else the local one in TIME_ZONE."""
    if gmt is not None:
        return timezone.make_aware(gmt, UTC)
    if local is not None:
        return timezone.make_aware(local, timezone.get_default_timezone())
    return None


def status_of(item):
    status = STATUSES[item.status]
    if item.password and status == Post.Status.PUBLISHED:
        return Post.Status.PRIVATE  # we have no passwords: keep it from the public
    return status


def _title(item):
    title = " ".join(html.unescape(strip_tags(item.title)).split())
    return title[:300] or UNTITLED


def body_of(run, item):
    """A post's or page's content as our HTML, counting what it dropped in the summary
    (and the reusable blocks put in it: wordpress.importing.reusable)."""
    run.reusable.count(item, run.summary)
    return convert_body(
        item.content,
        run.summary.shortcodes,
        run.summary.embeds,
        footnotes=item.meta_value("footnotes"),
        blocks=run.summary.dropped_blocks,
        widgets=run.summary.widgets,
    )


def _fill(run, post, item):
    post.title = _title(item)
    desired = clean_slug(item.slug) or clean_slug(item.title) or f"post-{item.wp_id}"
    if post.slug != desired[:MAX_LENGTH]:
        run.post_slugs.discard(post.slug)
        post.slug = unique_slug(desired, run.post_slugs)
    post.author_id = user_for(run, item.creator)
    post.body = body_of(run, item)
    post.body_format = Post.BodyFormat.HTML
    post.excerpt = convert_excerpt(item.excerpt, run.summary.shortcodes, run.summary.embeds)
    post.status = status_of(item)
    post.published_at = aware(item.date, item.date_gmt) or post.published_at or timezone.now()
    post.sticky = item.sticky
    post.comments_open = item.comment_status == "open"


def skip_reason(item):
    """The summary kind under which an item is skipped, or None to import it."""
    if item.post_type != "post":
        return SKIPPED_TYPES.get(item.post_type, "other items")
    if item.status not in STATUSES:  # auto-draft, trash, inherit
        return "posts"
    return None


def import_posts(run, items):
    """Import a batch of post items; returns {WordPress id: post id} for all of them."""
    items = list({item.wp_id: item for item in items}.values())  # a repeated id: the last
    fingerprints = {item.wp_id: fingerprint(replace(item, comments=())) for item in items}
    outcomes = {
        item.wp_id: run.posts.outcome(item.wp_id, fingerprints[item.wp_id]) for item in items
    }
    updating = [run.posts.get(wp_id).target_id for wp_id, o in outcomes.items() if o == "updated"]
    existing = Post.objects.in_bulk(updating)
    for wp_id in run.posts.edited_here(outcomes, existing, "post_updated_at"):
        outcomes[wp_id] = "kept"
    post_ids, new_links = {}, {"categories": [], "tags": []}
    for item in items:
        outcome = outcomes[item.wp_id]
        if outcome == "kept":
            run.summary.add("posts", "skipped")
            run.summary.kept_posts += 1
        else:
            run.summary.add("posts", outcome)
        if outcome in {"unchanged", "kept"}:
            user_for(run, item.creator)  # so that the summary counts them as unchanged
            item_term_ids(run, item)
            post_ids[item.wp_id] = run.posts.get(item.wp_id).target_id
            continue
        post = existing[run.posts.get(item.wp_id).target_id] if outcome == "updated" else Post()
        _fill(run, post, item)
        post.save()  # renders body_html and the excerpt, as every save of a post does
        category_ids, tag_ids = item_term_ids(run, item)
        if outcome == "updated":
            post.categories.set(category_ids)
            post.tags.set(tag_ids)
        else:
            new_links["categories"] += [(post.pk, pk) for pk in dict.fromkeys(category_ids)]
            new_links["tags"] += [(post.pk, pk) for pk in dict.fromkeys(tag_ids)]
        fp = fingerprints[item.wp_id]
        run.posts.record(item.wp_id, post.pk, fp, post_updated_at=post.updated_at)
        post_ids[item.wp_id] = post.pk
    Post.categories.through.objects.bulk_create(
        Post.categories.through(post_id=p, category_id=c) for p, c in new_links["categories"]
    )
    Post.tags.through.objects.bulk_create(
        Post.tags.through(post_id=p, tag_id=t) for p, t in new_links["tags"]
    )
    return post_ids
