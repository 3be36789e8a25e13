"""Which IP address and user agent a comment is stored with."""

import pytest
from django.test import RequestFactory

from comments.moderation.client import client_ip, user_agent


@pytest.fixture
def request_with():
    def build(**meta):
        return RequestFactory().post("/comments/post/1/", **meta)

    return build


def test_remote_addr_without_proxies(request_with):
    """With no trusted proxy the address is REMOTE_ADDR."""
    assert client_ip(request_with(REMOTE_ADDR="192.0.2.10")) == "192.0.2.10"


def test_forwarded_for_is_ignored_without_trusted_proxies(settings, request_with):
    """X-Forwarded-For can be forged, so it is ignored by default."""
    settings.BLOG_TRUSTED_PROXIES = 0
    request = request_with(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_ip(request) == "192.0.2.10"


@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "6.6.6.6, 203.0.113.1", "203.0.113.1"),
        (2, "6.6.6.6, 203.0.113.1, 10.0.0.2", "203.0.113.1"),
        (3, "203.0.113.1, 10.0.0.2", "203.0.113.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_trusted_proxies_count_from_the_right(settings, request_with, proxies, header, expected):
    """Each trusted proxy appends one entry; the client is that many from the right."""
    settings.BLOG_TRUSTED_PROXIES = proxies
    request = request_with(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_trusted_proxy_without_header_uses_remote_addr(settings, request_with):
    """A request that did not pass the proxy falls back to REMOTE_ADDR."""
    settings.BLOG_TRUSTED_PROXIES = 1
    assert client_ip(request_with(REMOTE_ADDR="192.0.2.10")) == "192.0.2.10"


@pytest.mark.parametrize("value", ["not-an-ip", "", "1.2.3.4:80", "fe80::1%eth0", "1.2.3"])
def test_invalid_address_is_stored_as_none(request_with, value):
    """Anything that is not a plain IP address gives None."""
    assert client_ip(request_with(REMOTE_ADDR=value)) is None


def test_user_agent_is_cut_to_255_characters(request_with):
    """The user agent is kept to what the column holds."""
    assert len(user_agent(request_with(HTTP_USER_AGENT="x" * 1000))) == 255


def test_user_agent_loses_nul_bytes(request_with):
    """NUL bytes, which PostgreSQL refuses, are removed."""
    assert user_agent(request_with(HTTP_USER_AGENT="a\x00b")) == "ab"
