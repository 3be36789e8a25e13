"""What the public must never see, on any page, feed, sitemap or search result.

Hidden posts (draft, scheduled, private), comments that are not approved (pending,
spam, trash, or approved on a hidden post), and every commenter's email, IP
address and user agent are planted with unique markers; then every public URL is
fetched as an anonymous visitor and searched for them, hashes of the emails too.
"""

import hashlib
from datetime import timedelta
from urllib.parse import quote, quote_plus

import pytest
from django.core import signing
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from comments.privacy.cookies import HELD_COOKIE
from tests.support.public_urls import public_urls

Status = Comment.Status
EMAILS = [
    "approved.commenter@example.com",
    "pending.commenter@example.com",
    "spam.commenter@example.com",
    "trash.commenter@example.com",
    "draft.commenter@example.com",
]
IPS = ["203.0.113.77", "198.51.100.11", "192.0.2.45", "2001:db8::1234", "203.0.113.99"]
AGENTS = [f"SecretAgent{index}/1.0" for index in range(len(EMAILS))]
HIDDEN_MARKERS = [
    "DRAFTPOSTMARKER",
    "FUTUREPOSTMARKER",
    "PRIVATEPOSTMARKER",
    "PENDINGMARKER",
    "SPAMMARKER",
    "TRASHMARKER",
    "PENDINGREPLYMARKER",
    "DRAFTCOMMENTMARKER",
]


@pytest.fixture
def planted(make_post, make_category, make_tag, make_comment):
    """One public post with comments of every status, and hidden posts in the same terms."""
    category, tag = make_category("Garden"), make_tag("Beans")
    now = timezone.now()
    public = make_post(title="Open post", slug="open", published_at=now - timedelta(days=1))
    draft = make_post(
        title="DRAFTPOSTMARKER", slug="draft", status=Post.Status.DRAFT, published_at=now
    )
    hidden = [
        draft,
        make_post(title="FUTUREPOSTMARKER", slug="future", published_at=now + timedelta(days=3)),
        make_post(
            title="PRIVATEPOSTMARKER", slug="private", status=Post.Status.PRIVATE, published_at=now
        ),
    ]
    for post in [public, *hidden]:
        post.categories.add(category)
        post.tags.add(tag)

    def plant(post, index, body, status, **fields):
        return make_comment(
            post,
            name=f"Commenter {index}",
            email=EMAILS[index],
            ip_address=IPS[index],
            user_agent=AGENTS[index],
            url=f"https://site{index}.example.org/",
            body=body,
            status=status,
            **fields,
        )

    approved = plant(public, 0, "Approved and public.", Status.APPROVED)
    plant(public, 1, "PENDINGMARKER", Status.PENDING)
    plant(public, 2, "SPAMMARKER", Status.SPAM)
    plant(public, 3, "TRASHMARKER", Status.TRASH)
    plant(public, 1, "PENDINGREPLYMARKER", Status.PENDING, parent=approved)
    plant(draft, 4, "DRAFTCOMMENTMARKER", Status.APPROVED)
    return public, hidden, approved


def searches():
    """Queries for every marker and email; the page may echo the query, nothing more."""
    return [*HIDDEN_MARKERS, *EMAILS, "Commenter", "example"]


def secrets():
    """Every string that would be a leak, with the usual hashes of the emails."""
    found = [*HIDDEN_MARKERS, *IPS, *AGENTS]
    for email in EMAILS:
        found += [email, quote(email), email.replace("@", "&#64;")]
        for algorithm in ("md5", "sha1", "sha256"):
            found.append(hashlib.new(algorithm, email.encode()).hexdigest())
    return found


def leaks(response, echoed=""):
    text = response.content.decode() + "\n".join(f"{k}: {v}" for k, v in response.items())
    text = text.lower()
    if echoed:
        for form in (echoed, quote(echoed), quote_plus(echoed)):
            text = text.replace(form.lower(), "")
    return [secret for secret in secrets() if secret.lower() in text]


def test_public_urls_show_nothing_hidden_or_private(client, planted):
    """No hidden post, unapproved comment, email, IP or user agent on any public URL."""
    public, _, _ = planted
    answered = 0
    for url in [*public_urls(public), "/?page=2"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        answered += response.status_code == 200
        assert leaks(response) == [], url
    assert answered > 12


def test_search_finds_nothing_hidden_or_private(client, planted):
    """Searching for a hidden title, unapproved text or an email finds nothing of it."""
    for query in searches():
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert leaks(response, echoed=query) == [], query
    assert "Open post" in client.get("/search/", {"q": "Open"}).text


def test_the_public_post_shows_its_approved_comment_only(client, planted):
    """Control: the public post does show the approved comment, counted alone."""
    public, _, approved = planted
    response = client.get(public.get_absolute_url())
    assert f'id="comment-{approved.pk}"' in response.text
    assert "Approved and public." in response.text
    assert "1 Comment on" in response.text
    assert response.text.count('class="comment depth-') == 1


def test_hidden_posts_are_404_to_the_public(client, planted):
    """Draft, scheduled and private posts and their comment feeds are not found."""
    _, hidden, _ = planted
    for post in hidden:
        assert client.get(post.get_absolute_url()).status_code == 404
        assert client.get(f"{post.get_absolute_url()}feed/").status_code == 404


def test_comments_on_hidden_posts_cannot_be_posted(client, planted, post_comment):
    """The comment endpoint treats hidden posts as closed and says nothing about them."""
    _, hidden, _ = planted
    for post in hidden:
        response = post_comment(post)
        assert response.status_code in (403, 404)
        assert leaks(response) == []


def test_a_forged_held_cookie_reveals_no_pending_comment(client, planted):
    """Unsigned or wrongly signed "my comments" cookies show nobody else's pending comment."""
    public, _, _ = planted
    ids = list(Comment.objects.held().values_list("pk", flat=True))
    forgeries = [
        str(ids),
        signing.dumps(ids, salt="another.salt", compress=True),
        signing.dumps(ids, key="not-the-site-key", salt="comments.held", compress=True),
    ]
    for forged in forgeries:
        client.cookies[HELD_COOKIE] = forged
        response = client.get(public.get_absolute_url())
        assert "PENDINGMARKER" not in response.text
        assert "SPAMMARKER" not in response.text
