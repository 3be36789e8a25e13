"""Issue 11, moderation: admin search spans every status, first-time and edit moderation,
and hidden parents answered as missing ones."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment

CHANGELIST = reverse("admin:comments_comment_changelist")
AWAITING = "Your comment is awaiting moderation."
NOT_FOUND = "The comment you replied to could not be found."


def listed(response):
    return {comment.pk for comment in response.context["cl"].result_list}


def selected_status(page):
    """The label of the status filter's selected choice."""
    status_filter = page.split('data-filter-title="status"', 1)[1].split("</details>", 1)[0]
    found = re.findall(r'<li class="selected">\s*<a href="[^"]*">([^<]*)</a>', status_filter)
    assert len(found) == 1
    return found[0]


def act(client, url, action, comments):
    data = {"action": action, "_selected_action": [c.pk for c in comments]}
    return client.post(url, data, follow=True)


def messages(response):
    return [(m.level_tag, m.message) for m in response.context["messages"]]


@pytest.fixture
def graces(make_comment, post):
    """One comment of Grace's in each status, and one of someone else's, pending."""
    made = {
        status: make_comment(post, name="Grace", email="grace@example.com", status=status)
        for status in Comment.Status.values
    }
    make_comment(post, name="Other", email="other@example.org", status="pending")
    return made


def test_search_spans_every_status_with_all_selected(admin_client, graces):
    """A search lists matches of every status, each badged, with "All" selected."""
    response = admin_client.get(CHANGELIST, {"q": "grace@example.com"})
    assert listed(response) == {c.pk for c in graces.values()}
    for status in ("approved", "spam", "trash", "pending"):
        assert f'class="comment-status comment-status-{status}"' in response.text
    assert selected_status(response.text) == "All"


def test_filter_by_post_spans_every_status(admin_client, graces, make_post, make_comment):
    """post__id__exact lists that post's comments of every status, and no other post's."""
    elsewhere = make_comment(make_post(), status="approved")
    post_id = graces["approved"].post_id
    response = admin_client.get(CHANGELIST, {"post__id__exact": post_id})
    assert listed(response) == set(
        Comment.objects.filter(post_id=post_id).values_list("pk", flat=True)
    )
    assert elsewhere.pk not in listed(response)
    assert selected_status(response.text) == "All"


def test_a_chosen_status_still_narrows_a_search(admin_client, graces):
    """With a status picked, a search lists only that status."""
    response = admin_client.get(CHANGELIST, {"q": "grace", "status": "spam"})
    assert listed(response) == {graces["spam"].pk}
    assert selected_status(response.text).startswith("Spam")


@pytest.mark.parametrize("query", [{}, {"q": ""}])
def test_without_search_or_post_filter_it_opens_on_the_queue(admin_client, graces, query):
    """No search (an empty one included) and no post filter: the pending queue."""
    response = admin_client.get(CHANGELIST, query)
    pending = Comment.objects.filter(status="pending").values_list("pk", flat=True)
    assert listed(response) == set(pending)
    assert selected_status(response.text).startswith("Pending")


def test_bulk_action_on_a_search_result_changes_it(admin_client, graces):
    """Unapproving a comment found by search changes it and says so."""
    response = act(admin_client, f"{CHANGELIST}?q=grace", "unapprove", [graces["approved"]])
    assert Comment.objects.get(pk=graces["approved"].pk).status == "pending"
    assert messages(response) == [("success", "1 comment unapproved.")]


def test_bulk_action_counts_only_the_comments_it_changed(admin_client, graces):
    """Approving an approved and a pending comment reports one."""
    chosen = [graces["approved"], graces["pending"]]
    response = act(admin_client, f"{CHANGELIST}?status=all", "approve", chosen)
    assert messages(response) == [("success", "1 comment approved.")]


def test_bulk_action_that_changes_nothing_warns(admin_client, graces):
    """Nothing changed: a warning, never a success."""
    response = act(admin_client, f"{CHANGELIST}?status=all", "approve", [graces["approved"]])
    assert messages(response) == [("warning", "No comments approved.")]


@pytest.fixture
def first_time(settings):
    """First-time moderation, no flood limit, no outside checkers."""
    settings.BLOG_COMMENT_MODERATION = "first-time"
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    settings.AKISMET_API_KEY = ""
    settings.BLOG_SPAM_CHECKERS = []


@pytest.mark.usefixtures("first_time")
def test_a_known_email_under_another_name_is_held(make_comment, post, post_comment):
    """Mallory with an approved commenter's email waits for moderation."""
    make_comment(post, name="Grace", email="grace@example.com")
    assert post_comment(post, name="Mallory", email="grace@example.com").status_code == 302
    assert Comment.objects.latest().status == "pending"


@pytest.mark.usefixtures("first_time")
def test_a_known_name_under_another_email_is_held(make_comment, post, post_comment):
    """An approved commenter's name with another email waits for moderation."""
    make_comment(post, name="Grace", email="grace@example.com")
    post_comment(post, name="Grace", email="mallory@example.com")
    assert Comment.objects.latest().status == "pending"


@pytest.mark.usefixtures("first_time")
def test_known_name_and_email_in_another_case_are_approved(make_comment, post, post_comment):
    """The same name and email, whatever their case, are approved at once."""
    make_comment(post, name="Grace Hopper", email="grace@example.com")
    post_comment(post, name="grace HOPPER", email="Grace@Example.COM")
    assert Comment.objects.latest().status == "approved"


@pytest.fixture
def edit_settings(open_moderation, settings):
    """Comments approved at once, a ten-minute edit window, moderators to ask."""
    settings.BLOG_COMMENT_EDIT_MINUTES = 10
    settings.AKISMET_API_KEY = ""
    settings.BLOG_SPAM_CHECKERS = []
    settings.BLOG_MODERATOR_EMAILS = ["mod@example.com"]


def post_and_edit(client, post, post_comment, body="Rewritten entirely"):
    """Post a comment from `client`, then edit it there; the comment, reloaded."""
    assert post_comment(post, using=client, body="First draft").status_code == 302
    comment = Comment.objects.latest()
    assert comment.status == "approved"
    response = client.post(f"/comments/edit/{comment.pk}/", {"body": body})
    assert response.status_code == 302
    comment.refresh_from_db()
    return comment


@pytest.mark.usefixtures("edit_settings")
def test_edit_by_a_new_commenter_goes_back_to_pending(
    client, post, post_comment, django_capture_on_commit_callbacks, mailoutbox
):
    """An untrusted edit of an approved comment: pending, shown to its author, moderators asked."""
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_and_edit(client, post, post_comment)
    assert comment.status == "pending"
    assert "mod@example.com" in mailoutbox[-1].to
    assert "Please moderate" in mailoutbox[-1].subject
    page = client.get(post.get_absolute_url()).text
    assert AWAITING in page
    assert "Rewritten entirely" in page
    assert "Rewritten entirely" not in Client().get(post.get_absolute_url()).text


@pytest.mark.usefixtures("edit_settings")
def test_edit_by_a_trusted_commenter_stays_approved(
    settings, client, make_comment, make_post, post, post_comment
):
    """BLOG_COMMENT_TRUSTED_AFTER approved comments with that email keep an edit approved."""
    settings.BLOG_COMMENT_TRUSTED_AFTER = 3
    for _ in range(2):
        make_comment(make_post(), name="Grace", email="grace@example.com")
    comment = post_and_edit(client, post, post_comment)
    assert comment.status == "approved"
    assert "Rewritten entirely" in Client().get(post.get_absolute_url()).text


@pytest.mark.usefixtures("edit_settings")
def test_trust_follows_the_setting(settings, client, make_comment, make_post, post, post_comment):
    """With BLOG_COMMENT_TRUSTED_AFTER = 4, three approved comments are not enough."""
    settings.BLOG_COMMENT_TRUSTED_AFTER = 4
    for _ in range(2):
        make_comment(make_post(), name="Grace", email="grace@example.com")
    assert post_and_edit(client, post, post_comment).status == "pending"


@pytest.mark.usefixtures("edit_settings")
def test_other_statuses_do_not_make_a_commenter_trusted(
    client, make_comment, make_post, post, post_comment
):
    """Pending, spam and trashed comments with that email do not count."""
    for status in ("pending", "spam", "trash"):
        make_comment(make_post(), name="Grace", email="grace@example.com", status=status)
    assert post_and_edit(client, post, post_comment).status == "pending"


@pytest.mark.usefixtures("edit_settings")
def test_edit_by_staff_stays_approved(staff_client, post, post_comment):
    """Staff are trusted: their edits stay approved."""
    assert post_and_edit(staff_client, post, post_comment).status == "approved"


@pytest.mark.usefixtures("open_moderation")
@pytest.mark.parametrize("status", ["pending", "spam", "trash"])
def test_reply_to_a_hidden_comment_answers_as_a_missing_one(
    make_comment, post, post_comment, status
):
    """A hidden parent answers 400 with the form error, exactly as a missing id does."""
    hidden = make_comment(post, status=status)
    response = post_comment(post, parent=str(hidden.pk), body="Hidden reply")
    missing = post_comment(post, parent=str(hidden.pk + 1000), body="Missing reply")
    assert response.status_code == missing.status_code == 400
    assert NOT_FOUND in response.text
    assert NOT_FOUND in missing.text
    assert not Comment.objects.filter(parent=hidden).exists()
