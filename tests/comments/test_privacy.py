"""Privacy: the notice page, and a commenter's data exported or erased on request."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from comments.models import Comment
from tests.support.comment_pages import all_tags

pytestmark = pytest.mark.django_db

KEYS = {"name", "email", "url", "ip", "user_agent", "created", "post_url", "status", "body"}


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# The notice


def test_form_note_links_to_the_privacy_notice(client, post):
    """The note under "Leave a Reply" links to the notice, after the required-fields sentence."""
    page = client.get(post.get_absolute_url()).text
    note = page.split('<p class="comment-notes"', 1)[1].split("</p>", 1)[0]
    assert "Your email address will not be published. Required fields are marked" in note
    assert note.index("Required fields") < note.index('href="/privacy/"')
    assert ">Privacy notice</a>" in note


def test_notice_says_what_is_collected(client):
    """Name, email, website, IP, user agent and each cookie are named."""
    page = client.get("/privacy/").text
    for thing in ["name", "email address", "website", "IP address", "user agent"]:
        assert thing in page
    for cookie in ["comment_author", "comment_held", "comment_edit", "csrftoken"]:
        assert f"<code>{cookie}</code>" in page


def test_notice_renders_the_settings_in_force(settings, client):
    """Retention periods, cookie lifetime and edit window come from the settings."""
    settings.BLOG_COMMENT_IP_RETENTION_DAYS = 45
    settings.BLOG_SPAM_RETENTION_DAYS = 9
    settings.BLOG_COMMENT_EDIT_MINUTES = 7
    page = client.get("/privacy/").text
    assert "older than 45 days" in page
    assert "kept for 9 days" in page
    assert "for 7 minutes after posting" in page
    assert "for 365 days" in page
    assert "Akismet" not in page


def test_notice_uses_singulars(settings, client):
    """One day is "1 day"."""
    settings.BLOG_COMMENT_IP_RETENTION_DAYS = 1
    settings.BLOG_COMMENT_EDIT_MINUTES = 1
    page = client.get("/privacy/").text
    assert "older than 1 day." in page
    assert "for 1 minute after posting" in page


def test_notice_names_akismet_when_it_is_on(settings, client):
    """With AKISMET_API_KEY set the notice says what is sent to Akismet."""
    settings.AKISMET_API_KEY = "key"
    assert "Akismet" in client.get("/privacy/").text


def test_notice_without_editing_does_not_offer_it(settings, client):
    """BLOG_COMMENT_EDIT_MINUTES = 0: no edit cookie is mentioned."""
    settings.BLOG_COMMENT_EDIT_MINUTES = 0
    assert "comment_edit" not in client.get("/privacy/").text


def test_notice_page_queries_are_pinned(client, db, django_assert_max_num_queries):
    """Once the navigation is read (once per generation), the notice costs no query."""
    client.get("/privacy/")  # the header navigation: read once per generation
    with django_assert_max_num_queries(0):
        assert client.get("/privacy/").status_code == 200


def test_notice_is_in_the_site_layout(client, db):
    """The page has the site's title and a canonical link like any page."""
    tags = all_tags(client.get("/privacy/").text)
    assert ("title", []) in tags
    assert any(tag == "link" and ("rel", "canonical") in attrs for tag, attrs in tags)


# Export


@pytest.fixture
def grace_comments(make_comment, make_post, post):
    other = make_post(title="Beans")
    return [
        make_comment(
            post,
            name="Grace",
            email="grace@example.com",
            url="https://grace.example.com/",
            ip_address="192.0.2.1",
            user_agent="Firefox",
            body="First",
        ),
        make_comment(other, name="G.", email="Grace@Example.com", status="pending", body="Second"),
    ]


def test_export_prints_every_comment_with_exactly_the_contract_keys(grace_comments, post):
    """One JSON object per comment, keys exactly as PRODUCT.md lists them."""
    data = json.loads(run("export_commenter_data", "grace@example.com"))
    assert len(data) == 2
    assert all(set(item) == KEYS for item in data)
    first = data[0]
    assert first["name"] == "Grace"
    assert first["email"] == "grace@example.com"
    assert first["url"] == "https://grace.example.com/"
    assert first["ip"] == "192.0.2.1"
    assert first["user_agent"] == "Firefox"
    assert first["status"] == "approved"
    assert first["body"] == "First"
    assert first["post_url"] == post.get_absolute_url()
    assert first["created"] == grace_comments[0].created_at.isoformat()
    assert data[1]["status"] == "pending"


def test_export_matches_the_email_in_any_case(grace_comments):
    """GRACE@EXAMPLE.COM finds the same comments."""
    assert len(json.loads(run("export_commenter_data", "GRACE@EXAMPLE.COM"))) == 2


def test_export_of_an_unknown_email_is_an_empty_array(db):
    """Nobody by that address: []."""
    assert json.loads(run("export_commenter_data", "nobody@example.com")) == []


def test_export_post_url_is_absolute_with_blog_site_url(settings, grace_comments, post):
    """With BLOG_SITE_URL the post URLs are absolute."""
    settings.BLOG_SITE_URL = "https://blog.example.com"
    data = json.loads(run("export_commenter_data", "grace@example.com"))
    assert data[0]["post_url"] == f"https://blog.example.com{post.get_absolute_url()}"


def test_export_leaves_other_commenters_out(grace_comments, make_comment, post):
    """Only that address's comments are exported."""
    make_comment(post, email="someone@example.com", body="Not hers")
    bodies = [
        item["body"] for item in json.loads(run("export_commenter_data", "grace@example.com"))
    ]
    assert "Not hers" not in bodies


# Erase


def test_erase_anonymises_and_keeps_the_text(grace_comments, make_comment, post):
    """Name "Anonymous"; email, url, IP, user agent cleared; the text stays; others untouched."""
    bystander = make_comment(post, email="b@example.com", ip_address="192.0.2.9")
    output = run("erase_commenter_data", "GRACE@example.com")
    assert output.strip() == "Anonymised 2 comments by GRACE@example.com."
    for comment in Comment.objects.filter(pk__in=[c.pk for c in grace_comments]):
        assert comment.name == "Anonymous"
        assert (comment.email, comment.url, comment.ip_address, comment.user_agent) == (
            "",
            "",
            None,
            "",
        )
        assert not comment.notify_replies
    assert Comment.objects.get(pk=grace_comments[0].pk).body == "First"
    bystander.refresh_from_db()
    assert bystander.ip_address == "192.0.2.9"


def test_anonymised_comments_show_as_anonymous(client, grace_comments, post):
    """The post page shows "Anonymous" and no trace of the name or website."""
    run("erase_commenter_data", "grace@example.com")
    page = client.get(post.get_absolute_url()).text
    assert "Anonymous" in page
    assert "grace.example.com" not in page


def test_erase_with_delete_deletes_and_keeps_replies(grace_comments, make_comment, post):
    """--delete removes the comments; replies move up; the post's count follows."""
    reply = make_comment(post, parent=grace_comments[0], email="r@example.com")
    output = run("erase_commenter_data", "grace@example.com", "--delete")
    assert output.strip() == "Deleted 2 comments by grace@example.com."
    assert not Comment.objects.filter(email__iexact="grace@example.com").exists()
    reply.refresh_from_db()
    assert reply.parent_id is None
    post.refresh_from_db()
    assert post.comment_count == 1


def test_erase_of_an_unknown_email_says_so(db):
    """Nothing to erase: "0 comments"."""
    assert run("erase_commenter_data", "x@example.com").strip() == (
        "Anonymised 0 comments by x@example.com."
    )


def test_erasing_twice_changes_nothing_more(grace_comments):
    """After anonymising, the address finds nothing."""
    run("erase_commenter_data", "grace@example.com")
    assert run("erase_commenter_data", "grace@example.com").strip() == (
        "Anonymised 0 comments by grace@example.com."
    )
