"""Searching posts: PostgreSQL full-text search with ranking, a plain match elsewhere."""

from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Q

# Longer queries are cut here: nobody types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"


def search_posts(posts, query):
    """The posts of `posts` that match the query, best first; none for an empty query."""
    query = query[:MAX_QUERY_LENGTH]
    if not query.split():
        return posts.none()
    if connections[posts.db].vendor == "postgresql":
        return _full_text(posts, query)
    return _every_term(posts, query.split())


def _full_text(posts, query):
    """Ranked full-text search; title words weigh more than body words.

    The expressions work without `django.contrib.postgres` in INSTALLED_APPS.
    "websearch" parsing accepts any input (quotes, OR, -word) without syntax errors.
    """
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        posts.annotate(document=vector, rank=SearchRank(vector, search_query))
        .filter(document=search_query)
        .order_by("-rank", "-published_at", "-id")
    )


def _every_term(posts, terms):
    """Posts containing every term, in the title or the body, ignoring case, newest first.

    SQLite's LIKE folds case for ASCII letters only, so "Über" does not find "über".
    """
    matches = (Q(title__icontains=term) | Q(body__icontains=term) for term in terms)
    return posts.filter(reduce(and_, matches)).order_by("-published_at", "-id")
