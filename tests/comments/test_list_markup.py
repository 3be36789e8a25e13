"""The comment list (a Jinja2 template) escapes what commenters write and nests replies."""

import re

import pytest
from django.test import Client

from comments.models import Comment

NAMES = ['Bob "the builder" <b>', "Zoë & Co", "O'Brien", "<script>alert(1)</script>"]
URLS = ["https://example.com/?a=1&b=<2>", "javascript:alert(1)", 'http://x.test/"quote']


@pytest.mark.parametrize("name", NAMES)
def test_names_are_escaped_everywhere(rendering_only, post, make_comment, name):
    """A commenter's name is text in the author, the reply link's data and its label."""
    comment = make_comment(post, name=name)
    html = Client().get(post.get_absolute_url()).text
    item = html[html.index(f'id="comment-{comment.pk}"') :]
    assert name not in item.split('<div class="comment-body">')[0]
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("url", URLS)
def test_websites_are_escaped_and_only_http(rendering_only, post, make_comment, url):
    """Only http(s) websites become links, with their quotes and brackets escaped."""
    make_comment(post, url=url)
    html = Client().get(post.get_absolute_url()).text
    assert "javascript:alert" not in html
    assert 'x.test/"quote' not in html
    if url.startswith("https://example.com"):
        assert 'href="https://example.com/?a=1&amp;b=&lt;2&gt;"' in html


def test_replies_are_inside_their_parent(rendering_only, post, make_comment):
    """Each reply's element is inside the element of the comment it answers."""
    root = make_comment(post, body="Root")
    reply = make_comment(post, body="Reply", parent=root)
    deeper = make_comment(post, body="Deeper", parent=reply)
    sibling = make_comment(post, body="Sibling")
    html = Client().get(post.get_absolute_url()).text
    start = html.index(f'<article id="comment-{root.pk}"')
    end = html.index(f'<article id="comment-{sibling.pk}"')
    inside_root = html[start:end]
    assert f'id="comment-{reply.pk}"' in inside_root
    assert f'id="comment-{deeper.pk}"' in inside_root
    assert inside_root.count('<ol class="children">') == 2
    assert re.search(r"</ol></article></li>\s*</ol></article></li>", inside_root)


def test_comment_dates_follow_the_time_zone(rendering_only, settings, post, make_comment):
    """Dates are shown as "F j, Y at g:i A" in TIME_ZONE, and machine-readable in UTC."""
    settings.TIME_ZONE = "Asia/Kolkata"
    comment = make_comment(post)
    Comment.objects.filter(pk=comment.pk).update(created_at="2024-01-01T23:45:00+00:00")
    html = Client().get(post.get_absolute_url()).text
    assert "January 2, 2024 at 5:15 AM" in html
    assert 'datetime="2024-01-01T23:45:00+00:00"' in html
