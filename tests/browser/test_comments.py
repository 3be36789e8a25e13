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


def test_a_permalink_far_down_a_long_list_opens_at_its_comment(
    page, live_server, make_post, make_comment
):
    """Threads off screen are laid out only when they scroll into view (site.css); a
    link to a comment far below still opens with that comment on screen, drawn."""
    post = make_post(title="Many voices")
    bodies = "A longer thought about the garden, the soil and the weather. " * 6
    comments = [make_comment(post, name=f"Reader {n}", body=bodies) for n in range(40)]
    reply = make_comment(post, parent=comments[-2], name="Replier", body="Down here.")
    page.emulate_media(reduced_motion="reduce")  # the jump at once, not scrolled smoothly
    page.set_viewport_size({"width": 400, "height": 700})
    for target in (comments[-3], reply):
        page.goto(f"{live_server.url}{post.get_absolute_url()}#comment-{target.pk}")
        box = page.evaluate(
            f"""() => {{
                const r = document.getElementById('comment-{target.pk}').getBoundingClientRect();
                return {{top: r.top, height: r.height, inner: window.innerHeight}};
            }}"""
        )
        assert 0 <= box["top"] < box["inner"] / 2, box
        assert box["height"] > 40, box
        assert page.locator(f"#comment-{target.pk} .comment-body").is_visible()
