"""The pieces of WXR that every part of the export writes: text, CDATA, dates, fields."""

import re
from datetime import UTC
from email.utils import format_datetime
from xml.sax.saxutils import escape

from django.utils import timezone

# Ids in the file: our keys, plus these for the kinds that WordPress keeps in the same
# table as posts, so that every item's id is apart.
PAGE_IDS, MENU_ITEM_IDS, MEDIA_IDS = 10**9, 2 * 10**9, 3 * 10**9
NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def cdata(value):
    """Text as CDATA sections (a "]]>" inside is split across two)."""
    value = NOT_XML_RE.sub("", str(value))
    return "<![CDATA[{}]]>".format(value.replace("]]>", "]]]]><![CDATA[>"))


def text(value):
    return escape(NOT_XML_RE.sub("", str(value)))


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def gmt(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def rfc822(moment):
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def element(name, value, *, raw=False):
    return f"<{name}>{value if raw else cdata(value)}</{name}>"


def postmeta(key, value):
    fields = element("wp:meta_key", key) + element("wp:meta_value", value)
    return f"<wp:postmeta>{fields}</wp:postmeta>"


def item_xml(lines, comments=""):
    """An <item> of these field lines, then its comments (already written)."""
    return "\t<item>\n" + "".join(f"\t\t{line}\n" for line in lines) + comments + "\t</item>\n"
