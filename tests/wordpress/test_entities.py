"""What WordPress stores in its own forms: names and titles HTML-escaped (decoded once,
here), comments with block markup and retired tags (read as a comment box has them)."""

from pathlib import Path

from blog.models import Category, Post
from comments.models import Comment
from wordpress.importing.importer import import_wxr

ENTITIES = Path(__file__).parents[1] / "data" / "wxr" / "entities.xml"


def test_names_are_decoded_once_and_slugs_made_from_the_text(db, client):
    import_wxr(ENTITIES)

    post = Post.objects.get()
    assert post.title == "It\u2019s the \u201centity\u201d form"
    assert post.slug == "its-the-entity-form"
    assert Category.objects.get().name == "Pots & Pans"
    assert post.author.first_name == "Zoë"
    comment = Comment.objects.get(name__startswith="Zo")
    assert comment.name == "Zoë & Co"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Zoë &amp; Co" in page and "&amp;amp;" not in page and "&amp;euml;" not in page


def test_a_comment_with_block_markup_reads_as_paragraphs_and_lines(db):
    import_wxr(ENTITIES)

    html = Comment.objects.get(name="Block Fan").body_html

    assert html == (
        "<p><strong>Which pan</strong></p>\n"
        "<p>Pan | For<br>\nCast iron | Searing</p>\n"
        "<p>It was <s>cheap</s> dear, says <code>price.txt</code>, a lot.</p>"
    )


def test_a_details_block_open_by_default_stays_open(client, make_post):
    """WordPress's details block saves `open` when the author chose it; it stays."""
    post = make_post(
        body_format="html",
        body=(
            '<!-- wp:details {"showContent":true} -->\n'
            '<details class="wp-block-details" open><summary>Ingredients</summary>'
            "<p>Beans.</p></details>\n<!-- /wp:details -->\n"
            "<details><summary>Method</summary><p>Soak.</p></details>"
        ),
    )

    html = client.get(post.get_absolute_url()).content.decode()

    assert '<details class="wp-block-details" open><summary>Ingredients</summary>' in html
    assert "<details><summary>Method</summary>" in html
