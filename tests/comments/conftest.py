import pytest

from blog.models import Page


@pytest.fixture
def open_page(author):
    """A published page, "About" at /about/, open to comments (pages are closed by default)."""
    return Page.objects.create(
        title="About",
        slug="about",
        body="Who *we* are.",
        status=Page.Status.PUBLISHED,
        author=author,
        comments_open=True,
    )
