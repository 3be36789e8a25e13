"""Every error page is a styled page in the site layout that gives nothing away.

Each status is produced through the HTTP layer the way a visitor meets it: a
disallowed host or too many form fields (400), a view that refuses (403), a form
sent without its CSRF token (403), an unknown address (404), a locked-out login
and a comment flood (429) and a view that crashes (500). The views that refuse and
crash exist only in this module's URLconf, used through `@pytest.mark.urls`.
"""

import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path

SECRET_DETAIL = "detail-only-the-server-may-know"
SECRET_KEY = "a-distinctive-secret-key-that-no-page-may-show"


def refuse(request):
    raise PermissionDenied(SECRET_DETAIL)


def tamper(request):
    raise SuspiciousOperation(SECRET_DETAIL)


def crash(request):
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [
    path("test-only/refuse/", refuse),
    path("test-only/tamper/", tamper),
    path("test-only/crash/", crash),
    path("", include("config.urls")),
]

FORM_ENCODED = {"content_type": "application/x-www-form-urlencoded"}
LEAKS = [
    SECRET_DETAIL,
    "Traceback",
    "File &quot;",
    'File "',
    "django.",
    "DEBUG",
    "SECRET_KEY",
    "settings.py",
    "site-packages",
    "CSRF verification failed",
    "Reason given",
    "Referer",
    "csrfmiddlewaretoken",
    "Resolver404",
    "urlpatterns",
]


def assert_styled_and_silent(response, status, heading):
    """The page has the answer's status, the site's stylesheet and heading, and no leak."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<header class="site-header">' in html
    assert re.search(rf"<h1>{re.escape(heading)}</h1>", html), html
    assert '<meta name="robots" content="noindex">' in html
    for leak in [*LEAKS, str(settings.BASE_DIR), SECRET_KEY]:
        assert leak not in html, leak
    for header, value in response.items():
        assert SECRET_DETAIL not in value, header


@pytest.fixture(autouse=True)
def distinctive_secret_key(settings):
    settings.SECRET_KEY = SECRET_KEY


@pytest.mark.django_db
def test_disallowed_host_is_a_styled_400(client):
    """A request for a host the site does not serve gets the 400 page."""
    response = client.get("/", headers={"host": "evil.example.com"})
    assert_styled_and_silent(response, 400, "Bad request")
    assert "evil.example.com" not in response.content.decode()


@pytest.mark.django_db
def test_too_many_form_fields_is_a_styled_400(client, make_post):
    """A comment POST with more fields than Django accepts gets the 400 page."""
    post = make_post()
    fields = {f"field{index}": "x" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(f"/comments/post/{post.pk}/", fields)
    assert_styled_and_silent(response, 400, "Bad request")


@pytest.mark.django_db
def test_oversized_comment_post_is_a_styled_400(client, make_post, comment_data):
    """A comment body beyond DATA_UPLOAD_MAX_MEMORY_SIZE gets the 400 page, unread."""
    post = make_post()
    data = comment_data(post, body="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = client.post(f"/comments/post/{post.pk}/", urlencode(data), **FORM_ENCODED)
    assert_styled_and_silent(response, 400, "Bad request")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_suspicious_request_is_a_styled_400_without_the_reason(client):
    """A view that detects tampering answers 400 without saying what it found."""
    assert_styled_and_silent(client.get("/test-only/tamper/"), 400, "Bad request")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_refusal_is_a_styled_403_without_the_reason(client):
    """PermissionDenied answers 403 in the site layout, its message kept private."""
    assert_styled_and_silent(client.get("/test-only/refuse/"), 403, "Forbidden")


@pytest.mark.django_db
def test_missing_csrf_token_is_a_styled_403(csrf_client, make_post, comment_data):
    """A comment sent without the CSRF cookie and token gets the site's own CSRF page."""
    post = make_post()
    response = csrf_client.post(f"/comments/post/{post.pk}/", comment_data(post))
    assert_styled_and_silent(response, 403, "This form could not be sent")


@pytest.mark.django_db
def test_unknown_address_is_a_styled_404(client):
    """An address that matches nothing gets the 404 page, not the URL list."""
    response = client.get("/wp-admin/install.php")
    assert_styled_and_silent(response, 404, "Page not found")
    assert "install.php" not in response.content.decode()


@pytest.mark.django_db
def test_locked_out_login_is_a_styled_429(client):
    """Too many failed admin logins get the 429 page, in the site layout."""
    get_user_model().objects.create_user("boss", password="right-pass-123", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    assert_styled_and_silent(response, 429, "Too many failed logins")
    assert "15 minutes" in response.content.decode()


@pytest.mark.django_db
def test_comment_flood_is_a_styled_429(client, make_post, post_comment, settings):
    """A second comment straight after the first gets a 429 page with Retry-After."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 60
    post = make_post()
    assert post_comment(post).status_code == 302
    response = post_comment(post, body="And another thing.")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert "You are posting comments too quickly. Slow down." in html
    assert "grace@example.com" not in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_crash_is_a_styled_500_without_a_traceback(raise_free_client, caplog):
    """A view that raises gets the 500 page; the exception only goes to the log."""
    response = raise_free_client.get("/test-only/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "<h1>Something went wrong</h1>" in html
    for leak in [*LEAKS, str(settings.BASE_DIR), SECRET_KEY]:
        assert leak not in html, leak
    assert SECRET_DETAIL in caplog.text


IN_THE_LAYOUT = '{% extends "base.html" %}'
STYLED_BY = {
    "400.html": IN_THE_LAYOUT,
    "403.html": IN_THE_LAYOUT,
    "403_csrf.html": IN_THE_LAYOUT,
    "404.html": IN_THE_LAYOUT,
    "429.html": IN_THE_LAYOUT,
    # Rendered without a request or context processors, so it links the stylesheet itself.
    "500.html": """<link rel="stylesheet" href="{% static 'css/site.css' %}">""",
}


@pytest.mark.parametrize("template", STYLED_BY)
def test_every_error_template_exists_and_is_styled(template):
    """Each error template is ours: the 500 page links the stylesheet, the others extend base."""
    source = (settings.BASE_DIR / "templates" / template).read_text()
    assert STYLED_BY[template] in source
    assert "{{ exception" not in source
    assert "{{ reason" not in source
    assert "{{ request_path" not in source
