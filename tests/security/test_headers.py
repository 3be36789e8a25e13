import os
import re
import subprocess
import sys

import pytest
from django.conf import settings


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, _, values in (part.strip().partition(" ") for part in header.split(";"))
    }


@pytest.mark.django_db
def test_public_pages_carry_a_strict_content_security_policy(client):
    """Scripts and styles only from this site; no framing, plugins or base changes."""
    directives = csp_directives(client.get("/"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in client.get("/")["Content-Security-Policy"]


def test_admin_relaxes_inline_styles_only(admin_client):
    """The admin may use style attributes; its scripts stay as strict as the site's."""
    directives = csp_directives(admin_client.get("/admin/"))
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["script-src"] == "'self'"


@pytest.mark.django_db
def test_browser_hardening_headers(client):
    """nosniff, a strict referrer policy, COOP, DENY framing and a Permissions-Policy, on
    a page rendered and on the same page from the page cache."""
    rendered, cached = client.get("/"), client.get("/")
    assert cached["X-Page-Cache"] == "hit"
    for response in (rendered, cached):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_same_site_lax():
    """Both cookies are SameSite=Lax; the session cookie is out of JavaScript's reach."""
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_HTTPONLY


def run_deploy_check(**extra_env):
    # The browser fixture's DJANGO_ALLOW_ASYNC_UNSAFE makes the check refuse to run.
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-long-production-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "blog.example.com",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_passes_with_the_production_environment():
    """`check --deploy` with DJANGO_SECURE=1 reports no warning at all."""
    result = run_deploy_check(DJANGO_SECURE="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_without_https_warns_only_about_https():
    """Without DJANGO_SECURE the only warnings are the HTTPS ones it turns off."""
    result = run_deploy_check()
    codes = set(re.findall(r"\(security\.W\d+\)", result.stderr))
    assert codes == {
        "(security.W004)",
        "(security.W008)",
        "(security.W012)",
        "(security.W016)",
    }


def test_production_without_a_secret_key_fails_loudly():
    """DJANGO_DEBUG=0 and no DJANGO_SECRET_KEY stops start-up with a clear message."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_DEBUG": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_repeated_failed_admin_logins_lock_the_username_out(client, django_user_model):
    """The fifth wrong password locks the login out (429), even for the right password."""
    django_user_model.objects.create_superuser("boss", "boss@example.com", "right-pass-123")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": "boss", "password": "right-pass-123"})
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
