"""What a worker keeps in memory: the live generation's pages only.

Every comment starts a new generation; a worker that kept the pages of the older ones
(which can never be read again) would grow with every comment until its limit.
"""

from django.test import Client

import pagecache
from pagecache import fragments, store


def test_a_new_generation_lets_the_old_pages_go(committed, post, make_post):
    """Two pages kept; after a change the worker holds only what was read since."""
    other = make_post(title="Another post", slug="another-post")
    for path in (post.get_absolute_url(), other.get_absolute_url()):
        Client().get(path)
        assert Client().get(path)["X-Page-Cache"] == "hit"
    kept_before = set(store.recent.entries)
    assert len(kept_before) >= 2
    with committed():
        post.title = "A new title"
        post.save()
        pagecache.changed()  # as the admin does on every save
    response = Client().get(post.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "A new title" in response.text
    assert Client().get(post.get_absolute_url())["X-Page-Cache"] == "hit"
    kept_after = set(store.recent.entries)
    assert len(kept_after) == 1
    assert not kept_after & kept_before
    assert store.recent.size == sum(map(store._size, store.recent.entries.values()))


def kept_fragments():
    return {key for recent in fragments.recent.values() for key in recent.entries}


def test_fragments_of_an_old_generation_go_too(committed, post, client, comment_data):
    """A commenter's page (the cache cannot serve it) reads the comment list as a
    fragment; after a change only the new generation's fragments stay."""
    client.cookies["comment_author"] = "x"  # a visitor whose page is their own
    client.get(post.get_absolute_url())
    before = kept_fragments()
    assert before
    with committed():
        post.title = "Changed again"
        post.save()
        pagecache.changed()  # as the admin does on every save
    client.get(post.get_absolute_url())
    after = kept_fragments()
    assert after and not after & before
