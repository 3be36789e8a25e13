"""The admin works in a real browser under the site's Content-Security-Policy.

The admin's own scripts (actions, prepopulated slug, the filter and date widgets)
must run with `script-src 'self'`: the test drives each of them and asserts that the
browser reported no blocked script, and that the policy is the strict one.
"""

import pytest

from comments.models import Comment
from tests.support.browser_steps import (
    csp_violations,
    log_in_to_admin,
    make_moderator,
    run_bulk_action,
)

pytestmark = pytest.mark.browser


def script_violations(page):
    return [v for v in csp_violations(page) if v["directive"].startswith("script-src")]


def test_admin_scripts_run_under_the_csp(page, live_server, make_post, make_comment):
    """Log in, open the queue, a comment, add a post with its slug typed for you, bulk approve."""
    post = make_post(title="Moderated")
    comment = make_comment(post, status=Comment.Status.PENDING, body="Please approve me.")
    moderator = make_moderator()
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in_to_admin(page, live_server, moderator)
    seen = [script_violations(page)]

    response = page.goto(f"{live_server.url}/admin/comments/comment/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy + ";"
    assert "unsafe-eval" not in policy
    assert page.is_visible(f"input[name=_selected_action][value='{comment.pk}']")
    seen.append(script_violations(page))

    page.goto(f"{live_server.url}/admin/comments/comment/{comment.pk}/change/")
    assert page.input_value("#id_body") == "Please approve me."
    assert page.evaluate("typeof django.jQuery") == "function"  # jquery.init.js ran
    seen.append(script_violations(page))

    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.locator("#id_title").press_sequentially("Hello Strict Policy")
    assert page.input_value("#id_slug") == "hello-strict-policy"
    assert page.locator("#id_categories_from").count() == 1  # SelectFilter2 ran
    assert page.locator(".datetimeshortcuts").count() >= 1  # DateTimeShortcuts ran
    seen.append(script_violations(page))

    page.goto(f"{live_server.url}/admin/comments/comment/")
    run_bulk_action(page, [comment.pk], "approve")
    assert "1 comment approved" in page.text_content(".messagelist")
    seen.append(script_violations(page))

    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert seen == [[]] * len(seen)
    assert [text for text in console if "Content Security Policy" in text] == []
