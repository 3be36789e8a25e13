import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from blog.models import Post


@pytest.fixture
def author(db):
    return get_user_model().objects.create_user(
        "ada", email="ada@example.com", password="pw-ada-12345", first_name="Ada"
    )


@pytest.fixture
def make_post(author):
    """Factory for posts; published now unless told otherwise."""

    def make(**fields):
        fields.setdefault("title", "A post")
        fields.setdefault("slug", f"a-post-{Post.objects.count() + 1}")
        fields.setdefault("body", "Some *Markdown* text.")
        fields.setdefault("status", Post.Status.PUBLISHED)
        fields.setdefault("author", author)
        return Post.objects.create(**fields)

    return make


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests do not run collectstatic, so static URLs need no manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
    """A fresh browser context (no cookies) and page; fails the test on any foreign request."""
    context = chromium.new_context()
    page = context.new_page()
    foreign = []

    def note_foreign(request):
        if not request.url.startswith((live_server.url, "data:")):
            foreign.append(request.url)

    page.on("request", note_foreign)
    yield page
    context.close()
    assert not foreign, f"pages asked another host: {foreign}"
