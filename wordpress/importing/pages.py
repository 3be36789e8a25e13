"""WordPress pages → pages, with their comments, and the export's menu → the navigation.

A page may come before its parent in the file, so the Run keeps page and menu items
until the file is read (pages are few); `import_pages()` then writes the pages parents
first, as posts are written (wordpress.importing.posts): the same fingerprints and content
conversion, and a page edited here since an import wrote it is kept as it is. A slug is
WordPress's `post_name` unless a top-level page may not take it here (blog.reserved:
`feed`, `2019`…) or a sibling has it: then it gets a suffix, and the summary says so.
Comments follow, as those of posts. Last, when no page is in the site's navigation
yet, the pages of the export's main menu are put there, in the menu's order.
"""

import html
from collections import defaultdict
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from django.utils.html import strip_tags

from blog.models import Page, Post
from blog.reserved import is_reserved
from wordpress.convert.slugs import MAX_LENGTH, clean_slug
from wordpress.importing.authors import user_for
from wordpress.importing.comments import PINGS, import_comments
from wordpress.importing.known import fingerprint
from wordpress.importing.posts import UNTITLED, body_of

DEFERRED_TYPES = {"page", "nav_menu_item"}  # what the Run keeps for import_pages()
STATUSES = {
    "publish": Page.Status.PUBLISHED,
    "draft": Page.Status.DRAFT,
    "pending": Page.Status.DRAFT,
    "future": Page.Status.DRAFT,  # a page has no date to wait for: published here, by hand
    "private": Page.Status.PRIVATE,
}


def status_of(item):
    status = STATUSES[item.status]
    if item.password and status == Page.Status.PUBLISHED:
        return Page.Status.PRIVATE  # we have no passwords: keep it from the public
    return status


def old_path(run, item):
    """The page's path on the old site ("about/team"), "" when its link is no path (?page_id=).

    Relative to the blog's own path, the part of the site key after its host.
    """
    parts = urlsplit(item.link)
    segments = [segment for segment in unquote(parts.path).split("/") if segment]
    base = [segment for segment in run.pages.site.partition("/")[2].split("/") if segment]
    if segments[: len(base)] == base:
        segments = segments[len(base) :]
    return "" if parts.query else "/".join(segments)[:1000]


def _title(item):
    title = " ".join(html.unescape(strip_tags(item.title)).split())
    return title[:300] or UNTITLED


def _parents(run, items):
    """{page wp id: parent wp id} for pages under a page of the file or of an earlier
    import, without loops (a page that is its own ancestor goes to the top)."""
    in_file = {item.wp_id for item in items}
    parents = {
        item.wp_id: item.parent_id
        for item in items
        if item.parent_id in in_file or (item.parent_id and run.pages.get(item.parent_id))
    }
    for wp_id in list(parents):
        seen, current = {wp_id}, parents.get(wp_id)
        while current is not None and current not in seen:
            seen.add(current)
            current = parents.get(current)
        if current == wp_id:
            del parents[wp_id]
    return parents


def _parents_first(items, parents):
    def depth(wp_id):
        return 0 if wp_id not in parents else 1 + depth(parents[wp_id])

    return sorted(items, key=lambda item: depth(item.wp_id))


def free_slug(slug, taken, *, top):
    """`slug`, or `slug-2`, `slug-3`…: the first not in `taken` (which it joins) and, for a
    top-level page, not reserved by the site's own URLs."""
    candidate, n = slug, 1
    while candidate in taken or (top and is_reserved(candidate)):
        n += 1
        suffix = f"-{n}"
        candidate = slug[: MAX_LENGTH - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def _fill(run, page, item, parent_id, taken):
    page.title = _title(item)
    desired = clean_slug(item.slug) or clean_slug(item.title) or f"page-{item.wp_id}"
    previous = page.slug
    if page.pk is None or page.slug != desired or page.parent_id != parent_id:
        taken[page.parent_id].discard(page.slug)
        page.slug = free_slug(desired, taken[parent_id], top=parent_id is None)
        if page.slug not in {desired, previous}:
            run.summary.renamed_pages.append(f"{desired} → {page.slug}")
    page.parent_id = parent_id
    page.author_id = user_for(run, item.creator)
    page.body = body_of(run, item)
    page.body_format = Post.BodyFormat.HTML
    page.status = status_of(item)
    if not page.show_in_navigation:  # a page in the navigation keeps the menu's order
        page.menu_order = item.menu_order
    page.comments_open = item.comment_status == "open"


def _write_pages(run, items):
    """Write the page items, parents first; returns {WordPress id: page id} for all."""
    parents = _parents(run, items)
    fingerprints = {item.wp_id: fingerprint(replace(item, comments=())) for item in items}
    outcomes = {
        item.wp_id: run.pages.outcome(item.wp_id, fingerprints[item.wp_id]) for item in items
    }
    updating = [run.pages.get(wp_id).target_id for wp_id, o in outcomes.items() if o == "updated"]
    existing = Page.objects.in_bulk(updating)
    for wp_id in run.pages.edited_here(outcomes, existing, "page_updated_at"):
        outcomes[wp_id] = "kept"
    taken = defaultdict(set)
    for parent_id, slug in Page.objects.values_list("parent_id", "slug"):
        taken[parent_id].add(slug)
    page_ids = {}
    for item in _parents_first(items, parents):
        outcome = outcomes[item.wp_id]
        if outcome == "kept":
            run.summary.add("pages", "skipped")
            run.summary.kept_pages += 1
        else:
            run.summary.add("pages", outcome)
        if outcome in {"unchanged", "kept"}:
            user_for(run, item.creator)  # so that the summary counts them as unchanged
            page_ids[item.wp_id] = run.pages.get(item.wp_id).target_id
            continue
        page = existing[run.pages.get(item.wp_id).target_id] if outcome == "updated" else Page()
        parent = parents.get(item.wp_id)
        parent_id = page_ids.get(parent) or (run.pages.get(parent).target_id if parent else None)
        if page.pk and parent_id and page.pk in Page.objects.get(pk=parent_id).ancestor_ids():
            parent_id = None  # its parent was moved under it here: a loop, so the top
        _fill(run, page, item, parent_id, taken)
        page.save()  # renders body_html and derives the path, as every save of a page does
        run.pages.record(
            item.wp_id,
            page.pk,
            fingerprints[item.wp_id],
            page_updated_at=page.updated_at,
            old_path=old_path(run, item),
        )
        page_ids[item.wp_id] = page.pk
    return page_ids


def _menus(items):
    """{menu name: its items}, in file order; a menu item is in the nav_menu it names."""
    menus = defaultdict(list)
    for item in items:
        menu = next((term.name for term in item.terms if term.domain == "nav_menu"), "")
        menus[menu].append(item)
    return menus


def _page_entry(item, page_ids):
    """The page id a published top-level menu item links to, else None."""
    if item.status != "publish" or item.meta_value("_menu_item_menu_item_parent", "0") != "0":
        return None
    if (item.meta_value("_menu_item_type"), item.meta_value("_menu_item_object")) != (
        "post_type",
        "page",
    ):
        return None
    object_id = item.meta_value("_menu_item_object_id")
    return page_ids.get(int(object_id)) if object_id.isascii() and object_id.isdigit() else None


def _menu_outcome(pages):
    """ "created" when no page is in the navigation yet, "unchanged" when the menu's are."""
    in_navigation = set(Page.objects.filter(show_in_navigation=True).values_list("pk", flat=True))
    if not in_navigation:
        return "created"
    return "unchanged" if set(pages) == in_navigation else "skipped"


def import_menu(run, items, page_ids):
    """Show the pages of the menu with the most of them in the navigation, unless the site
    lists pages there already. Our header is flat: submenu entries are not applied."""
    summary = run.summary
    summary.menu_categories += sum(
        item.meta_value("_menu_item_object") == "category" for item in items
    )
    entries = {
        name: [(item, _page_entry(item, page_ids)) for item in menu]
        for name, menu in _menus(items).items()
    }
    chosen = max(
        entries, key=lambda name: sum(pk is not None for _, pk in entries[name]), default=None
    )
    pages = {pk: item.menu_order for item, pk in entries.get(chosen, []) if pk is not None}
    outcome = _menu_outcome(pages)
    if pages and outcome == "created":
        for pk, order in pages.items():  # update(): the page's updated_at stays the import's
            Page.objects.filter(pk=pk).update(show_in_navigation=True, menu_order=order)
        summary.menu = f"Menu “{chosen}”: {len(pages)} pages put in the site's navigation."
    elif pages and outcome == "skipped":
        summary.menu = f"Menu “{chosen}” not applied: the site's navigation lists pages already."
    for name, menu in entries.items():
        for _, pk in menu:
            summary.add("menu items", outcome if name == chosen and pk is not None else "skipped")


def import_pages(run, items):
    """Import the page and menu items the Run kept (see DEFERRED_TYPES)."""
    pages = list({item.wp_id: item for item in items if item.post_type == "page"}.values())
    importable = []
    for item in pages:
        if item.status in STATUSES:
            importable.append(item)
            continue
        run.summary.add("pages", "skipped")  # trash, auto-draft, inherit
        for comment in item.comments:
            kind = "pingbacks/trackbacks" if comment.type in PINGS else "comments"
            run.summary.add(kind, "skipped")
    page_ids = _write_pages(run, importable)
    import_comments(run, importable, page_ids, Page)
    import_menu(run, [item for item in items if item.post_type == "nav_menu_item"], page_ids)
