"""Screenshots for a person to look at, and what can be checked on them by machine.

Home, a post with threaded comments and the comment form with errors, 375 and 1280
pixels wide, in the light and the dark scheme, go to test-artifacts/screenshots/
(ignored by git). Along the way: the dark scheme really is dark, nothing is wider
than a phone's screen, and replies show no list numbers.
"""

import pytest
from django.conf import settings

from tests.support.browser_steps import browser_page

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("quick_comments")]
SHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
WIDTHS = [1280, 375]

BACKGROUND_LIGHTNESS = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
NUMBERED_COMMENTS = """Array.from(document.querySelectorAll("#comments li"))
  .filter((item) => getComputedStyle(item).listStyleType !== "none").length"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_home_post_and_form_errors(chromium, live_server, discussion, scheme):
    """Twelve screenshots; the scheme is honoured and no page scrolls sideways on a phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    taken = []

    def shoot(page, name, full_page=True):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways at {width}px"
            path = SHOTS / f"{name}-{width}-{scheme}.png"
            page.screenshot(path=path, full_page=full_page)
            taken.append(path)

    with browser_page(chromium, live_server, color_scheme=scheme) as page:
        page.goto(live_server.url + "/")
        lightness = page.evaluate(BACKGROUND_LIGHTNESS)
        assert lightness < 0.2 if scheme == "dark" else lightness > 0.8
        shoot(page, "home")
        page.goto(live_server.url + discussion.get_absolute_url())
        assert page.evaluate(NUMBERED_COMMENTS) == 0  # replies carry no list numbers
        shoot(page, "post-threaded")
        page.fill("#id_body", "Kept after the error.")
        page.fill("#id_name", "Hasty")
        page.fill("#id_email", "no@localdomain")
        page.fill("#id_url", "ftp://files.example.com/")
        page.click("#submit")
        page.wait_for_selector(".error-summary")
        shoot(page, "form-errors", full_page=False)

    assert len(taken) == 6
    assert all(path.stat().st_size > 5_000 for path in taken)
