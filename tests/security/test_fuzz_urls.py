"""Arbitrary paths, query strings, methods and headers on every public URL never fail.

Every public URL of PRODUCT.md gets arbitrary path suffixes (percent-encoded bytes,
invalid UTF-8 included), arbitrary query strings (known parameters with any value,
raw bytes), any method and odd conditional, cookie and encoding headers. The answer
is always in {200, 301, 302, 304, 400, 404, 405}.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.public_urls import public_urls

ALLOWED = {200, 301, 302, 304, 400, 404, 405}
PARAMETERS = ["page", "cpage", "replytocom", "q", "p", "page_id", "s", "preview", "feed", "m"]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def fuzzed_urls(discussion):
    """Every kind of public URL, for a post with a comment thread, and the comment form's."""
    return [*public_urls(discussion), "/search/", f"/comments/post/{discussion.pk}/"]


def percent_encoded(raw):
    return "".join(f"%{byte:02X}" for byte in raw)


path_suffixes = st.one_of(
    st.just(""),
    st.text(max_size=40).map(lambda text: quote(text, safe="/")),
    st.binary(max_size=30).map(percent_encoded),
    st.sampled_from(["x/", "../", "..%2f..%2f", "%2e%2e/", "//", "feed/", "page/2/", "%00",
                     "index.php", ".env", "wp-login.php", "%C0%AE%C0%AE/", "%ED%A0%80"]),
)  # fmt: skip
latin1 = st.binary(max_size=60).map(lambda raw: raw.decode("latin-1"))
values = st.one_of(st.text(max_size=30), st.integers().map(str), latin1)
query_strings = st.one_of(
    st.dictionaries(
        st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)), values, max_size=4
    ).map(lambda params: urlencode(params).encode().decode("latin-1")),
    latin1,
)


@FUZZ
@given(
    pick=st.integers(min_value=0),
    suffix=path_suffixes,
    query=query_strings,
    method=st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE"]),
)
def test_any_path_and_query_on_every_public_url(client, fuzzed_urls, pick, suffix, query, method):
    """A public URL with anything appended and any query never gives a 5xx."""
    base = fuzzed_urls[pick % len(fuzzed_urls)]
    if base.startswith("/comments/post/") and method == "POST":
        method = "GET"  # the comment endpoint's POSTs are fuzzed in test_fuzz_comments
    response = client.generic(method, base + suffix, QUERY_STRING=query)
    assert response.status_code in ALLOWED, (method, base + suffix, query)


headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_IF_MODIFIED_SINCE": st.one_of(latin1, st.just("Wed, 21 Oct 2015 07:28:00 GMT")),
        "HTTP_IF_NONE_MATCH": st.one_of(latin1, st.just("*"), st.just('W/"x"')),
        "HTTP_ACCEPT_ENCODING": st.one_of(latin1, st.just("gzip, br")),
        "HTTP_COOKIE": st.one_of(
            latin1,
            st.tuples(st.sampled_from(["comment_author", "comment_held", "sessionid"]), latin1)
            .map(lambda pair: f"{pair[0]}={pair[1]}"),
        ),
        "HTTP_X_FORWARDED_FOR": latin1,
        "HTTP_REFERER": latin1,
        "HTTP_USER_AGENT": latin1,
        "HTTP_ACCEPT_LANGUAGE": latin1,
    },
)  # fmt: skip


@FUZZ
@given(pick=st.integers(min_value=0), extra=headers)
def test_any_headers_on_every_public_url(client, fuzzed_urls, pick, extra):
    """Odd conditional, cookie, proxy and encoding headers never give a 5xx."""
    base = fuzzed_urls[pick % len(fuzzed_urls)]
    response = client.get(base, **extra)
    assert response.status_code in ALLOWED, (base, extra)
