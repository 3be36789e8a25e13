"""Blocks WordPress builds when it shows a page, and what becomes of them here.

Latest posts, archives, categories, tag cloud and search have an equivalent of ours,
built when the page is shown (blog.widgets): the import leaves its placeholder. The
others (calendar, RSS, social links, query loops, navigation, site title…) have none
and are dropped, counted by name for the import's summary. So are a theme's patterns
(`wp:pattern`, not in the export) and refs to reusable blocks the export does not
have (those it has are put in the content first: wordpress.convert.reusable).
"""

from blog.widgets import placeholder

# Block name → (widget, the block attribute that says how many items).
WIDGET_BLOCKS = {
    "latest-posts": ("latest-posts", "postsToShow"),
    "archives": ("archives", None),
    "categories": ("categories", None),
    "tag-cloud": ("tag-cloud", "numberOfTags"),
    "search": ("search", None),
}
# A classic widget in a "legacy widget" block: its id_base → the widget.
LEGACY_WIDGETS = {
    "recent-posts": "latest-posts",
    "archives": "archives",
    "categories": "categories",
    "tag_cloud": "tag-cloud",
    "search": "search",
}
# Shortcodes of plugins that list the archives the same way.
WIDGET_SHORTCODES = {"archives": "archives"}
# Dynamic core blocks with no equivalent here; any other block without markup of its
# own (`<!-- wp:name /-->`, not a static block) is dropped and counted too.
DROPPED = frozenset(
    {
        "avatar", "calendar", "comments", "comments-query-loop", "latest-comments",
        "loginout", "navigation", "page-list", "post-author", "post-comments",
        "post-content", "post-date", "post-excerpt", "post-featured-image", "post-terms",
        "post-title", "query", "query-title", "read-more", "rss", "site-logo",
        "site-tagline", "site-title", "social-links", "template-part", "term-description",
        "block", "pattern",
    }
)  # fmt: skip
# What a dropped block is counted as, when its name alone does not say it.
DROPPED_AS = {
    "block": "reusable block not in the export",  # the others are inlined before
    "pattern": "theme pattern",
}
# Static blocks: written without markup (`<!-- wp:paragraph /-->`) they are merely empty.
STATIC_VOID = frozenset(
    {
        "audio", "button", "buttons", "code", "column", "columns", "cover", "details",
        "embed", "file", "footnotes", "freeform", "gallery", "group", "heading", "html",
        "image", "list", "list-item", "media-text", "more", "nextpage", "paragraph",
        "preformatted", "pullquote", "quote", "separator", "shortcode", "spacer", "table",
        "verse", "video",
    }
)  # fmt: skip


def short_name(name):
    return name.removeprefix("core/")


def is_dynamic(name, void):
    name = short_name(name)
    return (
        name in WIDGET_BLOCKS
        or name in DROPPED
        or name == "legacy-widget"
        or (void and name not in STATIC_VOID)
    )


def replacement(name, attributes, dropped, widgets):
    """The placeholder for a dynamic block, or "" when it is dropped (and counted)."""
    name = short_name(name)
    widget, count = None, None
    if name in WIDGET_BLOCKS:
        widget, count_key = WIDGET_BLOCKS[name]
        count = attributes.get(count_key) if count_key else None
    elif name == "legacy-widget":
        widget = LEGACY_WIDGETS.get(str(attributes.get("idBase", "")))
        name = f"legacy widget {attributes.get('idBase') or '?'}"
    if widget is None:
        dropped[DROPPED_AS.get(name, name)] += 1
        return ""
    widgets[widget] += 1
    count = count if isinstance(count, int) and count > 0 else None
    return placeholder(widget, count)


def shortcode_widget(name, widgets):
    """The placeholder for a shortcode that lists what a widget does (counted), or ""."""
    widget = WIDGET_SHORTCODES.get(name.lower())
    if widget is None:
        return ""
    widgets[widget] += 1
    return placeholder(widget)
