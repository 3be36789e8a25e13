"""Nothing in our templates or pages needs the script or style relaxations the CSP forbids.

Scripts come only as files from this site (JSON data blocks aside), no element
carries an inline event handler or a javascript: URL, and public pages carry no
inline style either (the admin may, see config.middleware; so may emails, which
mail clients only style inline).
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.support.comment_pages import all_tags
from tests.support.public_urls import public_urls

TEMPLATE_DIRS = [
    settings.BASE_DIR / "templates",
    *(settings.BASE_DIR / app / "templates" for app in ("blog", "comments", "wordpress")),
]
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
HANDLER = re.compile(r"(?:^|[\s\"'/])on[a-z]+\s*=", re.IGNORECASE)


def our_templates():
    templates = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))
    assert len(templates) > 15
    return templates


def template_id(path):
    return str(path.relative_to(settings.BASE_DIR))


def source_problems(source, public):
    """Inline scripts, handlers, javascript: URLs (and inline styles when public)."""
    problems = []
    for tag, attrs in START_TAG.findall(source):
        tag = tag.lower()
        if (
            tag == "script"
            and "src=" not in attrs
            and not any(kind in attrs for kind in DATA_SCRIPT_TYPES)
        ):
            problems.append(f"inline script: <{tag}{attrs}>")
        if HANDLER.search(attrs):
            problems.append(f"event handler: <{tag}{attrs}>")
        if public and re.search(r"\sstyle\s*=", attrs):
            problems.append(f"inline style: <{tag}{attrs}>")
        if public and tag == "style":
            problems.append("style element")
    if "javascript:" in source.lower():
        problems.append("javascript: URL")
    return problems


@pytest.mark.parametrize("path", our_templates(), ids=template_id)
def test_template_has_no_inline_script_or_handler(path):
    """No template of ours writes inline script, an on*= handler or (public) inline style."""
    # The admin may use inline styles (see config.middleware); emails need them.
    parts = path.relative_to(settings.BASE_DIR).parts
    public = "admin" not in parts and "email" not in parts
    assert source_problems(path.read_text(), public) == []


def page_problems(html, public=True):
    """The same rules on a rendered page, parsed as HTML."""
    problems = []
    for tag, attrs in all_tags(html):
        attributes = dict(attrs)
        if tag == "script":
            src = attributes.get("src") or ""
            same_origin = src.startswith("/") and not src.startswith("//")
            if attributes.get("type") not in DATA_SCRIPT_TYPES and not same_origin:
                problems.append(("script", attrs))
        if public and tag == "style":
            problems.append(("style", attrs))
        for name, value in attrs:
            if name.startswith("on") or (public and name == "style"):
                problems.append((tag, name, value))
            if (value or "").strip().lower().startswith("javascript:"):
                problems.append((tag, name, value))
    return problems


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_handler_or_style(client, discussion):
    """Every kind of public page, as rendered, loads script only from this site."""
    reply = f"{discussion.get_absolute_url()}?replytocom={discussion.comments.first().pk}"
    searches = ["/search/?q=Threads", "/search/?q=nothing-matches"]
    for url in [*public_urls(discussion), reply, *searches, "/no/such/page/"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert page_problems(response.text) == [], url


@pytest.mark.django_db
def test_comment_answers_have_no_inline_script_handler_or_style(
    client, discussion, post_comment, settings
):
    """The form with errors (400) and the refusal pages (409, 403) obey the same rules."""
    settings.BLOG_COMMENT_FLOOD_SECONDS = 0
    invalid = post_comment(discussion, email="not an address", url="ftp://x")
    assert invalid.status_code == 400
    assert page_problems(invalid.text) == []
    duplicate = post_comment(discussion, name="Margaret", body="Lovely <em>post</em>.")
    assert duplicate.status_code == 409
    assert page_problems(duplicate.text) == []
    discussion.comments_open = False
    discussion.save()
    closed = post_comment(discussion)
    assert closed.status_code == 403
    assert page_problems(closed.text) == []


def test_admin_pages_we_template_have_no_inline_script_or_handler(admin_client, discussion):
    """Our admin overrides (index, the moderation queue) add no inline script or handler."""
    for url in [reverse("admin:index"), reverse("admin:comments_comment_changelist")]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert page_problems(response.text, public=False) == [], url
