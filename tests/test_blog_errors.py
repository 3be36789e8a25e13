import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import RequestFactory
from django.views import defaults
from pytest_django.asserts import assertContains, assertNotContains


@pytest.mark.django_db
def test_unknown_page_is_404_in_the_site_layout(client):
    """An unknown URL is a 404 page with the site's header, navigation and footer."""
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assertContains(response, '<header class="site-header">', status_code=404)
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=404)


@pytest.mark.django_db
def test_404_leaks_nothing(client):
    """The 404 page echoes neither the path nor the reason."""
    response = client.get("/<script>x</script>/")
    assertNotContains(response, "<script>x", status_code=404)
    assertNotContains(response, "Resolver404", status_code=404)
    assertNotContains(response, "urlpatterns", status_code=404)


@pytest.mark.parametrize(
    ("handler", "exception", "text"),
    [
        (defaults.bad_request, SuspiciousOperation("secret detail"), "Bad request"),
        (defaults.permission_denied, PermissionDenied("secret detail"), "Forbidden"),
    ],
)
@pytest.mark.django_db
def test_400_and_403_pages_are_in_the_site_layout(handler, exception, text):
    """The 400 and 403 pages use the site layout and hide the exception."""
    response = handler(RequestFactory().get("/"), exception)
    content = response.content.decode()
    assert text in content
    assert '<header class="site-header">' in content
    assert "secret detail" not in content


def test_500_page_renders_without_a_request_context():
    """The 500 page renders from nothing but static files, in the site's style."""
    response = defaults.server_error(RequestFactory().get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in content
    assert 'href="/static/css/site.css"' in content
