"""Comments left on WordPress attachment pages: on the attachment's post or page, or
skipped and counted when it has none.

WordPress's theme test data has no such comment (`grep` finds none on its attachments),
so these exports are our own: tests/data/wxr/players.xml and one written here.
"""

import io
from pathlib import Path

from blog.models import Page
from comments.models import Comment
from tests.support.wxr_files import export
from wordpress.importing.importer import import_wxr
from wordpress.models import ImportedPost

PLAYERS = Path(__file__).parents[1] / "data" / "wxr" / "players.xml"


def comment(wp_id, text, parent=0, kind="comment"):
    return (
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
        "<wp:comment_author>Rosa</wp:comment_author>"
        "<wp:comment_author_email>rosa@example.com</wp:comment_author_email>"
        "<wp:comment_date_gmt>2024-05-02 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def entry(wp_id, post_type, parent=0, inner="", **fields):
    """An item of any type: a page, an attachment (with its file's URL)."""
    url = f"https://test.example.org/wp-content/uploads/2024/05/file-{wp_id}.jpg"
    return (
        f"<item><title>Item {wp_id}</title><dc:creator>mabel</dc:creator>"
        "<content:encoded><![CDATA[Text.]]></content:encoded>"
        f"<wp:post_id>{wp_id}</wp:post_id><wp:post_name>item-{wp_id}</wp:post_name>"
        "<wp:post_date_gmt>2024-05-01 10:00:00</wp:post_date_gmt>"
        f"<wp:status>{'inherit' if post_type == 'attachment' else 'publish'}</wp:status>"
        f"<wp:post_parent>{parent}</wp:post_parent><wp:post_type>{post_type}</wp:post_type>"
        + (f"<wp:attachment_url>{url}</wp:attachment_url>" if post_type == "attachment" else "")
        + f"{inner}</item>"
    )


def notes(summary):
    return "\n".join(summary.notes())


def test_comments_on_an_attachment_go_to_its_post_with_their_threads(db):
    """The attachment's two comments are on its post, the reply under the comment."""
    summary = import_wxr(PLAYERS)

    post = ImportedPost.objects.get(wp_id=401).post
    question, answer = Comment.objects.filter(post=post).order_by("created_at")
    assert question.body == "Is that a wren at 0:42?" and answer.parent == question
    assert question.status == Comment.Status.APPROVED
    assert "Comments on attachments shown on the attachment's post or page: 2." in notes(summary)


def test_comments_on_an_attachment_without_a_parent_are_skipped_and_counted(db):
    """An attachment of no post: its comment is skipped, its pingback counted as such."""
    summary = import_wxr(PLAYERS)

    assert not Comment.objects.filter(body="Hypnotic.").exists()
    assert "Comments on attachments without a parent: 1 skipped." in notes(summary)
    rows = {kind: numbers for kind, *numbers in summary.rows()}
    assert rows["comments"] == [2, 0, 0, 1]
    assert rows["pingbacks/trackbacks"] == [0, 0, 0, 1]


def test_a_second_import_changes_nothing(db):
    """The moved comments are known: created once, unchanged after."""
    import_wxr(PLAYERS)
    again = import_wxr(PLAYERS)

    assert Comment.objects.count() == 2
    assert {kind: numbers for kind, *numbers in again.rows()}["comments"] == [0, 0, 2, 1]


def test_comments_on_an_attachment_of_a_page_go_to_the_page(db, client):
    """A page's attachment: its comment shows on the page."""
    text = export(
        entry(10, "page"),
        entry(11, "attachment", parent=10, inner=comment(71, "Lovely photo of the pond.")),
    )
    import_wxr(io.BytesIO(text.encode()))

    page = Page.objects.get()
    assert list(Comment.objects.values_list("page", "body")) == [
        (page.pk, "Lovely photo of the pond.")
    ]
    assert "Lovely photo of the pond." in client.get(page.get_absolute_url()).content.decode()


def test_an_attachment_whose_parent_was_skipped_loses_its_comments_counted(db):
    """A parent that is not imported (a draft revision, another post type) is no parent."""
    text = export(
        entry(20, "revision"), entry(21, "attachment", parent=20, inner=comment(72, "Hello."))
    )
    summary = import_wxr(io.BytesIO(text.encode()))

    assert not Comment.objects.exists()
    assert "Comments on attachments without a parent: 1 skipped." in notes(summary)
