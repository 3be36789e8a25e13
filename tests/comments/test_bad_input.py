"""Any input gets a clear answer, never a 500, and nothing typed is lost on a 400."""

import pytest

from comments.models import Comment

pytestmark = pytest.mark.usefixtures("open_moderation")


@pytest.mark.parametrize("field", ["name", "email", "body"])
def test_missing_required_field_answers_400(post, comment_data, raise_free_client, field):
    """Leaving out a required field is a 400 that names the field."""
    data = comment_data(post)
    del data[field]
    response = raise_free_client.post(f"/comments/post/{post.pk}/", data)
    assert response.status_code == 400
    assert f'href="#id_{field}"' in response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "n" * 101),
        ("email", f"{'e' * 250}@x.io"),
        ("url", f"https://x.io/{'u' * 200}"),
        ("body", "b" * 10_001),
    ],
)
def test_overlong_field_answers_400(post, post_comment, field, value):
    """Each field's maximum length is enforced with a 400."""
    response = post_comment(post, **{field: value})
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.text


def test_longest_allowed_body_is_accepted(post, post_comment):
    """A body of exactly 10,000 characters is fine."""
    assert post_comment(post, body="b" * 10_000).status_code == 302


def test_body_length_counts_line_breaks_once(post, post_comment):
    """Browsers send CRLF; each line break counts as one character, as maxlength counts it."""
    body = ("x" * 99 + "\r\n") * 100
    assert len(body) > 10_000
    assert post_comment(post, body=body).status_code == 302


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@b.com", "a b@c.com", "a@b@c.com"])
def test_invalid_email_answers_400(post, post_comment, email):
    """An invalid address is a 400 beside the email field."""
    response = post_comment(post, email=email)
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://files.example.com/",
        "mailto:a@b.com",
        "data:,x",
        "http://",
        "not a url",
    ],
)
def test_url_that_is_not_http_answers_400(post, post_comment, url):
    """Anything but an http(s) URL in website is a 400 with the error beside the field."""
    response = post_comment(post, url=url)
    assert response.status_code == 400
    assert "Enter a website address that starts with http:// or https://." in response.text


def test_url_without_scheme_is_taken_as_https(post, post_comment):
    """A bare domain is understood as an https address."""
    post_comment(post, url="grace.example.com")
    assert Comment.objects.get().url == "https://grace.example.com"


@pytest.mark.parametrize("field", ["name", "email", "url", "body", "parent", "token", "topic"])
def test_nul_byte_in_any_field_is_not_a_500(post, post_comment, field):
    """A NUL byte anywhere is refused or stored harmlessly, never a server error."""
    response = post_comment(post, **{field: "a\x00b"})
    assert response.status_code in (302, 400)
    # Checked in Python: PostgreSQL refuses a NUL even inside a query.
    assert not any("\x00" in body for body in Comment.objects.values_list("body", flat=True))


def test_nul_byte_in_body_keeps_the_other_input(post, post_comment):
    """A refused body still comes back with the rest of the typed input."""
    response = post_comment(post, body="bad\x00text", name="Kept Name")
    assert response.status_code == 400
    assert 'value="Kept Name"' in response.text


def test_invalid_utf8_is_not_a_500(post, comment_data, raise_free_client):
    """Bytes that are not UTF-8 are decoded with replacement characters, never a 500."""
    data = comment_data(post)
    body = "&".join(f"{key}={value}" for key, value in data.items() if key != "body")
    payload = body.encode() + b"&body=caf%E9+%FF%FE+text"
    response = raise_free_client.post(
        f"/comments/post/{post.pk}/", payload, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (302, 400)


def test_one_megabyte_body_answers_400(post, post_comment):
    """A 1 MB body is a 400, not a crash."""
    response = post_comment(post, body="x" * 1_000_000)
    assert response.status_code == 400
    assert "Ensure this value has at most 10000 characters" in response.text


def test_huge_request_is_refused_cleanly(post, comment_data, raise_free_client):
    """A request beyond Django's upload limit is a 400."""
    response = raise_free_client.post(
        f"/comments/post/{post.pk}/", comment_data(post, body="x" * 3_000_000)
    )
    assert response.status_code == 400


def test_repeated_fields_are_not_a_500(post, comment_data, raise_free_client):
    """Fields sent twice are read like a browser's form, the last value wins."""
    data = comment_data(post)
    data["name"] = ["First", "Second"]
    response = raise_free_client.post(f"/comments/post/{post.pk}/", data)
    assert response.status_code == 302


def test_huge_post_id_answers_404(post, comment_data, raise_free_client):
    """A post id beyond any integer column is a 404."""
    response = raise_free_client.post("/comments/post/99999999999999999999999/", comment_data(post))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "x" * 5000},
        {"HTTP_USER_AGENT": "bad\x00agent"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 ünïcödé"},
        {"HTTP_X_FORWARDED_FOR": "not-an-ip, <script>"},
        {"REMOTE_ADDR": "not-an-ip"},
        {"REMOTE_ADDR": ""},
        {"REMOTE_ADDR": "fe80::1%eth0"},
        {"HTTP_REFERER": "javascript:alert(1)"},
        {"HTTP_ACCEPT_LANGUAGE": "x" * 1000},
    ],
)
def test_weird_headers_are_not_a_500(post, comment_data, raise_free_client, headers):
    """Odd or hostile headers still get the normal answer."""
    response = raise_free_client.post(f"/comments/post/{post.pk}/", comment_data(post), **headers)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert len(comment.user_agent) <= 255
    assert "\x00" not in comment.user_agent


def test_untrusted_forwarded_for_is_ignored(post, comment_data, client):
    """Without trusted proxies X-Forwarded-For is not believed."""
    client.post(f"/comments/post/{post.pk}/", comment_data(post), HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert Comment.objects.get().ip_address == "127.0.0.1"


def test_trusted_proxy_gives_the_client_address(settings, post, comment_data, client):
    """With one trusted proxy, the right-most X-Forwarded-For entry is the client."""
    settings.BLOG_TRUSTED_PROXIES = 1
    client.post(
        f"/comments/post/{post.pk}/",
        comment_data(post),
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )
    assert Comment.objects.get().ip_address == "203.0.113.7"
