import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from blog.models import Category, Post, Tag
from comments import lifecycle
from comments.models import Comment, target_field
from comments.moderation import client
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


@pytest.fixture
def post(make_post):
    """A published post, "Tomatoes", out since yesterday (so a frozen clock finds it public)."""
    return make_post(title="Tomatoes", published_at=timezone.now() - timedelta(days=1))


@pytest.fixture(params=["draft", "private", "future"])
def not_public(request):
    """Fields that keep a post from the public, one kind per run: draft, private, scheduled."""
    return {
        "draft": {"status": Post.Status.DRAFT},
        "private": {"status": Post.Status.PRIVATE},
        "future": {"published_at": timezone.now() + timedelta(days=3)},
    }[request.param]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests do not run collectstatic, so static URLs need no manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Uploads of each test in a folder of its own, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test its own cache, so that no page cached in one test is served in another.

    With REDIS_URL the cache stays Redis, under a key prefix of the test's own.
    """
    name = f"test-{uuid.uuid4().hex}"
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        settings.CACHES = {
            alias: {**config, "KEY_PREFIX": f"{name}:{alias}"}
            for alias, config in settings.CACHES.items()
        }
    else:
        backend = "django.core.cache.backends.locmem.LocMemCache"
        settings.CACHES = {
            alias: {"BACKEND": backend, "LOCATION": f"{name}:{alias}"}
            for alias in ("default", "pages")
        }
    settings.BLOG_PAGE_CACHE_SECONDS = 60  # what tests leave in Redis goes soon


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run as they are enqueued (after the commit), where the behaviour is under test;
    tests/comments/test_worker.py runs the real database queue and worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def rendering_only(settings):
    """No page or fragment cache, for tests that count a view's queries: a hit makes
    none, and the first request of a fresh cache one more (the page cache's generation)."""
    settings.BLOG_PAGE_CACHE = False
    settings.BLOG_FRAGMENT_CACHE = False


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
    """Factory for comments on a post (or a page), approved unless told otherwise; keeps
    the post's (or page's) count current."""

    def make(target, **fields):
        fields.setdefault("name", "Reader")
        fields.setdefault("email", "reader@example.com")
        fields.setdefault("body", f"Comment number {Comment.objects.count() + 1}.")
        fields.setdefault("status", Comment.Status.APPROVED)
        fields.setdefault("network", client.network(fields.get("ip_address")))
        comment = Comment.objects.create(**{target_field(target): target}, **fields)
        lifecycle.changed({comment.post_id}, page_ids={comment.page_id}, public=True)
        return comment

    return make


@pytest.fixture
def comment_data():
    """Valid comment form data for a post (or page), with a form token rendered a minute ago."""

    def build(target, **fields):
        data = {
            "name": "Grace",
            "email": "grace@example.com",
            "url": "",
            "body": "A thoughtful comment.",
            "parent": "",
            "topic": "",
            "token": make_token(
                target.pk, timezone.now() - timedelta(minutes=1), kind=target_field(target)
            ),
        }
        data.update(fields)
        return data

    return build


@pytest.fixture
def post_comment(client, comment_data):
    """POST the comment form of a post or page (fields override the valid defaults)."""

    def send(target, *, using=None, **fields):
        url = f"/comments/{target_field(target)}/{target.pk}/"
        return (using or client).post(url, comment_data(target, **fields))

    return send


@pytest.fixture
def open_moderation(settings):
    """Comments are approved at once and never flood-limited."""
    settings.BLOG_COMMENT_MODERATION = "none"
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0


@pytest.fixture
def subscribed(make_comment, post):
    """An approved comment on `post` whose author, Lin, asked to be told about replies."""
    return make_comment(
        post, name="Lin", email="lin@example.com", notify_replies=True, body="First!"
    )


@pytest.fixture
def discussion(make_post, make_category, make_tag, make_comment):
    """A categorised, tagged post with a thread three comments deep, and an older post."""
    make_post(title="An older note", slug="older")
    post = make_post(
        title="Threads all the way down",
        slug="threads",
        body="Some *Markdown* with [a link](https://example.org/) and `code`.\n\n> A quotation.",
    )
    post.categories.add(make_category("Craft"))
    post.tags.add(make_tag("Light"))
    first = make_comment(post, name="Margaret", body="Lovely <em>post</em>.")
    reply = make_comment(post, name="Lin", body="Agreed, <strong>very</strong>.", parent=first)
    make_comment(post, name="Margaret", body="Thanks!", parent=reply, url="https://m.example/")
    make_comment(post, name="Ola", body="A <a href='https://example.org/'>link</a> for you.")
    return post


@pytest.fixture
def csrf_client():
    """A client that checks CSRF tokens, as a real browser's requests are checked."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def raise_free_client():
    """A client that returns the 500 page instead of raising, as a browser would see it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def seeded(db):
    """The demo content of `manage.py seed_demo`; the command's output."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


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
    """A staff user whose only rights are viewing, changing and moderating all comments."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(
        "moderator", email="mod@example.com", password="pw-mod-12345", is_staff=True
    )
    codenames = ["view_comment", "change_comment", "moderate_comment", "moderate_all_comments"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user
