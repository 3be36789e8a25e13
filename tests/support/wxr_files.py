"""Small WordPress exports written by the tests themselves."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wordpress.importing.summary import COLUMNS

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
    "<title>Test blog</title><link>https://test.example.org</link>"
    "<wp:wxr_version>1.2</wp:wxr_version>"
    "<wp:base_blog_url>https://test.example.org</wp:base_blog_url>"
)
TAIL = "</channel></rss>"


def item(wp_id, title="A post", body="Some text.", *, inner=""):
    """A published post by "mabel"; `inner` is put in the <item> before its fields."""
    return (
        f"<item>{inner}<title>{title}</title><dc:creator>mabel</dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<wp:post_id>{wp_id}</wp:post_id><wp:post_name>post-{wp_id}</wp:post_name>"
        "<wp:post_date_gmt>2024-05-01 10:00:00</wp:post_date_gmt>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
    )


def meta(key, value):
    """A <wp:postmeta> of an item."""
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def attachment(wp_id, url, attached_file, *, alt=""):
    """An attachment by "mabel": its file at `url`, `attached_file` under uploads/."""
    alt_meta = meta("_wp_attachment_image_alt", alt) if alt else ""
    return (
        f"<item><title>{attached_file.rsplit('/', 1)[-1]}</title><dc:creator>mabel</dc:creator>"
        f"<wp:post_id>{wp_id}</wp:post_id><wp:post_parent>0</wp:post_parent>"
        "<wp:post_date_gmt>2024-05-01 09:00:00</wp:post_date_gmt>"
        "<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>{url}</wp:attachment_url>"
        f"{meta('_wp_attached_file', attached_file)}{alt_meta}</item>"
    )


def export(*items):
    """A whole WXR file (text) holding these items."""
    return HEAD + "".join(items) + TAIL


def upload(text, name="export.xml"):
    """A WXR text as the admin upload form's file."""
    return SimpleUploadedFile(name, text.encode(), "text/xml")


def counts(job_page, kind):
    """{column: number} of `kind` in the summary an import job's admin page shows."""
    rows = {kind: numbers for kind, *numbers in job_page.context["job"].summary["rows"]}
    return dict(zip(COLUMNS, rows[kind], strict=True))
