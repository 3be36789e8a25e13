import pytest

pytestmark = pytest.mark.browser


def test_home_page_renders_with_the_site_stylesheet(page, live_server, make_post):
    """A real browser loads the home page and its stylesheet from our own host."""
    make_post(title="Seen in a browser")
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert page.get_by_role("link", name="Seen in a browser").is_visible()
    stylesheets = page.evaluate("Array.from(document.styleSheets).map(s => s.href)")
    assert any(href.endswith("/static/css/site.css") for href in stylesheets)
