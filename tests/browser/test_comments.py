"""The comment form in a real browser: the reply script, a full post, the error summary."""

import pytest

from comments.models import Comment
from tests.support.browser_steps import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("quick_comments")]


def open_post(page, live_server, post):
    page.goto(live_server.url + post.get_absolute_url())


def test_reply_moves_the_form_under_the_comment(page, live_server, thread):
    """Clicking Reply puts the form inside the comment and sets the parent."""
    post, comment = thread
    open_post(page, live_server, post)
    page.click(f"#comment-{comment.pk} .comment-reply-link")
    assert page.locator(f"#comment-{comment.pk} #respond").count() == 1
    assert page.input_value("#id_parent") == str(comment.pk)
    assert page.text_content(".reply-title-text") == "Leave a Reply to Margaret"
    assert page.is_visible("#cancel-comment-reply-link")
    assert "replytocom" not in page.url
    assert csp_violations(page) == []


def test_cancel_reply_puts_everything_back(page, live_server, thread):
    """Cancel reply returns the form to the end and clears the parent."""
    post, comment = thread
    open_post(page, live_server, post)
    page.click(f"#comment-{comment.pk} .comment-reply-link")
    page.click("#cancel-comment-reply-link")
    assert page.locator(f"#comment-{comment.pk} #respond").count() == 0
    assert page.input_value("#id_parent") == ""
    assert page.text_content(".reply-title-text") == "Leave a Reply"
    assert not page.is_visible("#cancel-comment-reply-link")


def test_reply_posted_from_the_browser_is_threaded(page, live_server, thread):
    """A reply typed in the browser lands on its permalink, nested under its parent."""
    post, comment = thread
    open_post(page, live_server, post)
    page.click(f"#comment-{comment.pk} .comment-reply-link")
    page.fill("#id_body", "Here is my reply.")
    page.fill("#id_name", "Browser Reader")
    page.fill("#id_email", "reader@example.com")
    page.click("#submit")
    page.wait_for_url(f"**{post.get_absolute_url()}#comment-*")
    reply = Comment.objects.get(name="Browser Reader")
    assert reply.parent == comment
    assert page.locator(f"#comment-{comment.pk} #comment-{reply.pk}").count() == 1


def test_error_summary_takes_focus_after_a_refused_post(page, live_server, thread):
    """After a 400 the error summary is focused so the reader hears what went wrong."""
    post, _ = thread
    open_post(page, live_server, post)
    page.fill("#id_body", "Kept text.")
    page.fill("#id_name", "Browser Reader")
    page.fill("#id_email", "reader@localdomain")
    page.click("#submit")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.input_value("#id_body") == "Kept text."


def test_avatar_is_drawn_from_the_page_itself(page, live_server, thread):
    """The generated avatar loads as an image without any request or CSP complaint."""
    post, comment = thread
    open_post(page, live_server, post)
    width = page.evaluate(
        f"document.querySelector('#comment-{comment.pk} img.avatar').naturalWidth"
    )
    assert width > 0
    assert csp_violations(page) == []
