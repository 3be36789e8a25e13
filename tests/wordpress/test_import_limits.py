"""Hostile exports are refused while they stream, with a clear reason, never a 500,
and reading them holds little memory whatever their size."""

import tracemalloc
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from blog.models import Post
from tests.support.wxr_files import HEAD, TAIL, export, item, upload
from wordpress.models import ImportJob
from wordpress.reading import wxr

URL = reverse("admin:wordpress_import")


def refused(client, text):
    """Upload `text`; its job failed, its page gives the reason, and nothing was imported."""
    response = client.post(URL, {"file": upload(text)}, follow=True)
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("The file was refused: ")
    assert job.error.endswith(" Nothing was imported.")
    assert f'<p class="errornote">{escape(job.error)}</p>' in response.text
    assert not Post.objects.exists()
    return job.error


def test_item_with_too_many_children_is_refused(admin_client):
    """200,000 empty elements in one item: refused, naming the bound."""
    text = export(item(1), item(2, inner="<junk/>" * 200_000))
    assert "more than 100,000 elements" in refused(admin_client, text)


def test_comment_with_too_many_elements_is_refused(admin_client):
    """A child of an item (a comment) holding 20,000 elements is refused."""
    comment = "<wp:comment>" + "<wp:commentmeta/>" * 20_000 + "</wp:comment>"
    assert "wp:comment of more than 10,000 elements" in refused(
        admin_client, export(item(1, inner=comment))
    )


def test_elements_nested_too_deep_are_refused(admin_client):
    """Elements nested 500 deep are refused."""
    inner = "<a>" * 500 + "</a>" * 500
    assert "nest more than 32 deep" in refused(admin_client, export(item(1, inner=inner)))


def test_tag_with_too_many_attributes_is_refused(admin_client):
    """A tag of 200,000 attributes is refused before the parser builds them."""
    attributes = " ".join(f"a{n}=''" for n in range(200_000))
    inner = f"<junk {attributes}/>"
    assert "more than 100,000 attributes" in refused(admin_client, export(item(1, inner=inner)))


def test_field_longer_than_the_bound_is_refused(admin_client):
    """A post body of more than MAX_TEXT_BYTES is refused before it is read whole."""
    body = "x" * (wxr.MAX_TEXT_BYTES + 100_000)
    assert "MB of text in one field" in refused(admin_client, export(item(1, body=body)))


def test_hostile_20_mb_file_is_refused_in_little_memory(db, tmp_path):
    """The reported attack: 20 MB of empty elements in one item. The command refuses it
    with the reason, and its peak memory is a small fraction of the file."""
    path = tmp_path / "hostile.xml"
    with path.open("w") as out:
        out.write(HEAD + "<item><wp:post_id>1</wp:post_id>")
        for _ in range(20):
            out.write("<a/>" * 256 * 1024)
        out.write("</item>" + TAIL)
    assert path.stat().st_size > 20 * 2**20
    tracemalloc.start()
    try:
        with pytest.raises(CommandError, match="more than 100,000 elements"):
            call_command("import_wxr", str(path), stdout=StringIO())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 2**20  # reading the item whole took over 500 MB
    assert not Post.objects.exists()


def test_many_children_within_the_bound_are_read_in_little_memory(db, tmp_path):
    """An item of 90,000 unknown elements is imported holding one of them at a time."""
    path = tmp_path / "wide.xml"
    path.write_text(export(item(1, "Wide", inner="<wp:postmeta/>" * 90_000)))
    tracemalloc.start()
    try:
        call_command("import_wxr", str(path), stdout=StringIO())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert Post.objects.get().title == "Wide"
    assert peak < 2 * 2**20  # holding them all took 7 MB
