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
