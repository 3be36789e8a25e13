"""WordPress's own theme unit test export, read from ../shared/data/ when it is there.

The file is WordPress's, under its licence, so it is not in this repository; the
tests skip without it. tests/data/wxr/blog.xml covers the same cases on its own.
"""

from collections import Counter
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from blog.models import Category, Post
from comments.models import Comment
from tests.wordpress.test_export import round_trip
from wordpress.importing.importer import import_wxr
from wordpress.models import ImportedPost

THEME_DATA = settings.BASE_DIR.parent / "shared" / "data" / "themeunittestdata.wordpress.xml"

pytestmark = pytest.mark.skipif(
    not THEME_DATA.exists(), reason=f"WordPress's theme unit test data is not at {THEME_DATA}"
)


@pytest.fixture
def imported_theme_data(db):
    """The summary of importing WordPress's theme unit test data."""
    return import_wxr(THEME_DATA)


def post(wp_id):
    return ImportedPost.objects.select_related("post").get(wp_id=wp_id).post


def test_summary(imported_theme_data):
    """58 posts imported; 21 pages, 37 attachments, 70 menu items skipped."""
    assert imported_theme_data.rows() == [
        ("authors", 2, 0, 0, 0),
        ("categories", 68, 0, 0, 0),
        ("tags", 114, 0, 0, 0),
        ("other terms", 0, 0, 0, 6),
        ("posts", 58, 0, 0, 0),
        ("pages", 21, 0, 0, 0),
        ("attachments", 0, 0, 0, 37),
        ("menu items", 18, 0, 0, 52),
        ("comments", 29, 0, 0, 0),
        ("pingbacks/trackbacks", 0, 0, 0, 4),
    ]


def test_post_statuses(imported_theme_data):
    """56 published (one of them scheduled), 1 draft, 1 private (password-protected)."""
    assert Counter(Post.objects.values_list("status", flat=True)) == {
        "published": 56, "draft": 1, "private": 1,
    }  # fmt: skip
    assert post(1168).status == Post.Status.PRIVATE
    assert post(1164).status == Post.Status.DRAFT


def test_scheduled_post(imported_theme_data):
    """The "Scheduled" post is published on 1 January 2030, not public before."""
    scheduled = post(1153)
    assert scheduled.published_at == datetime(2030, 1, 1, 19, 0, 18, tzinfo=UTC)
    assert list(Post.objects.filter(published_at__gt=timezone.now())) == [scheduled]


def test_comments(imported_theme_data):
    """24 comments on posts: 23 approved, 1 pending, 9 replies; 5 on pages."""
    on_posts = Comment.objects.filter(post__isnull=False)
    assert Counter(on_posts.values_list("status", flat=True)) == {"approved": 23, "pending": 1}
    assert on_posts.filter(parent__isnull=False).count() == 9
    assert Comment.objects.filter(page__isnull=False).count() == 5


def test_deep_thread(imported_theme_data):
    """ "Template: Comments" keeps its thread of nine replies to replies."""
    parents = dict(post(1148).comments.values_list("pk", "parent_id"))

    def depth(pk):
        return 0 if parents[pk] is None else 1 + depth(parents[pk])

    assert max(depth(pk) for pk in parents) == 9
    assert post(1148).comment_count == 19


def test_sticky_and_closed(imported_theme_data):
    """One sticky post; 39 posts with comments closed."""
    assert list(Post.objects.filter(sticky=True).values_list("title", flat=True)) == [
        "Template: Sticky"
    ]
    assert Post.objects.filter(comments_open=False).count() == 39


def test_untitled_post(imported_theme_data):
    """The post with no title is "(untitled)" at its WordPress slug."""
    assert (post(1169).title, post(1169).slug) == ("(untitled)", "edge-case-no-title")


def test_category_parents(imported_theme_data):
    """Child categories find their parents."""
    assert Category.objects.filter(parent__isnull=False).count() == 10


def test_authors(imported_theme_data):
    """Two authors, inactive; a creator typed as ">themereviewteam" maps to its author."""
    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.get_full_name(), u.is_active) for u in users] == [
        ("themedemos", "Theme Buster", False),
        ("themereviewteam", "Theme Review", False),
    ]


def test_captions_and_shortcodes(imported_theme_data):
    """Captions become figures, galleries galleries; [audio URL] a player (or its link)."""
    assert "<figcaption>Bell on wharf in San Francisco</figcaption>" in post(1163).body_html
    assert imported_theme_data.shortcodes == {}


def test_more_tag(imported_theme_data):
    """The More tag ends the excerpt of "Template: More Tag"."""
    more = post(996)
    assert more.has_more
    assert "after the more tag" not in more.excerpt_html


def test_second_import_unchanged(imported_theme_data):
    """Importing the theme data twice changes nothing."""
    again = import_wxr(THEME_DATA)
    assert again.total("created") == again.total("updated") == 0
    assert again.counts["posts"]["unchanged"] == 58


def test_round_trip(db, tmp_path):
    """Theme data → export → import into an empty database: the same blog."""
    before, after = round_trip(THEME_DATA, tmp_path)
    assert after == before
