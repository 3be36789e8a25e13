"""Threaded display, reply depth, replying without JavaScript, and comment pages."""

from types import SimpleNamespace

import pytest

from comments.display.threads import flatten, roots_and_children
from comments.models import Comment
from tests.support.comment_pages import comment_parents

pytestmark = pytest.mark.usefixtures("open_moderation")


def chain(make_comment, post, length):
    """A reply to a reply to ... `length` comments deep; the deepest last."""
    comments, parent = [], None
    for _ in range(length):
        parent = make_comment(post, parent=parent)
        comments.append(parent)
    return comments


def test_reply_sits_inside_its_parent_element(client, make_comment, post):
    """A reply's element is inside the element of the comment it answers."""
    first = make_comment(post)
    reply = make_comment(post, parent=first)
    second = make_comment(post)
    parents = comment_parents(client.get(post.get_absolute_url()).content)
    assert parents == {first.pk: None, reply.pk: first.pk, second.pk: None}


def test_replies_nest_to_the_thread_depth(settings, client, make_comment, post):
    """Five levels show as five nested elements."""
    settings.BLOG_COMMENT_THREAD_DEPTH = 5
    comments = chain(make_comment, post, 5)
    parents = comment_parents(client.get(post.get_absolute_url()).content)
    assert [parents[c.pk] for c in comments] == [None, *[c.pk for c in comments[:-1]]]


def test_threads_show_oldest_first(client, make_comment, post):
    """Comments read in the order they were written."""
    first, second = make_comment(post, body="First!"), make_comment(post, body="Second!")
    parents = comment_parents(client.get(post.get_absolute_url()).content)
    assert list(parents) == [first.pk, second.pk]


def test_reply_posted_through_the_form_is_threaded(post, make_comment, post_comment):
    """A POST with `parent` stores the reply under that comment."""
    parent = make_comment(post)
    post_comment(post, parent=str(parent.pk))
    assert Comment.objects.latest().parent == parent


def test_reply_to_the_deepest_level_is_stored_beside_it(settings, make_comment, post, post_comment):
    """Replying at BLOG_COMMENT_THREAD_DEPTH stores the reply with that comment's parent."""
    settings.BLOG_COMMENT_THREAD_DEPTH = 3
    comments = chain(make_comment, post, 3)
    post_comment(post, parent=str(comments[-1].pk))
    assert Comment.objects.latest().parent == comments[1]


def test_reply_below_the_deepest_level_is_nested(settings, make_comment, post, post_comment):
    """Replying one level above the limit still nests."""
    settings.BLOG_COMMENT_THREAD_DEPTH = 3
    comments = chain(make_comment, post, 2)
    post_comment(post, parent=str(comments[-1].pk))
    assert Comment.objects.latest().parent == comments[-1]


def test_flat_comments_at_depth_one(settings, make_comment, post, post_comment):
    """With BLOG_COMMENT_THREAD_DEPTH = 1 a reply starts a new thread."""
    settings.BLOG_COMMENT_THREAD_DEPTH = 1
    parent = make_comment(post)
    post_comment(post, parent=str(parent.pk))
    assert Comment.objects.latest().parent is None


@pytest.mark.parametrize("status", ["pending", "spam", "trash"])
def test_reply_to_an_unapproved_comment_answers_400(make_comment, post, post_comment, status):
    """Replies to comments that are not approved answer 400, as for a missing comment."""
    parent = make_comment(post, status=status)
    response = post_comment(post, parent=str(parent.pk))
    assert response.status_code == 400
    assert "The comment you replied to could not be found." in response.text


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "999999", "99999999999999999999999"])
def test_bad_parent_answers_400(post, post_comment, value):
    """A parent that is not a comment id answers 400 with the error on the form."""
    response = post_comment(post, parent=value)
    assert response.status_code == 400
    assert "The comment you replied to could not be found." in response.text


def test_parent_from_another_post_answers_400(make_post, make_comment, post, post_comment):
    """A parent on another post answers 400."""
    foreign = make_comment(make_post())
    assert post_comment(post, parent=str(foreign.pk)).status_code == 400


def test_replytocom_renders_the_form_as_a_reply(client, make_comment, post):
    """?replytocom=<id> sets the heading, the Cancel reply link and the hidden parent."""
    parent = make_comment(post, name="Margaret")
    page = client.get(f"{post.get_absolute_url()}?replytocom={parent.pk}").text
    assert "Leave a Reply to Margaret" in page
    cancel = page.split('id="cancel-comment-reply-link"', 1)[1].split(">", 1)[0]
    assert "hidden" not in cancel
    assert f'href="{post.get_absolute_url()}#respond"' in cancel
    assert f'name="parent" value="{parent.pk}"' in page


def test_without_replytocom_the_form_starts_a_thread(client, post):
    """The plain page says "Leave a Reply" and hides Cancel reply."""
    page = client.get(post.get_absolute_url()).text
    assert '<span class="reply-title-text">Leave a Reply</span>' in page
    cancel = page.split('id="cancel-comment-reply-link"', 1)[1].split(">", 1)[0]
    assert " hidden" in cancel


@pytest.mark.parametrize("value", ["x", "", "0", "99999999999999999999999"])
def test_replytocom_that_names_no_comment_is_ignored(client, post, value):
    """A replytocom that names no approved comment shows the plain form."""
    page = client.get(f"{post.get_absolute_url()}?replytocom={value}")
    assert page.status_code == 200
    assert "Leave a Reply to" not in page.text


def test_replytocom_to_a_pending_comment_is_ignored(client, make_comment, post):
    """A pending comment cannot be replied to, so the form stays plain."""
    parent = make_comment(post, name="Margaret", status="pending")
    page = client.get(f"{post.get_absolute_url()}?replytocom={parent.pk}").text
    assert "Leave a Reply to" not in page


def test_reply_link_works_without_javascript(client, make_comment, post):
    """Each comment's Reply link is ?replytocom=<id>#respond, with data for the script."""
    comment = make_comment(post, name="Margaret")
    page = client.get(post.get_absolute_url()).text
    link = page.split('class="comment-reply-link"', 1)[1].split(">", 1)[0]
    assert f'href="?replytocom={comment.pk}#respond"' in link
    assert f'data-comment-id="{comment.pk}"' in link
    assert 'data-author="Margaret"' in link


@pytest.mark.parametrize(
    ("count", "heading"),
    [(0, "No comments yet"), (1, "1 Comment on “Tomatoes”"), (3, "3 Comments on “Tomatoes”")],
)
def test_heading_counts_the_comments(client, make_comment, post, count, heading):
    """The heading says how many approved comments the post has."""
    for _ in range(count):
        make_comment(post)
    assert heading in client.get(post.get_absolute_url()).text


def test_closed_post_shows_comments_but_no_form(client, make_post, make_comment):
    """On a closed post the comments stay, the form goes, "Comments are closed." shows."""
    post = make_post(comments_open=False)
    make_comment(post, body="Kept on show.")
    page = client.get(post.get_absolute_url()).text
    assert "Kept on show." in page
    assert "Comments are closed." in page
    assert 'id="commentform"' not in page
    assert "comment-reply-link" not in page


@pytest.fixture
def paged(settings, make_comment, post):
    """Seven threads, three a page; the fifth thread has a reply."""
    settings.BLOG_COMMENTS_PER_PAGE = 3
    threads = [make_comment(post, body=f"Thread {n}") for n in range(1, 8)]
    reply = make_comment(post, parent=threads[4], body="Reply in thread 5")
    return threads, reply


def test_first_comment_page_shows_the_oldest_threads(client, post, paged):
    """Page 1 holds the first BLOG_COMMENTS_PER_PAGE threads."""
    threads, _ = paged
    parents = comment_parents(client.get(post.get_absolute_url()).content)
    assert list(parents) == [c.pk for c in threads[:3]]


def test_second_comment_page_keeps_replies_with_their_thread(client, post, paged):
    """?cpage=2 shows threads 4-6 with their replies."""
    threads, reply = paged
    page = client.get(f"{post.get_absolute_url()}?cpage=2")
    parents = comment_parents(page.content)
    assert list(parents) == [threads[3].pk, threads[4].pk, reply.pk, threads[5].pk]


def test_comment_pages_link_to_each_other(client, post, paged):
    """Pages link to each other in a .comment-pagination nav."""
    page = client.get(f"{post.get_absolute_url()}?cpage=2").text
    nav = page.split('class="comment-pagination"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{post.get_absolute_url()}#comments"' in nav
    assert 'href="?cpage=3#comments"' in nav
    assert 'aria-current="page">2<' in nav


def test_few_threads_show_no_comment_pagination(client, make_comment, post):
    """One page of threads needs no page links."""
    make_comment(post)
    assert "comment-pagination" not in client.get(post.get_absolute_url()).text


def test_permalink_of_a_comment_on_page_two(post, paged):
    """A comment's URL names the comment page that shows it."""
    _, reply = paged
    assert reply.get_absolute_url() == f"{post.get_absolute_url()}?cpage=2#comment-{reply.pk}"


def test_permalink_of_a_comment_on_page_one(post, paged):
    """On page 1 the URL has no cpage."""
    threads, _ = paged
    assert threads[0].get_absolute_url() == f"{post.get_absolute_url()}#comment-{threads[0].pk}"


def test_permalink_lands_on_the_comment(client, post, paged):
    """Following a comment's permalink shows that comment."""
    _, reply = paged
    assert f'id="comment-{reply.pk}"' in client.get(reply.get_absolute_url()).text


def test_dates_on_page_two_link_with_cpage(client, post, paged):
    """The date permalink of a comment on page 2 keeps ?cpage=2."""
    _, reply = paged
    page = client.get(f"{post.get_absolute_url()}?cpage=2").text
    assert f'href="{post.get_absolute_url()}?cpage=2#comment-{reply.pk}"' in page


def test_reply_links_on_page_two_keep_the_page(client, post, paged):
    """Reply links on page 2 keep ?cpage=2 so the reply form shows that page."""
    _, reply = paged
    page = client.get(f"{post.get_absolute_url()}?cpage=2").text
    assert f'href="?cpage=2&amp;replytocom={reply.pk}#respond"' in page


@pytest.mark.parametrize("value", ["abc", "0", "-3", "99", "1e9"])
def test_unknown_comment_page_falls_back(client, post, paged, value):
    """A cpage that is not a page shows a page anyway, never an error."""
    assert client.get(f"{post.get_absolute_url()}?cpage={value}").status_code == 200


def node(pk, parent_id=None):
    return SimpleNamespace(pk=pk, parent_id=parent_id)


def test_flatten_marks_what_opens_and_closes():
    """The flat list opens a reply list before children and closes every level it opened."""
    comments = [node(1), node(2, 1), node(3, 2), node(4), node(5, 1)]
    roots, children = roots_and_children(comments)
    entries = flatten(roots, children, max_depth=5)
    shape = [(e.comment.pk, e.depth, e.has_children, len(e.closes)) for e in entries]
    assert shape == [
        (1, 1, True, 0),
        (2, 2, True, 0),
        (3, 3, False, 1),
        (5, 2, False, 1),
        (4, 1, False, 0),
    ]


def test_flatten_continues_deep_threads_at_the_deepest_level():
    """Replies below the depth limit are shown at the deepest level, after their parent."""
    comments = [node(1), node(2, 1), node(3, 2), node(4, 3)]
    roots, children = roots_and_children(comments)
    entries = flatten(roots, children, max_depth=2)
    assert [(e.comment.pk, e.depth, e.has_children) for e in entries] == [
        (1, 1, True),
        (2, 2, False),
        (3, 2, False),
        (4, 2, False),
    ]
    assert len(entries[-1].closes) == 1


def test_reply_to_a_hidden_comment_shows_as_a_thread(client, make_comment, post):
    """An approved reply whose parent is no longer public still shows, as a thread."""
    parent = make_comment(post, status="pending")
    reply = make_comment(post, parent=parent, body="Still here")
    parents = comment_parents(client.get(post.get_absolute_url()).content)
    assert parents == {reply.pk: None}


def test_refused_reply_comes_back_as_a_reply(make_comment, post, post_comment):
    """A reply refused with 400 keeps its parent and its "Leave a Reply to NAME" heading."""
    parent = make_comment(post, name="Margaret")
    response = post_comment(post, parent=str(parent.pk), email="broken")
    assert response.status_code == 400
    assert "Leave a Reply to Margaret" in response.text
    assert f'name="parent" value="{parent.pk}"' in response.text


def test_refused_reply_shows_the_comment_page_of_its_parent(settings, post, paged, post_comment):
    """The 400 page shows the comment page where the replied-to comment is."""
    threads, _ = paged
    response = post_comment(post, parent=str(threads[6].pk), email="broken")
    assert f'id="comment-{threads[6].pk}"' in response.text
