"""Admin login lockout: by the (username, client IP) pair, the IP read as comments read it."""

import pytest
from django.test import Client
from django.urls import reverse

PROXY = "10.0.0.1"  # the one trusted proxy every visitor comes through
ATTACKER, OWNER = "203.0.113.5", "198.51.100.7"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.BLOG_TRUSTED_PROXIES = 1


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "right-pass-123")


def log_in(username, password, forwarded_for):
    """POST the admin login form from a fresh browser whose request came through PROXY."""
    return Client().post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def fail_until_locked(settings, username, forwarded_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(username, "wrong", forwarded_for)


def test_failures_from_one_ip_do_not_lock_the_user_out_from_another(settings, root):
    """Five wrong passwords for root from one address leave root free to log in from another."""
    fail_until_locked(settings, "root", ATTACKER)
    response = log_in("root", "right-pass-123", OWNER)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_failures_lock_out_that_username_from_that_ip(settings, root):
    """The (username, IP) pair that failed five times is locked out, right password or not."""
    fail_until_locked(settings, "root", ATTACKER)
    response = log_in("root", "right-pass-123", ATTACKER)
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content


def test_another_username_from_the_same_ip_can_log_in(settings, root, django_user_model):
    """Someone else behind the same address (an office, a proxy) is not locked out."""
    django_user_model.objects.create_user("ada", password="pw-ada-12345", is_staff=True)
    fail_until_locked(settings, "root", ATTACKER)
    assert log_in("ada", "pw-ada-12345", ATTACKER).status_code == 302


def test_forged_forwarded_entries_do_not_escape_the_lockout(settings, root):
    """The client IP is the one the trusted proxy saw: entries left of it are ignored."""
    fail_until_locked(settings, "root", ATTACKER)
    response = log_in("root", "right-pass-123", f"{OWNER}, {ATTACKER}")
    assert response.status_code == 429
