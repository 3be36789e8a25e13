"""A post's comment list is rendered once per generation for readers the page cache
cannot serve (signed in, or with saved details), and each commenter still sees their own."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pagecache
from comments.models import Comment


def test_a_signed_in_reader_gets_the_list_without_its_query(admin_client, post, make_comment):
    """The second signed-in view reads no comments: the list comes from the fragment."""
    make_comment(post, body="Shown from the fragment.")
    first = admin_client.get(post.get_absolute_url())
    assert "Shown from the fragment." in first.text
    with CaptureQueriesContext(connection) as captured:
        second = admin_client.get(post.get_absolute_url())
    assert "Shown from the fragment." in second.text
    assert not any("comments_comment" in q["sql"] for q in captured.captured_queries)


def test_a_new_approved_comment_shows_at_once(
    committed, admin_client, post, make_comment, post_comment, settings
):
    """An approved comment starts a new generation: the fragment is rendered anew."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    make_comment(post, body="Before.")
    admin_client.get(post.get_absolute_url())
    with committed():
        assert post_comment(post, body="After, approved at once.").status_code == 302
    assert "After, approved at once." in admin_client.get(post.get_absolute_url()).text


def test_a_commenter_with_a_held_comment_sees_it_and_others_do_not(
    settings, post, make_comment, post_comment, client
):
    """A held comment is shown to its author (no fragment) and to nobody else."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    make_comment(post, body="Public words.")
    reader = Client()
    reader.cookies["comment_author"] = "x"  # a cookie makes the page personal, not cached
    reader.get(post.get_absolute_url())
    assert post_comment(post, body="Waiting words.").status_code == 302
    assert Comment.objects.get(body="Waiting words.").status == Comment.Status.PENDING
    assert "Waiting words." in client.get(post.get_absolute_url()).text
    page = reader.get(post.get_absolute_url()).text
    assert "Public words." in page and "Waiting words." not in page


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_without_the_page_cache_lists_and_neighbours_are_still_kept(settings, post, make_post):
    """BLOG_PAGE_CACHE=0 renders every page, but what every reader shares (the list's
    summaries, a post's neighbours) is read once per generation."""
    settings.BLOG_PAGE_CACHE = False
    make_post(title="Beans")
    for url in ("/", post.get_absolute_url()):
        first, second = queries_of(Client(), url), queries_of(Client(), url)
        assert len(second) < len(first)
    assert not any("blog_post_categories" in sql for sql in queries_of(Client(), "/"))


def test_a_newer_post_becomes_the_next_one_at_once(committed, settings, post, make_post):
    """A new post starts a new generation, as every writer does (pagecache.changed): the
    older post's page links to it."""
    settings.BLOG_PAGE_CACHE = False
    assert "post-nav-next" not in Client().get(post.get_absolute_url()).text
    with committed():
        newer = make_post(title="Beans")
        pagecache.changed()
    page = Client().get(post.get_absolute_url()).text
    assert f'class="post-nav-next" href="{newer.get_absolute_url()}"' in page
    page = Client().get(newer.get_absolute_url()).text
    assert f'class="post-nav-previous" href="{post.get_absolute_url()}"' in page


def test_the_switch_turns_fragments_off(settings, post):
    """BLOG_FRAGMENT_CACHE=0: every page reads everything again."""
    settings.BLOG_PAGE_CACHE = settings.BLOG_FRAGMENT_CACHE = False
    for url in ("/", post.get_absolute_url()):
        assert len(queries_of(Client(), url)) == len(queries_of(Client(), url))


def test_a_new_comment_reads_the_comments_again_but_not_the_rest(
    committed, settings, admin_client, post, make_post, post_comment
):
    """A comment starts a new generation of comments only: the post's comment list is
    read again, its navigation, neighbours and terms are not; any other change reads all."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    make_post(title="Beans")
    url = post.get_absolute_url()
    neighbour = '"blog_post"."slug", "blog_post"."published_at" FROM "blog_post"'

    def reads(queries):
        return {
            "comments": any('FROM "comments_comment"' in sql for sql in queries),
            "navigation": any('FROM "blog_page"' in sql for sql in queries),
            "neighbours": any(neighbour in sql for sql in queries),
            "terms": any('FROM "blog_category"' in sql for sql in queries),
        }

    admin_client.get(url)
    with committed():
        assert post_comment(post, body="Read again.").status_code == 302
    after_comment = queries_of(admin_client, url)
    assert reads(after_comment) == {
        "comments": True,
        "navigation": False,
        "neighbours": False,
        "terms": False,
    }
    assert "Read again." in admin_client.get(url).text
    with committed():
        pagecache.changed()  # as any other writer does
    assert reads(queries_of(admin_client, url)) == dict.fromkeys(reads([]), True)


def test_a_post_page_from_its_fragment_shows_its_terms_and_the_new_count(
    committed, settings, client, make_post, make_category, make_tag, post_comment
):
    """The article (byline, figure, text, tags) is kept past a comment, the count of
    comments beside it is not: the page shows the new count, its categories and tags,
    in the page and in its JSON-LD, without reading them."""
    settings.BLOG_PAGE_CACHE = False
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    post = make_post(title="Leeks")
    category = make_category("Vegetable beds")
    post.categories.add(category)
    post.tags.add(make_tag("Winter crops"))
    with committed():
        pagecache.changed()
    assert "No comments</a>" in client.get(post.get_absolute_url()).text
    with committed():
        assert post_comment(post, body="Counted.").status_code == 302
    with CaptureQueriesContext(connection) as captured:
        page = Client().get(post.get_absolute_url()).text
    assert not any("blog_category" in q["sql"] or "blog_tag" in q["sql"] for q in captured)
    assert f'href="{post.get_absolute_url()}#comments">1 Comment</a>' in page
    assert f">{category.name}</a>" in page and 'rel="tag">Winter crops</a>' in page
    assert f'"articleSection": ["{category.name}"]' in page
    assert '"keywords": ["Winter crops"]' in page
    assert '"commentCount": 1' in page
