import os
from pathlib import Path

import pytest

from tests.support.browser_steps import browser_page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skipped where it is not installed (not in CI)."""
    if not CHROMIUM.exists():
        message = "Chromium is not installed: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI must run the browser tests)")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A page of `browser_page` with its defaults, for tests that need only the one."""
    with browser_page(chromium, live_server) as page:
        yield page


@pytest.fixture
def quick_comments(open_moderation, settings):
    """Accept comments at once: the browser fills the form faster than a person."""
    settings.BLOG_COMMENT_MIN_FORM_SECONDS = 0


@pytest.fixture
def thread(make_post, make_comment):
    """A post with one comment, by Margaret, to reply to."""
    post = make_post(title="Keyboard and screen")
    return post, make_comment(post, name="Margaret", body="Reply to me.")
