import pytest
from pytest_django.asserts import assertContains, assertNotContains

from blog.models import Post


def found(response):
    return response.content.decode().count('<article class="post post-summary')


def test_finds_posts_by_title(client, make_post):
    """A word of the title finds the post."""
    make_post(title="Pruning apple trees")
    make_post(title="Something else")
    response = client.get("/search/", {"q": "apple"})
    assertContains(response, "Pruning apple trees")
    assert found(response) == 1


def test_finds_posts_by_body(client, make_post):
    """A word of the body finds the post."""
    make_post(title="Notes", body="We planted *courgettes* this week.")
    assertContains(client.get("/search/", {"q": "courgettes"}), "Notes")


def test_ignores_case(client, make_post):
    """Upper and lower case match each other."""
    make_post(title="Pruning Apple Trees")
    assert found(client.get("/search/", {"q": "aPPLE"})) == 1


def test_every_word_must_match(client, make_post):
    """Several words find the posts that contain all of them, anywhere."""
    make_post(title="Apple trees", body="Pruned in winter.")
    make_post(title="Apple pie", body="Baked in summer.")
    response = client.get("/search/", {"q": "winter apple"})
    assertContains(response, "Apple trees")
    assertNotContains(response, "Apple pie")


def test_like_wildcards_are_literal(client, make_post):
    """% and _ in a query match themselves, not any text."""
    make_post(title="Growth of 1000 plants")
    assert found(client.get("/search/", {"q": "1%0"})) == 0
    assert found(client.get("/search/", {"q": "1_0"})) == 0


@pytest.mark.parametrize(
    "status", [Post.Status.DRAFT, Post.Status.PRIVATE], ids=["draft", "private"]
)
def test_does_not_find_posts_that_are_not_public(client, make_post, status):
    """Drafts and private posts are never search results."""
    make_post(title="Secret apple", status=status)
    assert found(client.get("/search/", {"q": "apple"})) == 0


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_query_shows_the_form_and_no_results(client, make_post, q):
    """Without a query the page shows the search form and lists nothing."""
    make_post(title="Anything")
    response = client.get("/search/", {"q": q})
    assertContains(response, '<input type="search" name="q"')
    assert found(response) == 0
    assertNotContains(response, "No posts match")


def test_search_form_is_rendered_by_crispy_forms(client, db):
    """The search page's form is the crispy-forms bootstrap5 rendering."""
    assertContains(client.get("/search/"), 'class="searchinput form-control"')


def test_says_when_nothing_matches(client, make_post):
    """A query without results says so."""
    make_post(title="Apples")
    assertContains(client.get("/search/", {"q": "pears"}), "No posts match your search.")


def test_query_is_kept_in_the_form_and_escaped(client, db):
    """The query is shown back in the form, escaped."""
    response = client.get("/search/", {"q": '"><b>x'})
    assertContains(response, 'value="&quot;&gt;&lt;b&gt;x"')
    assertNotContains(response, "<b>x")


def test_a_very_long_query_is_cut_not_refused(client, make_post):
    """A 5 KB query is cut to 200 characters and still searched."""
    make_post(title="Apple")
    response = client.get("/search/", {"q": "apple " + "x" * 5000})
    assert response.status_code == 200
    assertContains(response, 'value="apple ' + "x" * 194 + '"')


def test_a_nul_character_is_harmless(client, db):
    """A NUL byte in the query gives a normal page."""
    assert client.get("/search/", {"q": "apple\x00"}).status_code == 200


def test_pages_keep_the_query(client, make_post):
    """Result pages link to each other with the query kept."""
    for _ in range(11):
        make_post(title="Apple")
    first = client.get("/search/", {"q": "apple"})
    assertContains(first, 'href="?q=apple&amp;page=2"')
    assert found(client.get("/search/", {"q": "apple", "page": 2})) == 1


def test_results_are_not_indexed(client, db):
    """Search pages ask robots not to index them."""
    assertContains(client.get("/search/", {"q": "x"}), '<meta name="robots" content="noindex">')
