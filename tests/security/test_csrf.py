"""Every form that changes something refuses a request without a valid CSRF token.

Each refusal has a positive control beside it (the same request with the token
the page gave) so that the 403 is known to come from the CSRF check alone.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from comments.mail import subscriptions
from comments.models import Comment
from tests.support.comment_pages import form_token
from tests.support.wxr_files import export, item, upload
from wordpress.models import ImportJob

pytestmark = pytest.mark.usefixtures("open_moderation")


@pytest.fixture
def signed_in_admin(csrf_client, admin_user):
    """A superuser signed in on the CSRF-checking client."""
    csrf_client.force_login(admin_user)
    return admin_user


def test_comment_without_a_token_is_refused(csrf_client, make_post, comment_data):
    """A comment POST with neither CSRF cookie nor token is a 403 and stores nothing."""
    post = make_post()
    response = csrf_client.post(f"/comments/post/{post.pk}/", comment_data(post))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comment_with_a_forged_token_is_refused(csrf_client, make_post, comment_data):
    """A token that does not match the browser's CSRF cookie is a 403."""
    post = make_post()
    csrf_client.get(post.get_absolute_url())
    data = comment_data(post, csrfmiddlewaretoken="x" * 64)
    assert csrf_client.post(f"/comments/post/{post.pk}/", data).status_code == 403
    assert not Comment.objects.exists()


def test_comment_from_another_origin_is_refused(csrf_client, make_post, comment_data):
    """A cross-site form (foreign Origin header) is a 403 even with a valid token."""
    post = make_post()
    token = form_token(csrf_client.get(post.get_absolute_url()))
    data = comment_data(post, csrfmiddlewaretoken=token)
    response = csrf_client.post(
        f"/comments/post/{post.pk}/", data, headers={"origin": "https://evil.example.com"}
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comment_with_the_page_token_is_accepted(csrf_client, make_post, comment_data):
    """Control: the token from the post page lets the same comment through."""
    post = make_post()
    token = form_token(csrf_client.get(post.get_absolute_url()))
    data = comment_data(post, csrfmiddlewaretoken=token)
    assert csrf_client.post(f"/comments/post/{post.pk}/", data).status_code == 302
    assert Comment.objects.count() == 1


def test_editing_your_comment_without_a_token_is_refused(csrf_client, make_post, comment_data):
    """The "edit your comment" form needs the token; the text stays as posted."""
    post = make_post()
    token = form_token(csrf_client.get(post.get_absolute_url()))
    csrf_client.post(f"/comments/post/{post.pk}/", comment_data(post, csrfmiddlewaretoken=token))
    comment = Comment.objects.get()
    url = reverse("comments:edit", args=[comment.pk])
    assert csrf_client.get(url).status_code == 200
    assert csrf_client.post(url, {"body": "Forged text."}).status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "A thoughtful comment."


def test_admin_login_without_a_token_is_refused(csrf_client, db):
    """The admin login form is CSRF-protected, so no site can log a visitor in or out."""
    get_user_model().objects.create_superuser("mod", "mod@example.com", "pw-mod-12345")
    response = csrf_client.post(
        reverse("admin:login"), {"username": "mod", "password": "pw-mod-12345"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def bulk_action(comment, action, **extra):
    return {"action": action, "_selected_action": [comment.pk], "index": 0, **extra}


@pytest.mark.parametrize("action", ["approve", "unapprove", "mark_spam", "trash"])
def test_admin_bulk_action_without_a_token_is_refused(
    csrf_client, signed_in_admin, make_post, make_comment, action
):
    """Moderation actions POSTed without the token change nothing."""
    comment = make_comment(make_post(), status=Comment.Status.PENDING)
    if action == "unapprove":
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    before = Comment.objects.get(pk=comment.pk).status
    changelist = reverse("admin:comments_comment_changelist")
    response = csrf_client.post(changelist, bulk_action(comment, action))
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == before


def test_admin_bulk_action_with_the_page_token_works(
    csrf_client, signed_in_admin, make_post, make_comment
):
    """Control: the token from the changelist lets the approve action through."""
    comment = make_comment(make_post(), status=Comment.Status.PENDING)
    changelist = reverse("admin:comments_comment_changelist")
    token = form_token(csrf_client.get(changelist))
    data = bulk_action(comment, "approve", csrfmiddlewaretoken=token)
    assert csrf_client.post(changelist, data).status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED


def test_admin_change_form_without_a_token_is_refused(
    csrf_client, signed_in_admin, make_post, make_comment
):
    """Editing a comment in the admin without the token changes nothing."""
    comment = make_comment(make_post(), status=Comment.Status.PENDING, body="Original.")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = csrf_client.post(url, {"status": "approved", "body": "Forged.", "name": "X"})
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Original."


def test_logout_without_a_token_is_refused(csrf_client, signed_in_admin):
    """The logout form (admin, and the comment form's "Log out?") needs the token."""
    assert csrf_client.post(reverse("admin:logout")).status_code == 403
    assert csrf_client.session.get("_auth_user_id") == str(signed_in_admin.pk)


def all_patterns(resolver=None, prefix=""):
    """(route, view) for every URL pattern in the project, included ones too."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


# Routed as exempt, each view checking the token itself: the WXR upload after its size
# check, the unsubscribe link for all but the RFC 8058 one-click POST (see their modules).
CHECKS_ITS_OWN_TOKEN = ["admin/wordpress/importedpost/import/", "comments/unsubscribe/<str:token>/"]


def test_no_view_is_exempt_from_csrf():
    """Only the two views that check the token themselves are routed as CSRF-exempt."""
    patterns = list(all_patterns())
    assert len(patterns) > 20
    exempt = [route for route, view in patterns if getattr(view, "csrf_exempt", False)]
    assert sorted(exempt) == sorted(CHECKS_ITS_OWN_TOKEN)


def test_wordpress_upload_without_a_token_is_refused(csrf_client, signed_in_admin):
    """The import upload, routed as exempt, still refuses a POST without the token."""
    data = {"file": upload(export(item(1))), "dry_run": "on"}
    response = csrf_client.post(reverse("admin:wordpress_import"), data)
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_wordpress_upload_with_the_page_token_is_queued(csrf_client, signed_in_admin):
    """Control: with the token from the upload page, the file becomes an import job."""
    url = reverse("admin:wordpress_import")
    token = form_token(csrf_client.get(url))
    data = {"file": upload(export(item(1))), "dry_run": "on", "csrfmiddlewaretoken": token}
    response = csrf_client.post(url, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:wordpress_import_job", args=[job.pk])


def test_unsubscribe_button_without_a_token_is_refused(csrf_client, subscribed):
    """The confirmation page's button POST needs the CSRF token like any form."""
    url = reverse("comments:unsubscribe", args=[subscriptions.make_token(subscribed)])
    assert csrf_client.post(url).status_code == 403
    assert Comment.objects.get(pk=subscribed.pk).notify_replies


def test_unsubscribe_button_with_the_page_token_works(csrf_client, subscribed):
    """Control: the token from the confirmation page lets the button through."""
    url = reverse("comments:unsubscribe", args=[subscriptions.make_token(subscribed)])
    token = form_token(csrf_client.get(url))
    assert csrf_client.post(url, {"csrfmiddlewaretoken": token}).status_code == 200
    assert not Comment.objects.get(pk=subscribed.pk).notify_replies


def test_unsubscribe_with_a_forged_link_changes_nothing(csrf_client, subscribed):
    """The one-click POST, the only one without a CSRF token, needs a valid signed link."""
    forged = signing.dumps(subscribed.pk, salt="another.salt")
    url = reverse("comments:unsubscribe", args=[forged])
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert Comment.objects.get(pk=subscribed.pk).notify_replies


@pytest.mark.parametrize("action", ["approve", "spam"])
def test_moderation_link_button_without_a_token_is_refused(
    csrf_client, signed_in_admin, make_post, make_comment, action
):
    """The approve / spam confirmation pages from the emails need the token to act."""
    comment = make_comment(make_post(), status=Comment.Status.PENDING)
    url = reverse(f"comments:{action}", args=[comment.pk])
    assert csrf_client.get(url).status_code == 200
    assert csrf_client.post(url).status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_moderation_link_button_with_the_page_token_works(
    csrf_client, signed_in_admin, make_post, make_comment
):
    """Control: the token from the confirmation page lets the approval through."""
    comment = make_comment(make_post(), status=Comment.Status.PENDING)
    url = reverse("comments:approve", args=[comment.pk])
    token = form_token(csrf_client.get(url))
    assert csrf_client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
