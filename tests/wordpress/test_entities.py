"""Names and titles come in as WordPress stores them, HTML-escaped: decoded once, here."""

from pathlib import Path

from blog.models import Category, Post
from comments.models import Comment
from wordpress.importer import import_wxr

ENTITIES = Path(__file__).parents[1] / "data" / "wxr" / "entities.xml"


def test_names_are_decoded_once_and_slugs_made_from_the_text(db, client):
    import_wxr(ENTITIES)

    post = Post.objects.get()
    assert post.title == "It\u2019s the \u201centity\u201d form"
    assert post.slug == "its-the-entity-form"
    assert Category.objects.get().name == "Pots & Pans"
    assert post.author.first_name == "Zoë"
    comment = Comment.objects.get()
    assert comment.name == "Zoë & Co"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Zoë &amp; Co" in page and "&amp;amp;" not in page and "&amp;euml;" not in page
