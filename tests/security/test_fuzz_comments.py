"""Whatever is posted to the comment endpoint, the answer is one PRODUCT.md allows.

Hypothesis sends arbitrary text in every field, arbitrary sets of fields (missing,
repeated, unknown), and arbitrary request bodies (invalid UTF-8, NUL bytes, odd
charsets and content types). The answer is always in {302, 400, 403, 409, 429}:
never a 5xx, never a traceback.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.moderation.spam import make_token

ALLOWED = {302, 400, 403, 409, 429}
FIELDS = ["name", "email", "url", "body", "parent", "remember", "token", "topic"]
FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "x" * 10_001,
            "x" * 255,
            "-1",
            "0",
            "99999999999999999999999",
            "1e9",
            "https://",
            "http://[::1",
            "javascript:alert(1)",
            "a@b",
            "@",
            "é@ü.example",
            "\u202e",
            "\ufeff",
            "on",
            "true",
        ]
    ),
)
integers = st.integers(min_value=-(2**70), max_value=2**70).map(str)


@pytest.fixture
def endpoint(make_post, make_comment, settings):
    """A post with comments (an approved one and a pending one) and no flood limit."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    post = make_post()
    make_comment(post, name="First")
    make_comment(post, name="Held", status="pending")
    return post


def valid_fields(post):
    return {
        "name": "Grace",
        "email": "grace@example.com",
        "url": "",
        "body": "A thoughtful comment.",
        "parent": "",
        "token": make_token(post.pk, timezone.now() - timedelta(minutes=1)),
        "topic": "",
    }


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(FIELDS), st.one_of(texts, integers), max_size=8))
def test_any_text_in_the_fields(client, endpoint, changes):
    """Valid fields with any of them replaced by arbitrary text: an allowed answer."""
    data = {**valid_fields(endpoint), **changes}
    response = client.post(f"/comments/post/{endpoint.pk}/", data)
    assert response.status_code in ALLOWED


@FUZZ
@given(
    fields=st.dictionaries(
        st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)),
        st.lists(texts, max_size=3),
        max_size=10,
    ),
    multipart=st.booleans(),
)
def test_any_set_of_fields(client, endpoint, fields, multipart):
    """Missing, repeated and unknown fields, form-encoded or multipart: an allowed answer."""
    url = f"/comments/post/{endpoint.pk}/"
    if multipart:
        response = client.post(url, fields)
    else:
        body = urlencode(fields, doseq=True)
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in ALLOWED


CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data; boundary=BoUnDaRy",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "text/plain",
    "application/json",
    "",
]


def body_with(post, raw):
    """A valid form-encoded body followed by raw bytes (which may start more fields)."""
    fields = "&".join(f"{k}={v}" for k, v in valid_fields(post).items()).encode()
    return fields + b"&" + raw


@FUZZ
@given(
    raw=st.one_of(
        st.binary(max_size=400),
        st.lists(st.sampled_from([b"body=", b"name=", b"%", b"%ff", b"%00", b"\x00", b"\xff",
                                  b"\xc3", b"&", b"=", b"--BoUnDaRy\r\n", b"\r\n", b"+"]),
                 max_size=30).map(b"".join),
    ),
    content_type=st.sampled_from(CONTENT_TYPES),
    keep_valid_fields=st.booleans(),
)  # fmt: skip
def test_any_bytes_as_the_body(client, endpoint, raw, content_type, keep_valid_fields):
    """Arbitrary bytes (invalid UTF-8, NUL, broken multipart) as the body: an allowed answer."""
    body = body_with(endpoint, raw) if keep_valid_fields else raw
    response = client.generic(
        "POST", f"/comments/post/{endpoint.pk}/", body, content_type=content_type
    )
    assert response.status_code in ALLOWED


@pytest.mark.parametrize(
    "field", ["name", "email", "url", "body", "parent", "token", "topic", "remember"]
)
def test_nul_and_invalid_utf8_in_each_field_are_refused_cleanly(client, endpoint, field):
    """A NUL byte or a broken UTF-8 sequence in any field is a 4xx or an accepted comment."""
    for raw in (b"a%00b", b"%ff%fe", b"%c3%28", b"%ed%a0%80"):
        body = body_with(endpoint, field.encode() + b"=" + raw)
        response = client.generic(
            "POST",
            f"/comments/post/{endpoint.pk}/",
            body,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in ALLOWED, raw
