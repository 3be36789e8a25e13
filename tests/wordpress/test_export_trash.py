"""Exporting a blog with posts in the trash: WordPress's own "trash" status."""

import io

import defusedxml.ElementTree as ET
from django.urls import reverse

from wordpress.exporting.export import export_wxr

WP = "{http://wordpress.org/export/1.2/}"


def test_a_trashed_post_is_exported_as_trash(admin_client, post):
    """A post deleted in the admin is in the export with wp:status "trash"."""
    admin_client.post(reverse("admin:blog_post_delete", args=[post.pk]), {"post": "yes"})
    out = io.StringIO()
    export_wxr(out, "https://blog.example.org/")
    statuses = {
        item.findtext(f"{WP}post_name"): item.findtext(f"{WP}status")
        for item in ET.fromstring(out.getvalue()).iter("item")
    }
    assert statuses[post.slug] == "trash"
