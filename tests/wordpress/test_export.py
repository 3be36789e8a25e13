"""Exporting to WXR: WordPress's format, and a round trip through our own importer."""

import io
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Category, Page, Post, Tag
from comments.models import Comment
from medialibrary.models import MediaItem
from wordpress.exporting.export import export_wxr
from wordpress.importing.importer import import_wxr
from wordpress.models import (
    ImportedAuthor,
    ImportedCategory,
    ImportedMedia,
    ImportedPage,
    ImportedTag,
)

FIXTURES = Path(__file__).parents[1] / "data" / "wxr"
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def seconds(moment):
    return moment.replace(microsecond=0).isoformat()


def snapshot():
    """What a round trip must keep, independent of primary keys."""
    posts = {
        p.slug: (
            p.title, p.status, seconds(p.published_at), p.sticky, p.comments_open,
            p.author.username, p.author.get_full_name(),
            sorted(p.categories.values_list("slug", flat=True)),
            sorted(p.tags.values_list("slug", flat=True)),
            " ".join(p.body_html.split()), " ".join(p.excerpt_html.split()), p.has_more,
            p.comment_count,
        )
        for p in Post.objects.select_related("author")
    }  # fmt: skip
    comments = sorted(
        (
            c.target.get_absolute_url(), c.name, c.email, c.url, c.ip_address,
            seconds(c.created_at), c.status, c.body, c.user.username if c.user else None,
            (c.parent.name, seconds(c.parent.created_at)) if c.parent else None,
        )
        for c in Comment.objects.select_related("post", "page", "parent", "user")
    )  # fmt: skip
    categories = sorted(
        (c.slug, c.name, c.description, c.parent.slug if c.parent else None)
        for c in Category.objects.select_related("parent")
    )
    tags = sorted(Tag.objects.values_list("slug", "name", "description"))
    pages = {
        p.path: (
            p.title, p.status, p.menu_order, p.show_in_navigation, p.comments_open,
            p.author.username, " ".join(p.body_html.split()), p.comment_count,
        )
        for p in Page.objects.select_related("author")
    }  # fmt: skip
    return {
        "posts": posts, "pages": pages, "comments": comments, "categories": categories,
        "tags": tags,
    }  # fmt: skip


def empty_database():
    """Everything the import makes, deleted, as in a fresh database."""
    Comment.objects.all().delete()
    Post.objects.all().delete()
    while Page.objects.exists():  # children first: a page protects its subpages' parent
        Page.objects.filter(children=None).delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    MediaItem.objects.all().delete()
    get_user_model().objects.all().delete()
    for model in (ImportedAuthor, ImportedCategory, ImportedTag, ImportedPage, ImportedMedia):
        model.objects.all().delete()


def round_trip(source, tmp_path):
    """Import source, export, import the export into an empty database: both snapshots."""
    import_wxr(source)
    before = snapshot()
    exported = tmp_path / "export.xml"
    with exported.open("w", encoding="utf-8") as out:
        export_wxr(out, "https://blog.example.org")
    empty_database()
    import_wxr(exported)
    return before, snapshot()


@pytest.fixture
def exported(db):
    """The fixture blog imported, then exported: the parsed XML tree."""
    import_wxr(FIXTURES / "blog.xml")
    out = io.StringIO()
    export_wxr(out, "https://blog.example.org/")
    return ET.fromstring(out.getvalue())


def items(tree):
    return {i.findtext(f"{WP}post_name"): i for i in tree.iter("item")}


def test_round_trip_keeps_everything(db, tmp_path):
    """Posts, statuses, dates, slugs, terms, comments and threading survive a round trip."""
    before, after = round_trip(FIXTURES / "blog.xml", tmp_path)
    assert after == before


def test_round_trip_of_markdown_post(make_post, tmp_path):
    """A Markdown post of ours comes back as the same HTML, excerpt break included."""
    make_post(slug="md", body="Intro *here*.\n\n<!--more-->\n\n## More\n\nRest.")
    before, after = round_trip(FIXTURES / "wxr-1.0.xml", tmp_path)
    assert after["posts"]["md"] == before["posts"]["md"]
    assert Post.objects.get(slug="md").body_format == Post.BodyFormat.HTML


def test_wxr_version_and_namespaces(exported):
    """The file says WXR 1.2 in WordPress's own namespace."""
    assert exported.tag == "rss"
    assert exported.findtext(f"channel/{WP}wxr_version") == "1.2"
    assert exported.findtext(f"channel/{WP}base_blog_url") == "https://blog.example.org"


def test_post_statuses_in_wordpress_terms(exported):
    """Published, scheduled, draft and private posts get WordPress's status names."""
    statuses = {slug: i.findtext(f"{WP}status") for slug, i in items(exported).items()}
    assert statuses["first-frost"] == "publish"
    assert statuses["next-spring"] == "future"
    assert statuses["seed-order"] == "draft"
    assert statuses["plot-accounts"] == "private"


def test_post_dates_local_and_gmt(exported, settings):
    """post_date is in TIME_ZONE, post_date_gmt in UTC."""
    first = items(exported)["first-frost"]
    assert first.findtext(f"{WP}post_date_gmt") == "2020-03-01 15:00:00"
    assert first.findtext(f"{WP}post_date") == "2020-03-01 15:00:00"  # TIME_ZONE is UTC


def test_content_is_cdata_with_more_block(db):
    """Content is written as CDATA; the excerpt break is WordPress's More block."""
    import_wxr(FIXTURES / "blog.xml")
    out = io.StringIO()
    export_wxr(out, "https://blog.example.org")
    text = out.getvalue()
    assert "<content:encoded><![CDATA[<!-- wp:html -->" in text
    assert "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->" in text


def test_cdata_end_marker_is_split(make_post):
    """ "]]>" in a post does not end the CDATA section early."""
    make_post(slug="tricky", body="a ]]> b", body_format="html")
    out = io.StringIO()
    export_wxr(out, "https://blog.example.org")
    tree = ET.fromstring(out.getvalue())
    assert "a ]]> b" in items(tree)["tricky"].findtext(CONTENT)


def test_control_characters_are_dropped(make_post):
    """Characters XML cannot carry are left out rather than making the file unreadable."""
    make_post(slug="ctl", title="Bell\x07 rings", body="x")
    out = io.StringIO()
    export_wxr(out, "https://blog.example.org")
    assert items(ET.fromstring(out.getvalue()))["ctl"].findtext("title") == "Bell rings"


def test_categories_parents_first(exported):
    """A parent category is written before its children, as WordPress's importer needs."""
    slugs = [c.findtext(f"{WP}category_nicename") for c in exported.iter(f"{WP}category")]
    assert slugs.index("vegetables") < slugs.index("tomatoes")


def test_comments_with_status_and_parent(exported):
    """Comments carry WordPress's approved values and their parent's id."""
    comments = {
        c.findtext(f"{WP}comment_content"): c
        for c in items(exported)["first-frost"].iter(f"{WP}comment")
    }
    reply = comments["Fried, with breadcrumbs."]
    parent_id = reply.findtext(f"{WP}comment_parent")
    assert (
        comments["What do you do with the green ones?\nAsking for a friend."].findtext(
            f"{WP}comment_id"
        )
        == parent_id
    )
    assert [comments[b].findtext(f"{WP}comment_approved") for b in (
        "Waiting for a moderator.", "Buy now", "Deleted by its author.",
    )] == ["0", "spam", "trash"]  # fmt: skip


def test_command_writes_stdout(db, capsys):
    """Without a FILE the export goes to standard output."""
    import_wxr(FIXTURES / "wxr-1.0.xml")
    call_command("export_wxr", "--base-url", "https://blog.example.org")
    tree = ET.fromstring(capsys.readouterr().out)
    assert [i.findtext("title") for i in tree.iter("item")] == ["Hello world"]


def test_command_writes_file(db, tmp_path, settings):
    """With a FILE the export is written there; the address is BLOG_SITE_URL's."""
    settings.BLOG_SITE_URL = "https://notes.example.net"
    import_wxr(FIXTURES / "wxr-1.0.xml")
    path = tmp_path / "out.xml"
    call_command("export_wxr", str(path))
    tree = ET.parse(path).getroot()
    assert tree.findtext(f"channel/{WP}base_site_url") == "https://notes.example.net"
    assert tree.find("channel/item/link").text.startswith("https://notes.example.net/")


def test_command_needs_the_sites_address(db, tmp_path, settings):
    """Without --base-url or BLOG_SITE_URL the command says so and writes nothing."""
    settings.BLOG_SITE_URL = ""
    path = tmp_path / "out.xml"
    with pytest.raises(CommandError, match="--base-url"):
        call_command("export_wxr", str(path))
    assert not path.exists()


@pytest.mark.parametrize(
    "address",
    [
        "ftp://blog.example.org",
        "blog.example.org",
        "https://",
        "https://blog.example.org/blog/",
        "https://blog.example.org/?p=1",
        "https://blog.example.org/#top",
        "https://user@blog.example.org",
        "https://blog.example.org:99999",
    ],
)
def test_command_refuses_what_is_not_a_sites_address(db, address, capsys):
    """--base-url is http(s), a host and nothing after it but "/"."""
    with pytest.raises(CommandError, match="is not a site's address"):
        call_command("export_wxr", "--base-url", address)
    assert capsys.readouterr().out == ""


def test_command_takes_a_trailing_slash_and_a_port(db, capsys):
    """https://host:8443/ is the address https://host:8443."""
    call_command("export_wxr", "--base-url", "https://blog.example.org:8443/")
    tree = ET.fromstring(capsys.readouterr().out)
    assert tree.findtext(f"channel/{WP}base_blog_url") == "https://blog.example.org:8443"
