"""Importing a WordPress export: what each WordPress object becomes, and idempotency."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Category, Post, Tag
from comments.models import Comment
from wordpress.importing.importer import import_wxr
from wordpress.models import ImportedComment, ImportedPost

FIXTURES = Path(__file__).parents[1] / "data" / "wxr"
BLOG = FIXTURES / "blog.xml"


def post(wp_id):
    return ImportedPost.objects.select_related("post").get(wp_id=wp_id).post


def comment(wp_id):
    return ImportedComment.objects.select_related("comment").get(wp_id=wp_id).comment


def test_summary_counts(imported):
    """Created and skipped, kind by kind, as the file holds them."""
    assert imported.rows() == [
        ("authors", 2, 0, 0, 0),
        ("categories", 4, 0, 0, 0),
        ("tags", 2, 0, 0, 0),
        ("other terms", 0, 0, 0, 1),
        ("posts", 8, 0, 0, 1),
        ("pages", 1, 0, 0, 0),
        ("attachments", 0, 0, 0, 1),
        ("menu items", 0, 0, 0, 1),
        ("other items", 0, 0, 0, 1),
        ("comments", 6, 0, 0, 0),
        ("pingbacks/trackbacks", 0, 0, 0, 2),
    ]


def test_authors_become_inactive_users_without_password(imported):
    """Login, email and names are kept; the account cannot log in."""
    mabel = get_user_model().objects.get(username="mabel")
    assert (mabel.email, mabel.get_full_name()) == ("mabel@allotment.example.org", "Mabel Okafor")
    assert not mabel.is_active
    assert not mabel.has_usable_password()


def test_display_name_kept_when_no_names(imported):
    """An author with only a display name is shown by it."""
    assert get_user_model().objects.get(username="tomh").get_full_name() == "Tom the Digger"


def test_existing_user_is_linked_not_changed(db):
    """A local account with the author's login gets the posts and keeps its password."""
    user = get_user_model().objects.create_user("mabel", password="pw-local-12345")
    import_wxr(BLOG)
    user.refresh_from_db()
    assert user.is_active and user.check_password("pw-local-12345")
    assert post(101).author == user


def test_categories_with_parents_and_descriptions(imported):
    """Parents are set even when the child comes first; descriptions kept."""
    tomatoes = Category.objects.get(slug="tomatoes")
    assert tomatoes.parent.slug == "vegetables"
    assert tomatoes.description == "Cordon, bush and the odd blight."


def test_percent_encoded_slug_is_decoded(imported):
    """WordPress's encoded Unicode slugs become Unicode slugs."""
    assert Category.objects.get(slug="légumes").name == "Légumes"


def test_tags_with_descriptions(imported):
    """Tags keep slug, name and description."""
    tag = Tag.objects.get(slug="seed-saving")
    assert (tag.name, tag.description) == ("seed saving", "Keeping next year's seed.")


def test_undeclared_category_is_created(imported):
    """A category that only a post names is created."""
    assert list(post(108).categories.values_list("slug", flat=True)) == ["fruit"]


def test_post_terms(imported):
    """A post gets its categories and tags; post formats are ignored."""
    first = post(101)
    assert set(first.categories.values_list("slug", flat=True)) == {"tomatoes", "légumes"}
    assert set(first.tags.values_list("slug", flat=True)) == {"frost", "seed-saving"}


def test_title_markup_is_text(imported):
    """Titles lose their tags and entities; our titles are plain text."""
    assert post(101).title == "First frost & the tomato harvest"


def test_publish_is_published(imported):
    """A published post is public, at its GMT date."""
    first = post(101)
    assert first.status == Post.Status.PUBLISHED
    assert first.published_at == datetime(2020, 3, 1, 15, 0, tzinfo=UTC)
    assert first.is_public


def test_draft_is_draft(imported):
    """A draft stays a draft."""
    assert post(102).status == Post.Status.DRAFT


def test_pending_is_draft(imported):
    """A post pending review becomes a draft."""
    assert post(103).status == Post.Status.DRAFT


def test_future_is_scheduled(imported):
    """A scheduled post is published with its future date, so not public yet."""
    scheduled = post(104)
    assert scheduled.status == Post.Status.PUBLISHED
    assert scheduled.published_at == datetime(2099, 3, 1, 9, 0, tzinfo=UTC)
    assert not scheduled.is_public


def test_private_is_private(imported):
    """A private post stays private."""
    assert post(105).status == Post.Status.PRIVATE


def test_password_protected_is_private(imported):
    """We have no post passwords: a protected post becomes private."""
    assert post(106).status == Post.Status.PRIVATE


def test_trashed_post_is_skipped(imported):
    """A post in WordPress's bin is not imported."""
    assert not ImportedPost.objects.filter(wp_id=109).exists()


def test_local_date_used_when_gmt_is_zero(db, settings):
    """With post_date_gmt 0000-00-00, post_date is read in TIME_ZONE."""
    settings.TIME_ZONE = "Europe/Paris"
    import_wxr(BLOG)
    assert post(102).published_at == datetime(2021, 6, 1, 10, 0, tzinfo=UTC)


def test_untitled_post(imported):
    """A post without title or slug gets "(untitled)" and a slug from its id."""
    untitled = post(107)
    assert (untitled.title, untitled.slug) == ("(untitled)", "post-107")


def test_draft_without_slug_gets_one_from_title(imported):
    """A draft has no post_name in WordPress; its title makes one."""
    assert post(102).slug == "seed-order"


def test_duplicate_slug_made_unique(imported):
    """WordPress allows the same slug twice; the second gets a suffix."""
    assert (post(101).slug, post(108).slug) == ("first-frost", "first-frost-2")


def test_slug_taken_locally_made_unique(make_post):
    """A post already here with that slug keeps it; the import takes another."""
    make_post(slug="first-frost")
    import_wxr(BLOG)
    assert post(101).slug == "first-frost-2"


def test_sticky(imported):
    """is_sticky makes the post sticky."""
    assert list(Post.objects.filter(sticky=True)) == [post(101)]


def test_comments_closed(imported):
    """comment_status closed closes comments; open keeps them open."""
    assert (post(101).comments_open, post(108).comments_open) == (True, False)


def test_body_is_html_with_more_break(imported):
    """The body is stored as HTML, with <!--more--> as the excerpt break."""
    first = post(101)
    assert first.body_format == Post.BodyFormat.HTML
    assert "<!--more-->" in first.body
    assert first.has_more
    assert "Green tomatoes, ripening" in first.excerpt_html
    assert "[gallery" not in first.body


def test_body_paragraphs_and_figure(imported):
    """Classic text gets paragraphs; the caption is a figure."""
    html = post(101).body_html
    assert "<p>The frost came early this year.<br>\nWe picked everything that was left.</p>" in html
    assert '<figure class="wp-caption alignright">' in html
    assert "<figcaption>Green tomatoes, ripening on the sill.</figcaption>" in html
    pre = '<pre tabindex="0" role="region" aria-label="Code">'
    assert f"{pre}row 1: Gardener's Delight\n\nrow 2: Shirley\n</pre>" in html
    assert "[simple boat]" in html


def test_block_comments_removed(imported):
    """Block-editor comments are gone from the stored body."""
    body = post(108).body
    assert "wp:" not in body
    assert body.startswith("<p>Written in the block editor.</p>")


def test_body_is_sanitised(db, tmp_path):
    """Script in a WordPress post does not survive into the page."""
    source = BLOG.read_text().replace(
        "The frost came early this year.", '<script>alert(1)</script><a href="javascript:x()">x</a>'
    )
    path = tmp_path / "script.xml"
    path.write_text(source)
    import_wxr(path)
    html = post(101).body_html
    assert "<script" not in html and "javascript:" not in html


def test_excerpt_kept(imported):
    """A hand-written excerpt is the post's excerpt."""
    assert post(104).excerpt_html == "<p>Plans for the new beds.</p>"


def test_comment_fields(imported):
    """Author, email, url, IP, date and body are kept."""
    reply = comment(202)
    assert (reply.name, reply.email, reply.url) == (
        "Mabel Okafor", "mabel@allotment.example.org", "https://allotment.example.org",
    )  # fmt: skip
    assert reply.ip_address == "2001:db8::14"
    assert reply.created_at == datetime(2020, 3, 2, 13, 0, tzinfo=UTC)
    assert reply.body_html == "<p>Fried, with breadcrumbs.</p>"


def test_comment_statuses(imported):
    """1 → approved, 0 → pending, spam → spam, trash → trash."""
    assert [comment(i).status for i in (201, 203, 204, 205)] == [
        "approved", "pending", "spam", "trash",
    ]  # fmt: skip


def test_comment_threading_in_any_order(imported):
    """Replies find their parents, even when listed before them."""
    assert comment(202).parent == comment(201)
    assert comment(203).parent == comment(202)
    assert comment(201).parent is None


def test_comment_user_link(imported):
    """comment_user_id links the comment to the imported author."""
    assert comment(202).user.username == "mabel"
    assert comment(201).user is None


def test_invalid_ip_dropped(imported):
    """An IP field that is not an address is left empty."""
    assert comment(203).ip_address is None


def test_pingbacks_not_imported(imported):
    """Pingbacks and trackbacks are skipped; the comment on the page is imported."""
    assert Comment.objects.count() == 6
    assert not ImportedComment.objects.filter(wp_id__in=[206, 207]).exists()
    assert comment(401).page.slug == "about"


def test_comment_count_refreshed(imported):
    """The post's count of approved comments is set."""
    assert post(101).comment_count == 2


def test_second_import_changes_nothing(imported):
    """Importing the same file again reports everything unchanged and creates nothing."""
    before = (Post.objects.count(), Comment.objects.count(), Category.objects.count())
    again = import_wxr(BLOG)
    assert again.total("created") == again.total("updated") == 0
    assert [row[3] for row in again.rows() if row[3]] == [2, 4, 2, 8, 1, 6]
    assert (Post.objects.count(), Comment.objects.count(), Category.objects.count()) == before


def test_changed_source_updates(imported, tmp_path):
    """A post and a comment edited in WordPress are updated, in place."""
    source = BLOG.read_text()
    source = source.replace("<![CDATA[Seed order]]>", "<![CDATA[Seed order, final]]>")
    source = source.replace("Fried, with breadcrumbs.", "Fried, with polenta.")
    path = tmp_path / "edited.xml"
    path.write_text(source)
    pk = post(102).pk
    again = import_wxr(path)
    assert again.counts["posts"]["updated"] == 1
    assert again.counts["comments"]["updated"] == 1
    assert post(102).pk == pk and post(102).title == "Seed order, final"
    assert comment(202).body_html == "<p>Fried, with polenta.</p>"
    assert comment(202).parent == comment(201)


def test_local_edit_kept_when_source_unchanged(imported):
    """Editing an imported post here survives a re-import of an unchanged file."""
    Post.objects.filter(pk=post(101).pk).update(title="Renamed here")
    import_wxr(BLOG)
    assert post(101).title == "Renamed here"


def test_deleted_post_is_imported_again(imported):
    """A post deleted here comes back on the next import."""
    post(107).delete()
    again = import_wxr(BLOG)
    assert again.counts["posts"]["created"] == 1


def test_dry_run_saves_nothing(db):
    """A dry run reports what would be created and leaves the database as it was."""
    summary = import_wxr(BLOG, dry_run=True)
    assert summary.counts["posts"]["created"] == 8
    assert not Post.objects.exists()
    assert not get_user_model().objects.exists()
    assert not ImportedPost.objects.exists()


@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml", "truncated.xml"])
def test_bad_file_imports_nothing(db, name):
    """A hostile or broken file is an error and leaves nothing behind."""
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_wxr", str(FIXTURES / name))
    assert not get_user_model().objects.exists()
    assert not Post.objects.exists()


def test_error_after_some_items_rolls_back(db, tmp_path):
    """An error late in the file undoes what was already written (one transaction)."""
    source = BLOG.read_text().replace("<wp:post_id>304</wp:post_id>", "<wp:post_id>x</wp:post_id>")
    path = tmp_path / "late-error.xml"
    path.write_text(source)
    with pytest.raises(CommandError, match="wp:post_id is not a number"):
        call_command("import_wxr", str(path))
    assert not Post.objects.exists()
    assert not Category.objects.exists()


def test_command_prints_summary(db, capsys):
    """The command ends with the summary table."""
    call_command("import_wxr", str(BLOG))
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["kind", "created", "updated", "unchanged", "skipped"]
    assert "Embeds shown as links to their page (1)" in out


def test_command_dry_run(db, capsys):
    """--dry-run prints the summary and says nothing was saved."""
    call_command("import_wxr", str(BLOG), "--dry-run")
    assert "Dry run: nothing was saved." in capsys.readouterr().out
    assert not Post.objects.exists()


def test_missing_file_is_a_clear_error(db):
    """A path that does not exist is a CommandError, not a traceback."""
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_wxr", "/nonexistent/export.xml")


def test_wxr_1_0_import(db):
    """A WXR 1.0 export imports its post, terms and comment."""
    import_wxr(FIXTURES / "wxr-1.0.xml")
    hello = Post.objects.get(slug="hello-world")
    assert hello.author.username == "admin"
    assert list(hello.categories.values_list("slug", flat=True)) == ["musings"]
    assert list(hello.tags.values_list("slug", flat=True)) == ["retro"]
    assert hello.comments.get().name == "Mr WordPress"


def test_two_sites_do_not_collide(db):
    """The same WordPress id from another site is another post."""
    import_wxr(FIXTURES / "wxr-1.0.xml")
    import_wxr(BLOG.parent / "blog.xml")
    assert ImportedPost.objects.filter(wp_id=1).count() == 1
    assert Post.objects.count() == 9


def test_changed_category_updates(imported, tmp_path):
    """A category renamed in WordPress is renamed here, in place."""
    path = tmp_path / "renamed.xml"
    path.write_text(
        BLOG.read_text().replace(
            "<![CDATA[Tomatoes]]></wp:cat_name>", "<![CDATA[Love apples]]></wp:cat_name>"
        )
    )
    again = import_wxr(path)
    assert again.counts["categories"]["updated"] == 1
    assert Category.objects.get(slug="tomatoes").name == "Love apples"


def test_cached_pages_refreshed_after_import(
    client, imported, tmp_path, django_capture_on_commit_callbacks
):
    """A page cached before a re-import that only changed a comment shows the change."""
    url = post(101).get_absolute_url()
    assert "Fried, with breadcrumbs." in client.get(url).text
    assert client.get(url)["X-Page-Cache"] == "hit"
    path = tmp_path / "edited.xml"
    path.write_text(BLOG.read_text().replace("Fried, with breadcrumbs.", "Fried, with polenta."))
    with django_capture_on_commit_callbacks(execute=True):
        import_wxr(path)
    assert "Fried, with polenta." in client.get(url).text
