import pytest

from blog.models import Page


@pytest.fixture
def make_page(author):
    """Factory for pages; published, out of the navigation, unless told otherwise."""

    def make(**fields):
        fields.setdefault("title", "A page")
        fields.setdefault("slug", f"a-page-{Page.objects.count() + 1}")
        fields.setdefault("body", "Some *Markdown* text.")
        fields.setdefault("status", Page.Status.PUBLISHED)
        fields.setdefault("author", author)
        return Page.objects.create(**fields)

    return make
