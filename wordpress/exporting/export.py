"""All posts, pages, media, terms, their authors and comments as a WXR 1.2 file,
written as it goes.

The element names, namespaces and CDATA sections are those of WordPress's own export,
so that WordPress's importer (and ours) reads the file. Ids in the file are our
primary keys, but for pages, menu items and media: WordPress's importer needs every
item's id apart, so theirs are PAGE_IDS (MENU_ITEM_IDS, MEDIA_IDS; wordpress.exporting.xml)
plus the key. The pages in the site's navigation are written as the menu "Navigation"
(wordpress.exporting.menu). Post and page bodies are written as "Custom HTML" blocks
(Markdown posts as the HTML they render to), with a "More" block where the excerpt
ends, their images by absolute URL (wordpress.exporting.media). Every link is under
`base_url`, the site's address.

Each post, page and media item also carries its own key as post meta (`_blog_post_id`,
`_blog_page_id`, `_blog_media_id`): importing the file into this same site finds them
(wordpress.importing.own_site), so it changes nothing.
"""

import html
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils import timezone

from blog.authors import display_name
from blog.markup import MORE_RE, render_body, render_markdown
from blog.models import Category, Page, Post, Tag
from comments.models import Comment
from wordpress.exporting.media import ExportMedia
from wordpress.exporting.menu import menu_item, menu_term
from wordpress.exporting.xml import (
    MEDIA_IDS,
    PAGE_IDS,
    cdata,
    element,
    gmt,
    item_xml,
    local,
    postmeta,
    rfc822,
    text,
)

WP_STATUS = {
    Post.Status.DRAFT: "draft",
    Post.Status.PRIVATE: "private",
    Post.Status.TRASH: "trash",
}
WP_APPROVED = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.TRASH: "trash",
}
CHUNK = 500
MORE_BLOCK = "\n\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n"


def post_content(post, media, owner):
    """The post as "Custom HTML" blocks, split by a "More" block where its excerpt ends.

    Blocks, so that WordPress shows the HTML as it is instead of adding paragraphs to it
    (and so does our importer, which leaves block-editor content alone). `owner`: the
    post's id in the file, for the media it uses.
    """
    parts = MORE_RE.split(post.body, maxsplit=1)
    if post.body_format != Post.BodyFormat.HTML and len(parts) == 1:
        parts = [post.body_html]  # rendered when it was saved
    elif post.body_format != Post.BodyFormat.HTML:
        parts = [render_body(part, post.body_format) for part in parts]
    parts = [media.body(part, owner).strip() for part in parts]
    blocks = [f"<!-- wp:html -->\n{part}\n<!-- /wp:html -->" for part in parts]
    return MORE_BLOCK.join(blocks)


def wp_status(post):
    if isinstance(post, Page):
        return {Page.Status.PUBLISHED: "publish", **WP_STATUS}[post.status]
    if post.status == Post.Status.PUBLISHED:
        return "future" if post.published_at > timezone.now() else "publish"
    return WP_STATUS[post.status]


def _header(base_url):
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- A WordPress eXtended RSS (WXR) file: import it with WordPress's Tools → Import → WordPress. -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>{text(settings.BLOG_TITLE)}</title>
\t<link>{text(base_url)}</link>
\t<description>{text(settings.BLOG_TAGLINE)}</description>
\t<pubDate>{rfc822(timezone.now())}</pubDate>
\t<language>{text(settings.LANGUAGE_CODE)}</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>{text(base_url)}</wp:base_site_url>
\t<wp:base_blog_url>{text(base_url)}</wp:base_blog_url>
"""


def _authors():
    User = get_user_model()
    writers = User.objects.filter(
        Q(posts__isnull=False) | Q(pages__isnull=False) | Q(media_items__isnull=False)
    )
    for user in writers.distinct().order_by("pk"):
        yield (
            "\t<wp:author>"
            + "".join(
                [
                    element("wp:author_id", user.pk, raw=True),
                    element("wp:author_login", user.get_username()),
                    element("wp:author_email", user.email),
                    element("wp:author_display_name", display_name(user)),
                    element("wp:author_first_name", user.first_name),
                    element("wp:author_last_name", user.last_name),
                ]
            )
            + "</wp:author>\n"
        )


def parents_first(objects):
    """Objects with a `parent_id`, each after its parent (WordPress's importer needs it)."""
    ids = {obj.pk for obj in objects}
    written, pending = set(), list(objects)
    while pending:
        ready = [o for o in pending if o.parent_id not in ids or o.parent_id in written]
        ready = ready or pending  # a loop of parents: write the rest as they come
        yield from ready
        written.update(o.pk for o in ready)
        pending = [o for o in pending if o.pk not in written]


def _terms():
    for category in parents_first(Category.objects.select_related("parent").order_by("pk")):
        yield (
            "\t<wp:category>"
            + "".join(
                [
                    element("wp:term_id", category.pk, raw=True),
                    element("wp:category_nicename", category.slug),
                    element("wp:category_parent", category.parent.slug if category.parent else ""),
                    element("wp:cat_name", category.name),
                    element("wp:category_description", category.description),
                ]
            )
            + "</wp:category>\n"
        )
    for tag in Tag.objects.order_by("pk"):
        yield (
            "\t<wp:tag>"
            + "".join(
                [
                    element("wp:term_id", tag.pk, raw=True),
                    element("wp:tag_slug", tag.slug),
                    element("wp:tag_name", tag.name),
                    element("wp:tag_description", tag.description),
                ]
            )
            + "</wp:tag>\n"
        )


def _comment(comment):
    return (
        "\t\t<wp:comment>\n"
        + "".join(
            f"\t\t\t{line}\n"
            for line in [
                element("wp:comment_id", comment.pk, raw=True),
                element("wp:comment_author", comment.name),
                element("wp:comment_author_email", comment.email),
                element("wp:comment_author_url", comment.url),
                element("wp:comment_author_IP", comment.ip_address or ""),
                element("wp:comment_date", local(comment.created_at)),
                element("wp:comment_date_gmt", gmt(comment.created_at)),
                element("wp:comment_content", comment.body),
                element("wp:comment_approved", WP_APPROVED[comment.status]),
                element("wp:comment_type", "comment"),
                element("wp:comment_parent", comment.parent_id or 0, raw=True),
                element("wp:comment_user_id", comment.user_id or 0, raw=True),
            ]
        )
        + "\t\t</wp:comment>\n"
    )


def _item(post, base_url, media):
    terms = [("category", term) for term in post.categories.all()]
    terms += [("post_tag", term) for term in post.tags.all()]
    meta = [("_blog_post_id", post.pk)]
    if post.featured_image_id:
        media.use(post.featured_image_id, post.pk)
        meta.append(("_thumbnail_id", MEDIA_IDS + post.featured_image_id))
    excerpt = render_markdown(post.excerpt) if post.excerpt.strip() else ""
    lines = [
        element("title", html.escape(post.title, quote=False)),
        element("link", text(base_url + post.get_absolute_url()), raw=True),
        element("pubDate", rfc822(post.published_at)),
        element("dc:creator", post.author.get_username()),
        f'<guid isPermaLink="false">{text(base_url)}/?p={post.pk}</guid>',
        "<description></description>",
        element("content:encoded", post_content(post, media, post.pk)),
        element("excerpt:encoded", media.body(excerpt, post.pk)),
        element("wp:post_id", post.pk, raw=True),
        element("wp:post_date", local(post.published_at)),
        element("wp:post_date_gmt", gmt(post.published_at)),
        element("wp:post_modified", local(post.updated_at)),
        element("wp:post_modified_gmt", gmt(post.updated_at)),
        element("wp:comment_status", "open" if post.comments_open else "closed"),
        element("wp:ping_status", "closed"),
        element("wp:post_name", post.slug),
        element("wp:status", wp_status(post)),
        element("wp:post_parent", 0, raw=True),
        element("wp:menu_order", 0, raw=True),
        element("wp:post_type", "post"),
        element("wp:post_password", ""),
        element("wp:is_sticky", int(post.sticky), raw=True),
        *(
            f"<category domain={quoteattr(domain)} nicename={quoteattr(term.slug)}>"
            f"{cdata(term.name)}</category>"
            for domain, term in terms
        ),
        *(postmeta(key, value) for key, value in meta),
    ]
    return item_xml(lines, _comments(post))


def _comments(target):
    return "".join(_comment(comment) for comment in parents_first(target.comments.all()))


def _page_item(page, base_url, media):
    """A page: post_type "page", dated when it was written here, under its parent."""
    wp_id = PAGE_IDS + page.pk
    lines = [
        element("title", html.escape(page.title, quote=False)),
        element("link", text(base_url + page.get_absolute_url()), raw=True),
        element("pubDate", rfc822(page.created_at)),
        element("dc:creator", page.author.get_username()),
        f'<guid isPermaLink="false">{text(base_url)}/?page_id={wp_id}</guid>',
        "<description></description>",
        element("content:encoded", post_content(page, media, wp_id)),
        element("excerpt:encoded", ""),
        element("wp:post_id", wp_id, raw=True),
        element("wp:post_date", local(page.created_at)),
        element("wp:post_date_gmt", gmt(page.created_at)),
        element("wp:post_modified", local(page.updated_at)),
        element("wp:post_modified_gmt", gmt(page.updated_at)),
        element("wp:comment_status", "open" if page.comments_open else "closed"),
        element("wp:ping_status", "closed"),
        element("wp:post_name", page.slug),
        element("wp:status", wp_status(page)),
        element("wp:post_parent", PAGE_IDS + page.parent_id if page.parent_id else 0, raw=True),
        element("wp:menu_order", page.menu_order, raw=True),
        element("wp:post_type", "page"),
        element("wp:post_password", ""),
        element("wp:is_sticky", 0, raw=True),
        postmeta("_blog_page_id", page.pk),
    ]
    return item_xml(lines, _comments(page))


def export_wxr(out, base_url):
    """Write the WXR file to the text stream `out`, a chunk of posts at a time.

    `base_url`: the site's address (https://blog.example.org), which every link in the
    file starts with.
    """
    base_url = base_url.rstrip("/")
    media = ExportMedia(base_url)
    out.write(_header(base_url))
    for part in _authors():
        out.write(part)
    for part in _terms():
        out.write(part)
    navigation = list(Page.objects.filter(show_in_navigation=True).select_related("author"))
    if navigation:
        out.write(menu_term())
    posts = (
        Post.objects.select_related("author")
        .prefetch_related(
            "categories",
            "tags",
            Prefetch("comments", queryset=Comment.objects.order_by("created_at", "pk")),
        )
        .order_by("pk")
    )
    for post in posts.iterator(chunk_size=CHUNK):
        out.write(_item(post, base_url, media))
    pages = Page.objects.select_related("author").prefetch_related(
        Prefetch("comments", queryset=Comment.objects.order_by("created_at", "pk"))
    )
    for page in parents_first(list(pages.order_by("pk"))):
        out.write(_page_item(page, base_url, media))
    for part in media.attachments():
        out.write(part)
    for page in navigation:
        out.write(menu_item(page))
    out.write("</channel>\n</rss>\n")
