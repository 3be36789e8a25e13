"""Old WordPress links, /?p=<id> and /?page_id=<id>, after the import."""

import pytest

from wordpress.models import ImportedPost


def test_post_id_redirects_to_permalink(client, imported):
    """/?p=<id> of an imported post is a permanent redirect to its permalink."""
    response = client.get("/?p=101")
    assert response.status_code == 301
    assert response["Location"] == "/2020/03/01/first-frost/"


def test_redirect_target_is_the_post(client, imported):
    """Following the redirect shows the post."""
    response = client.get("/?p=101", follow=True)
    assert response.status_code == 200
    assert response.context["object"] == ImportedPost.objects.get(wp_id=101).post


def test_head_redirects_too(client, imported):
    """HEAD is answered like GET."""
    assert client.head("/?p=101").status_code == 301


def test_unknown_id_is_404(client, imported):
    """An id that no imported post had is a 404 in the site's layout."""
    response = client.get("/?p=999999")
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("wp_id", [104, 102, 105])
def test_non_public_post_is_404(client, imported, wp_id):
    """Scheduled, draft and private posts do not reveal their permalinks."""
    assert client.get(f"/?p={wp_id}").status_code == 404


def test_page_id_redirects_to_the_page(client, imported):
    """/?page_id=<id> of an imported page is a permanent redirect to it."""
    response = client.get("/?page_id=301")
    assert response.status_code == 301
    assert response["Location"] == "/about/"


def test_unknown_page_id_is_404(client, imported):
    """A page id that no imported page had is a 404."""
    assert client.get("/?page_id=101").status_code == 404


@pytest.mark.parametrize(
    "query", ["p=", "p=abc", "p=-1", "p=1e3", "p=%00", "p=٣", "p=" + "9" * 5000, "page_id=x"]
)
def test_odd_values_are_404_not_500(client, imported, query):
    """Anything but a known number is a plain 404."""
    assert client.get(f"/?{query}").status_code == 404


def test_other_paths_untouched(client, imported):
    """?p= on any other path is left to that page."""
    assert client.get("/search/?p=101").status_code == 200


def test_post_is_left_alone(client, imported):
    """Only GET and HEAD are redirected."""
    assert client.post("/?p=101").status_code != 301


def test_home_page_without_parameters(client, imported):
    """The home page itself is unaffected."""
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("query", ["?p=101", "?page_id=301"])
def test_a_cached_home_page_does_not_answer_old_links(client, imported, query):
    """The page cache keeps `/`; `/?p=…` and `/?page_id=…` are other addresses."""
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    assert client.get(f"/{query}").status_code == 301


def test_a_nul_byte_in_a_missing_path_is_a_404(client, imported):
    """PostgreSQL refuses NUL in text: the old-permalink lookup must not send one."""
    assert client.get("/no-such%00page/").status_code == 404
