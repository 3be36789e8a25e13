"""Code blocks scroll sideways, so a keyboard must reach them: each <pre> of a post is
focusable and named (axe-core "scrollable-region-focusable")."""

from html.parser import HTMLParser

from blog.models import Post

FOCUSABLE = {"tabindex": "0", "role": "region", "aria-label": "Code"}


class PreTags(HTMLParser):
    """The attributes of each <pre> in a page."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.found.append(dict(attrs))


def pre_tags(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return PreTags(response.text).found


def test_markdown_code_block_is_focusable(client, make_post):
    """A fenced code block in a Markdown post is a focusable, named region."""
    post = make_post(body="Run this:\n\n```\n" + "x = 1  # " + "long " * 40 + "\n```\n")
    assert pre_tags(client, post) == [FOCUSABLE]


def test_html_code_block_gets_exactly_those_attributes(client, make_post):
    """In an HTML post (an import), <pre> gets them too; an author's own values, and any
    other attribute but the common ones, are replaced or dropped."""
    body = (
        '<pre class="wp-block-code" tabindex="-1" role="button" aria-label="x" '
        'onfocus="alert(1)" style="color: red">a = 1</pre>'
    )
    post = make_post(body=body, body_format=Post.BodyFormat.HTML)
    assert pre_tags(client, post) == [{"class": "wp-block-code", **FOCUSABLE}]
