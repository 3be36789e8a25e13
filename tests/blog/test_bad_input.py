"""Whatever arrives in a URL or a query string, the answer is a page or a 404, never a 500."""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BAD_PATHS = [
    "/?page=abc",
    "/?page=0",
    "/?page=-1",
    "/?page=1.5",
    "/?page=999999",
    "/?page=99999999999999999999999999",
    "/2025/13/45/x/",
    "/2025/02/30/x/",
    "/2025/00/10/x/",
    "/2025/13/",
    "/2025/02/30/",
    "/2025/1/",
    "/2025/01/1/",
    "/0000/",
    "/0000/01/01/x/",
    "/0001/01/01/",
    "/0001/01/01/x/",
    "/9999/",
    "/9999/12/",
    "/9999/12/31/",
    "/9999/12/31/x/",
    "/99999/",
    "/99999/01/01/x/",
    "/99999999999999999999999/",
    "/2025/ab/01/x/",
    "/category/nope/",
    "/category/nope/?page=2",
    "/tag/nope/",
    "/author/nobody/",
    "/search/?q=x&page=abc",
    "/search/?q=x&page=2",
    "/sitemap.xml?p=abc",
    "/sitemap.xml?p=99",
    "/category/nope/feed/",
    "/tag/nope/feed/",
]


@pytest.fixture
def some_posts(make_post, make_category, make_tag):
    post = make_post(slug="x")
    post.categories.add(make_category("Garden"))
    post.tags.add(make_tag("Beans"))


@pytest.mark.parametrize("path", BAD_PATHS)
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_bad_urls_are_404(client, some_posts, settings, path, zone):
    """Bad pages, impossible or out-of-range dates, unknown terms: 404, in any time zone."""
    settings.TIME_ZONE = zone
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/0002/01/01/", "/9998/12/31/", "/0002/", "/9998/12/"],
)
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_extreme_but_valid_dates_are_404_not_500(client, some_posts, settings, path, zone):
    """The first and last years a URL accepts give an empty archive, not an overflow."""
    settings.TIME_ZONE = zone
    assert client.get(path).status_code == 404


def test_a_post_scheduled_for_year_9998_can_be_previewed(staff_client, make_post):
    """A far-future date (a "never" schedule) still gives a working permalink."""
    post = make_post(published_at=datetime(9998, 6, 1, tzinfo=UTC))
    assert staff_client.get(post.get_absolute_url()).status_code == 200


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(page=st.text(max_size=30))
def test_any_page_parameter_is_200_or_404(client, some_posts, page):
    """Any text as ?page= on any list answers 200 or 404."""
    for path in ["/", "/category/garden/", "/tag/beans/", "/search/?q=a"]:
        assert client.get(path, {"page": page}).status_code in {200, 404}


@FUZZ
@given(q=st.text(max_size=300))
def test_any_query_is_a_normal_page(client, some_posts, q):
    """Any text as a search query, control characters included, answers 200."""
    assert client.get("/search/", {"q": q}).status_code == 200


@FUZZ
@given(parts=st.tuples(*[st.from_regex(r"\A[0-9]{1,6}\Z")] * 3))
def test_any_digits_as_a_date_are_200_301_or_404(client, some_posts, parts):
    """Any digits as year, month and day of archives and permalinks never fail."""
    year, month, day = parts
    for path in [
        f"/{year}/",
        f"/{year}/{month}/",
        f"/{year}/{month}/{day}/",
        f"/{year}/{month}/{day}/x/",
    ]:
        assert client.get(path).status_code in {200, 301, 404}
