"""The comment form in a real browser, without JavaScript, after a refusal, and by keyboard.

tests/browser/test_comments.py covers replying with JavaScript (the form moving
under the comment, Cancel reply, the reply threaded) and the focus on the error
summary; these tests add the same reply without JavaScript, the error summary's
links, and a reader who only uses the keyboard.
"""

import pytest

from comments.models import Comment
from tests.support.browser_steps import browser_page, csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("quick_comments")]


def test_reply_without_javascript_uses_the_replytocom_link(chromium, live_server, thread):
    """With scripts off, Reply loads ?replytocom=, and the reply lands nested under its parent."""
    post, parent = thread
    with browser_page(chromium, live_server, java_script_enabled=False) as page:
        page.goto(live_server.url + post.get_absolute_url())
        page.click(f"#comment-{parent.pk} .comment-reply-link")
        page.wait_for_url(f"**?replytocom={parent.pk}#respond")
        assert page.text_content(".reply-title-text") == "Leave a Reply to Margaret"
        assert page.is_visible("#cancel-comment-reply-link")
        assert page.input_value("#id_parent") == str(parent.pk)
        page.fill("#id_body", "Replying without scripts.")
        page.fill("#id_name", "Plain Reader")
        page.fill("#id_email", "plain@example.com")
        page.click("#submit")
        page.wait_for_url(f"**{post.get_absolute_url()}#comment-*")
        reply = Comment.objects.get(name="Plain Reader")
        assert reply.parent == parent
        assert page.locator(f"#comment-{parent.pk} #comment-{reply.pk}").count() == 1


def test_error_summary_links_take_focus_to_their_fields(page, live_server, thread):
    """After a 400 each link of the summary moves the focus to its field; input is kept."""
    post, _ = thread
    page.goto(live_server.url + post.get_absolute_url())
    page.fill("#id_body", "Text worth keeping.")
    page.fill("#id_name", "Hasty Reader")
    # Both pass the browser's own checks (type=email, type=url) and fail the server's.
    page.fill("#id_email", "not-an-address@localdomain")
    page.fill("#id_url", "ftp://files.example.com/")
    page.click("#submit")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.get_attribute("role") == "alert"
    assert page.input_value("#id_body") == "Text worth keeping."
    assert page.input_value("#id_url") == "ftp://files.example.com/"
    targets = [link.get_attribute("href").lstrip("#") for link in summary.locator("a").all()]
    assert set(targets) == {"id_email", "id_url"}
    for target in targets:
        summary.locator(f"a[href='#{target}']").click()
        assert page.evaluate("document.activeElement.id") == target
        field = page.locator(f"#{target}")
        assert field.get_attribute("aria-invalid") == "true"
        described = (field.get_attribute("aria-describedby") or "").split()
        errors = [ref for ref in described if ref.endswith("_error")]
        assert errors and page.text_content(f"#{errors[0]}").strip(), described
    assert csp_violations(page) == []


FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    id: element.id,
    tag: element.tagName,
    name: element.getAttribute("name"),
    visible: element.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
  };
}"""


def test_keyboard_reaches_the_form_with_a_visible_focus_and_posts_with_enter(
    page, live_server, thread
):
    """Tab alone reaches the comment box, every stop shows a focus ring, Enter posts."""
    post, _ = thread
    page.goto(live_server.url + post.get_absolute_url())
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_RING)
        stops.append(stop)
        if stop["id"] == "id_body":
            break
    assert stops[0]["tag"] == "A"  # the skip link comes first
    assert stops[-1]["id"] == "id_body", stops
    unringed = [s for s in stops if not (s["visible"] and (s["outline"] or s["shadow"]))]
    assert unringed == []

    page.keyboard.type("Typed without a mouse.")
    for field, text in [("id_name", "Key Board"), ("id_email", "keys@example.com")]:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == field
        page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{post.get_absolute_url()}#comment-*")
    comment = Comment.objects.get(name="Key Board")
    assert comment.body == "Typed without a mouse."
    assert page.locator(f"#comment-{comment.pk}").is_visible()
