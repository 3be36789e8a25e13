"""Cached pages carry a working, CSRF-protected comment form with each visitor's own tokens."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.utils import timezone

from comments.models import Comment
from comments.moderation import spam
from pagecache import registry
from pagecache.middleware import page_key

HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|token)" value="([^"]*)"')


@pytest.fixture(autouse=True)
def comments_go_straight_through(settings):
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    settings.BLOG_COMMENT_MODERATION = "none"


def tokens(response):
    return dict(HIDDEN.findall(response.text))


def comment_form(response, **fields):
    return {
        **tokens(response),
        "name": "Ida",
        "email": "ida@example.com",
        "url": "",
        "parent": "",
        "topic": "",
        "body": "Posted from a cached page.",
        **fields,
    }


def test_visitor_with_only_cached_pages_can_post(post):
    """A fresh browser whose only page came from the cache posts with its tokens (302)."""
    Client().get(post.get_absolute_url())
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(post.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert "csrftoken" in page.cookies
    response = browser.post(f"/comments/post/{post.pk}/", comment_form(page))
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_returning_visitor_keeps_their_csrf_cookie(post):
    """A browser that already has a CSRF cookie gets, on a hit, a token made for it."""
    browser = Client(enforce_csrf_checks=True)
    first = browser.get(post.get_absolute_url())
    cookie = first.cookies["csrftoken"].value
    page = browser.get(post.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert tokens(page)["csrfmiddlewaretoken"] != tokens(first)["csrfmiddlewaretoken"]
    assert page.cookies.get("csrftoken", first.cookies["csrftoken"]).value == cookie
    response = browser.post(f"/comments/post/{post.pk}/", comment_form(page))
    assert response.status_code == 302


def test_each_visitor_gets_a_csrf_token_of_their_own(post):
    """Two hits carry different CSRF tokens, each good only with its own cookie."""
    Client().get(post.get_absolute_url())
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page, second_page = (b.get(post.get_absolute_url()) for b in (first, second))
    theirs = tokens(second_page)["csrfmiddlewaretoken"]
    assert tokens(first_page)["csrfmiddlewaretoken"] != theirs
    borrowed = comment_form(first_page, csrfmiddlewaretoken=theirs)
    assert first.post(f"/comments/post/{post.pk}/", borrowed).status_code == 403


def test_post_without_a_csrf_token_is_refused(post):
    """A POST without a valid CSRF token is still a 403."""
    Client().get(post.get_absolute_url())
    browser = Client(enforce_csrf_checks=True)
    form = comment_form(browser.get(post.get_absolute_url()))
    del form["csrfmiddlewaretoken"]
    assert browser.post(f"/comments/post/{post.pk}/", form).status_code == 403
    assert not Comment.objects.exists()


def test_form_token_is_made_for_each_visitor(post):
    """A page cached hours ago still gives the next reader a form token made now."""
    hours_ago = timezone.now() - timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=hours_ago):
        old = Client().get(post.get_absolute_url())
    assert spam.check_token(tokens(old)["token"], post.pk) is spam.TokenState.EXPIRED
    page = Client().get(post.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert spam.check_token(tokens(page)["token"], post.pk) is spam.TokenState.VALID


def test_cached_copy_holds_no_visitor_token(post):
    """What is stored has placeholders where the first visitor's tokens were."""
    first = tokens(Client().get(post.get_absolute_url()))
    request = RequestFactory().get(post.get_absolute_url())
    entry = caches["pages"].get(page_key(request, registry.params_of("blog:post")))
    assert entry["slots"]
    for value in first.values():
        assert all(value.encode() not in piece for piece in entry["pieces"])
