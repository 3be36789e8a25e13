"""The moderation rules: the pure decision table, then each rule through a real POST."""

from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from comments.models import Comment
from comments.moderation.rules import Verdict, comments_closed, decide, mentions_any


@dataclass
class Facts:
    is_spam: bool = False
    is_duplicate: bool = False
    is_flooding: bool = False
    is_staff: bool = False
    needs_review: bool = False
    is_known_author: bool = False
    checkers_verdict: Verdict | None = None


S, D, F, P, A = Verdict.SPAM, Verdict.DUPLICATE, Verdict.FLOOD, Verdict.PENDING, Verdict.APPROVED

DECISIONS = [
    # (facts, mode, verdict)
    (Facts(), "none", A),
    (Facts(), "all", P),
    (Facts(), "first-time", P),
    (Facts(is_known_author=True), "first-time", A),
    (Facts(is_known_author=True), "all", P),
    (Facts(needs_review=True), "none", P),
    (Facts(needs_review=True, is_known_author=True), "first-time", P),
    (Facts(is_spam=True), "none", S),
    (Facts(is_spam=True, is_duplicate=True), "none", S),
    # Spam from an address or email that is flooding is refused, never stored.
    (Facts(is_spam=True, is_duplicate=True, is_flooding=True), "none", F),
    (Facts(is_spam=True, is_flooding=True, is_staff=True), "none", S),
    (Facts(is_spam=True, is_staff=True), "none", S),
    (Facts(is_duplicate=True), "none", D),
    (Facts(is_duplicate=True, is_flooding=True), "none", D),
    (Facts(is_duplicate=True, is_staff=True), "none", D),
    (Facts(is_flooding=True), "none", F),
    (Facts(is_flooding=True, needs_review=True), "none", F),
    (Facts(is_flooding=True, is_staff=True), "none", A),
    (Facts(is_staff=True), "all", A),
    (Facts(is_staff=True, needs_review=True), "first-time", A),
    (Facts(checkers_verdict=S), "none", S),
    (Facts(checkers_verdict=S, is_known_author=True), "first-time", S),
    (Facts(checkers_verdict=P), "none", P),
    (Facts(checkers_verdict=P, is_known_author=True), "first-time", P),
    (Facts(checkers_verdict=S, is_duplicate=True), "none", D),
    (Facts(checkers_verdict=S, is_flooding=True), "none", F),
    (Facts(checkers_verdict=S, is_staff=True), "none", A),
]


@pytest.mark.parametrize(("facts", "mode", "verdict"), DECISIONS)
def test_decision_table(facts, mode, verdict):
    """Each combination of facts gets the verdict of PRODUCT.md's order."""
    assert decide(facts, mode) is verdict


def test_decision_reads_no_fact_after_the_deciding_one():
    """A spam verdict looks only at the flood facts (so that a burst of spam is refused)."""

    class SpamOnly:
        is_spam = True
        is_staff = False
        is_flooding = False

        def __getattr__(self, name):
            raise AssertionError(f"{name} was read")

    assert decide(SpamOnly(), "none") is Verdict.SPAM


@pytest.mark.parametrize(
    ("words", "texts", "found"),
    [
        (["casino"], ["Visit the CASINO"], True),
        (["casino"], ["", "casinos@example.com"], True),
        (["casino"], ["nothing here"], False),
        ([], ["casino"], False),
        (["", "  "], ["anything"], False),
        (["Straße"], ["STRASSE"], True),
    ],
)
def test_word_matching(words, texts, found):
    """Word lists match anywhere in any text, ignoring case."""
    assert mentions_any(words, texts) is found


def test_closed_by_the_post_switch():
    """comments_open = False closes a post."""
    post = SimpleNamespace(comments_open=False, published_at=timezone.now())
    assert comments_closed(post)


def test_closed_by_age(settings):
    """A post older than BLOG_COMMENTS_CLOSE_AFTER_DAYS is closed; 0 never closes."""
    post = SimpleNamespace(comments_open=True, published_at=timezone.now() - timedelta(days=10))
    settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS = 9
    assert comments_closed(post)
    settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS = 0
    assert not comments_closed(post)


@pytest.fixture(autouse=True)
def no_flood(settings):
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0


def posted_status(post_comment, post, **fields):
    post_comment(post, **fields)
    return Comment.objects.latest().status


def test_first_time_commenter_is_held(settings, post, post_comment):
    """With first-time moderation a new email waits for a moderator."""
    settings.BLOG_COMMENT_MODERATION = "first-time"
    assert posted_status(post_comment, post) == Comment.Status.PENDING


def test_known_commenter_is_approved(settings, make_comment, post, post_comment):
    """With first-time moderation a name and email with an approved comment are approved."""
    settings.BLOG_COMMENT_MODERATION = "first-time"
    make_comment(post, name="Grace", email="grace@example.com", body="Earlier.")
    assert posted_status(post_comment, post) == Comment.Status.APPROVED


def test_known_commenter_matches_email_in_any_case(settings, make_comment, post, post_comment):
    """Emails are compared without regard to case."""
    settings.BLOG_COMMENT_MODERATION = "first-time"
    make_comment(post, name="Grace", email="grace@example.com", body="Earlier.")
    assert posted_status(post_comment, post, email="Grace@Example.COM") == "approved"


def test_pending_comment_does_not_make_a_known_commenter(
    settings, make_comment, post, post_comment
):
    """Only an approved comment counts as being known."""
    settings.BLOG_COMMENT_MODERATION = "first-time"
    make_comment(post, email="grace@example.com", body="Earlier.", status="pending")
    assert posted_status(post_comment, post) == Comment.Status.PENDING


def test_moderation_all_holds_everyone(settings, make_comment, post, post_comment):
    """BLOG_COMMENT_MODERATION = all holds even known commenters."""
    settings.BLOG_COMMENT_MODERATION = "all"
    make_comment(post, email="grace@example.com", body="Earlier.")
    assert posted_status(post_comment, post) == Comment.Status.PENDING


def test_moderation_none_approves(settings, post, post_comment):
    """BLOG_COMMENT_MODERATION = none approves new commenters."""
    settings.BLOG_COMMENT_MODERATION = "none"
    assert posted_status(post_comment, post) == Comment.Status.APPROVED


def test_moderation_word_holds(settings, post, post_comment):
    """A BLOG_MODERATION_WORDS word holds the comment, whatever the mode."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_MODERATION_WORDS = ["crypto"]
    assert posted_status(post_comment, post, body="About Crypto.") == Comment.Status.PENDING


def test_too_many_links_hold(settings, post, post_comment):
    """More than BLOG_COMMENT_MAX_LINKS links hold the comment."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_MAX_LINKS = 2
    body = "https://a.example.com https://b.example.org https://c.example.net"
    assert posted_status(post_comment, post, body=body) == Comment.Status.PENDING


def test_links_up_to_the_limit_pass(settings, post, post_comment):
    """BLOG_COMMENT_MAX_LINKS links are still fine."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_MAX_LINKS = 2
    body = 'See https://a.example.com and <a href="https://b.example.org">this</a>.'
    assert posted_status(post_comment, post, body=body) == Comment.Status.APPROVED


def test_staff_are_always_approved(settings, staff_client, post, post_comment):
    """Staff comments are approved, even with moderation words and mode all."""
    settings.BLOG_COMMENT_MODERATION = "all"
    settings.BLOG_MODERATION_WORDS = ["crypto"]
    post_comment(post, using=staff_client, body="crypto")
    assert Comment.objects.get().status == Comment.Status.APPROVED
