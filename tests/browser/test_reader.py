"""A reader and a moderator in real browsers: a comment from the form to approval.

Three browser contexts stand for three people: the reader who comments, a stranger
who must not see the comment while it waits, and a moderator who approves it in the
admin. Then "Save my name, email, and website" is tried across visits.
"""

import pytest

from comments.models import Comment
from tests.support.browser_steps import (
    browser_page,
    csp_violations,
    log_in_to_admin,
    make_moderator,
    run_bulk_action,
)

pytestmark = pytest.mark.browser
AWAITING = "Your comment is awaiting moderation."


@pytest.fixture(autouse=True)
def comment_settings(settings):
    """Held for moderation; the browser may post at once and more than once."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0


def fill_comment(page, body, name="Rosa Reader", email="rosa@example.com", url=None):
    page.fill("#id_body", body)
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    if url is not None:
        page.fill("#id_url", url)


def submit_comment(page, post):
    page.click("#submit")
    page.wait_for_url(f"**{post.get_absolute_url()}#comment-*")
    return Comment.objects.latest("pk")


def test_comment_awaits_moderation_then_shows_to_everyone(chromium, live_server, make_post):
    """Reader posts, sees it held; a stranger does not; the moderator approves; all see it."""
    post = make_post(title="A walk in the garden")
    with (
        browser_page(chromium, live_server) as reader,
        browser_page(chromium, live_server) as stranger,
        browser_page(chromium, live_server) as moderator,
    ):
        reader.goto(live_server.url + "/")
        reader.get_by_role("link", name="A walk in the garden").first.click()
        reader.wait_for_url(f"**{post.get_absolute_url()}")
        fill_comment(reader, "The roses were lovely this year.")
        comment = submit_comment(reader, post)
        mine = reader.locator(f"#comment-{comment.pk}")
        assert mine.is_visible()
        assert "The roses were lovely this year." in mine.text_content()
        assert mine.locator(".comment-awaiting-moderation").text_content() == AWAITING

        stranger.goto(live_server.url + post.get_absolute_url())
        assert stranger.locator(f"#comment-{comment.pk}").count() == 0
        assert "The roses were lovely" not in stranger.content()

        log_in_to_admin(moderator, live_server, make_moderator())
        moderator.goto(f"{live_server.url}/admin/comments/comment/?status=pending")
        assert "The roses were lovely" in moderator.text_content("#result_list")
        run_bulk_action(moderator, [comment.pk], "approve")
        assert "1 comment approved" in moderator.text_content(".messagelist")

        reader.reload()
        assert reader.locator(f"#comment-{comment.pk}").is_visible()
        assert reader.locator(f"#comment-{comment.pk} .comment-awaiting-moderation").count() == 0
        stranger.reload()
        shown = stranger.text_content(f"#comment-{comment.pk}")
        assert "The roses were lovely this year." in shown
        assert csp_violations(reader) == csp_violations(stranger) == []


def test_save_my_details_prefills_the_next_visit_and_unticking_forgets(
    page, live_server, make_post
):
    """Ticked, the next visit's form is filled in; posted unticked, the form is empty again."""
    post = make_post(title="Remember me")
    permalink = live_server.url + post.get_absolute_url()
    page.goto(permalink)
    assert not page.is_checked("#id_remember")
    fill_comment(page, "First visit.", url="https://rosa.example.org/")
    page.check("#id_remember")
    submit_comment(page, post)

    page.goto(permalink)
    assert page.input_value("#id_name") == "Rosa Reader"
    assert page.input_value("#id_email") == "rosa@example.com"
    assert page.input_value("#id_url") == "https://rosa.example.org/"
    assert page.is_checked("#id_remember")

    page.fill("#id_body", "Second visit, forget me.")
    page.uncheck("#id_remember")
    submit_comment(page, post)

    page.goto(permalink)
    assert page.input_value("#id_name") == ""
    assert page.input_value("#id_email") == ""
    assert page.input_value("#id_url") == ""
    assert not page.is_checked("#id_remember")
