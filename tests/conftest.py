import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from blog.models import Category, Post, Tag
from comments.lifecycle import refresh_comment_counts
from comments.models import Comment
from comments.moderation.spam import make_token


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


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test its own cache, so that no page cached in one test is served in another.

    With REDIS_URL the cache stays Redis, under a key prefix of the test's own.
    """
    default, name = settings.CACHES["default"], f"test-{uuid.uuid4().hex}"
    if default["BACKEND"].endswith("RedisCache"):
        settings.CACHES = {"default": {**default, "KEY_PREFIX": name}}
    else:
        backend = "django.core.cache.backends.locmem.LocMemCache"
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": name}}
    settings.BLOG_PAGE_CACHE_SECONDS = 60  # what tests leave in Redis goes soon


@pytest.fixture
def rendering_only(settings):
    """No page cache, for tests that count a view's queries: a hit makes none, and the
    first request of a fresh cache one more (config.pagecache's generation)."""
    settings.BLOG_PAGE_CACHE = False


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


@pytest.fixture
def make_category(db):
    """Factory for categories; the slug comes from the name unless given."""

    def make(name, **fields):
        fields.setdefault("slug", slugify(name, allow_unicode=True))
        return Category.objects.create(name=name, **fields)

    return make


@pytest.fixture
def make_tag(db):
    """Factory for tags; the slug comes from the name unless given."""

    def make(name, **fields):
        fields.setdefault("slug", slugify(name, allow_unicode=True))
        return Tag.objects.create(name=name, **fields)

    return make


@pytest.fixture
def staff_client(client, db):
    """A client signed in as a staff user who is not a superuser."""
    user = get_user_model().objects.create_user("editor", password="pw-editor-12345")
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in many tests; the production hasher takes most of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_comment(db):
    """Factory for comments, approved unless told otherwise; keeps the post's count current."""

    def make(post, **fields):
        fields.setdefault("name", "Reader")
        fields.setdefault("email", "reader@example.com")
        fields.setdefault("body", f"Comment number {Comment.objects.count() + 1}.")
        fields.setdefault("status", Comment.Status.APPROVED)
        comment = Comment.objects.create(post=post, **fields)
        refresh_comment_counts([post.pk])
        return comment

    return make


@pytest.fixture
def comment_data():
    """Valid comment form data for a post, with a form token rendered a minute ago."""

    def build(post, **fields):
        data = {
            "name": "Grace",
            "email": "grace@example.com",
            "url": "",
            "body": "A thoughtful comment.",
            "parent": "",
            "topic": "",
            "token": make_token(post.pk, timezone.now() - timedelta(minutes=1)),
        }
        data.update(fields)
        return data

    return build


@pytest.fixture
def post_comment(client, comment_data):
    """POST the comment form of a post (fields override the valid defaults)."""

    def send(post, *, using=None, **fields):
        return (using or client).post(f"/comments/post/{post.pk}/", comment_data(post, **fields))

    return send


@pytest.fixture
def clock(monkeypatch):
    """A frozen django.utils.timezone.now(); `clock.advance(minutes=11)` moves it on."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    frozen = Clock()
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def moderator(db):
    """A staff user whose only rights are viewing, changing and moderating comments."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(
        "moderator", email="mod@example.com", password="pw-mod-12345", is_staff=True
    )
    codenames = ["view_comment", "change_comment", "moderate_comment"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user
