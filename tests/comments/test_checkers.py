"""BLOG_SPAM_CHECKERS: outside opinions after the built-in checks, failing open."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import Comment

pytestmark = pytest.mark.usefixtures("open_moderation")

HERE = "tests.comments.test_checkers"
CALLS = []


def says_spam(comment, request):
    CALLS.append(comment.body)
    return "spam"


def says_hold(comment, request):
    return "hold"


def says_nothing(comment, request):
    CALLS.append(comment.body)


def says_true(comment, request):
    return True


def says_nonsense(comment, request):
    return ["spam"]


def crashes(comment, request):
    raise RuntimeError("the checker's service is down")


class Learner:
    """A class checker that keeps what moderators report to it."""

    reports = []

    def __call__(self, comment, request):
        return "spam" if "casino" in comment.body else None

    def report_spam(self, comment, request):
        self.reports.append(("spam", comment.pk))

    def report_ham(self, comment, request):
        self.reports.append(("ham", comment.pk))


@pytest.fixture(autouse=True)
def only_our_checkers(settings):
    """No Akismet, and no call or report left over from another test."""
    settings.AKISMET_API_KEY = ""
    CALLS.clear()
    Learner.reports.clear()


def status_after(post_comment, post, **fields):
    assert post_comment(post, **fields).status_code == 302
    return Comment.objects.latest().status


@pytest.mark.parametrize(
    ("checker", "status"),
    [
        ("says_spam", "spam"),
        ("says_true", "spam"),
        ("says_hold", "pending"),
        ("says_nothing", "approved"),
        ("says_nonsense", "approved"),
    ],
)
def test_checker_answer_sets_the_status(settings, post, post_comment, checker, status):
    """A checker saying "spam" or True stores spam, "hold" pending, anything else nothing."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.{checker}"]
    assert status_after(post_comment, post) == status


def test_spam_from_a_checker_gets_the_usual_redirect(settings, client, post, post_comment):
    """The poster of a comment a checker calls spam sees it as awaiting moderation."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.says_spam"]
    response = post_comment(post, body="Cheap watches")
    assert response.status_code == 302
    assert "Your comment is awaiting moderation." in client.get(response["Location"]).text


def test_a_class_checker_is_instantiated(settings, post, post_comment):
    """A dotted path to a class gives an instance that is called."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.Learner"]
    assert status_after(post_comment, post, body="Best casino") == "spam"
    assert status_after(post_comment, post, body="Nice post") == "approved"


def test_spam_wins_over_hold_whatever_the_order(settings, post, post_comment):
    """One checker holding and a later one saying spam: spam."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.says_hold", f"{HERE}.says_spam"]
    assert status_after(post_comment, post) == "spam"


def test_failing_checker_is_logged_and_the_comment_goes_on(settings, caplog, post, post_comment):
    """A checker that raises fails open: logged, and the comment is approved as usual."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.crashes", f"{HERE}.says_nothing"]
    assert status_after(post_comment, post) == "approved"
    assert f"{HERE}.crashes failed" in caplog.text
    assert CALLS == ["A thoughtful comment."]


def test_unknown_checker_path_fails_open(settings, caplog, post, post_comment):
    """A dotted path that does not import is logged, not a 500."""
    settings.BLOG_SPAM_CHECKERS = ["tests.no_such_module.checker"]
    assert status_after(post_comment, post) == "approved"
    assert "no_such_module" in caplog.text


def test_checkers_run_after_the_built_in_checks(settings, post, post_comment):
    """A comment the honeypot already caught is never sent to a checker."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.says_nothing"]
    assert status_after(post_comment, post, topic="filled") == "spam"
    assert CALLS == []


def test_checkers_are_not_asked_about_duplicates(settings, post, post_comment):
    """A duplicate is refused (409) without asking the checkers."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.says_nothing"]
    post_comment(post, body="Said once.")
    CALLS.clear()
    assert post_comment(post, body="Said once.").status_code == 409
    assert CALLS == []


def test_staff_comments_skip_the_checkers(settings, client, post, post_comment):
    """Staff are always approved; their comments are not sent out for checking."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.says_spam"]
    user = get_user_model().objects.create_user("staffer", "s@example.com", "pw", is_staff=True)
    client.force_login(user)
    assert status_after(post_comment, post) == "approved"
    assert CALLS == []


def test_the_setting_is_read_at_each_comment(settings, post, post_comment):
    """Changing BLOG_SPAM_CHECKERS takes effect at the next comment."""
    settings.BLOG_SPAM_CHECKERS = []
    assert status_after(post_comment, post, body="First") == "approved"
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.says_spam"]
    assert status_after(post_comment, post, body="Second") == "spam"


def test_moderators_verdicts_are_reported_to_learning_checkers(
    settings, client, moderator, make_comment, post, django_capture_on_commit_callbacks
):
    """Marking spam reports spam; taking a comment out of spam reports ham; after commit."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.Learner", f"{HERE}.says_nothing"]
    client.force_login(moderator)
    ham = make_comment(post, status="approved")
    caught = make_comment(post, status="spam")
    changelist = reverse("admin:comments_comment_changelist") + "?status=all"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "mark_spam", "_selected_action": [ham.pk]})
        assert Learner.reports == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "approve", "_selected_action": [caught.pk]})
    assert Learner.reports == [("spam", ham.pk), ("ham", caught.pk)]


def test_approving_a_pending_comment_reports_nothing(
    settings, client, moderator, make_comment, post, django_capture_on_commit_callbacks
):
    """Only a change out of spam is a "not spam" report."""
    settings.BLOG_SPAM_CHECKERS = [f"{HERE}.Learner"]
    client.force_login(moderator)
    pending = make_comment(post, status="pending")
    changelist = reverse("admin:comments_comment_changelist") + "?status=all"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "approve", "_selected_action": [pending.pk]})
    assert Learner.reports == []
