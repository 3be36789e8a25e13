import pytest
from django.urls import reverse

from blog.models import Page
from tests.support.admin_forms import form_data


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


@pytest.fixture
def edit(admin_client):
    """Save a post or page through its admin change form with `changes`, as an editor would."""

    def save(obj, **changes):
        url = reverse(f"admin:blog_{obj._meta.model_name}_change", args=[obj.pk])
        response = admin_client.post(url, form_data(admin_client, url, **changes))
        assert response.status_code == 302
        obj.refresh_from_db()

    return save
