"""Reading comment pages in tests: which comment sits inside which, every tag, the form token."""

import re
from html.parser import HTMLParser

TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Outline(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.tags = []
        self.parents = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in self.VOID:
            return
        element_id = dict(attrs).get("id") or ""
        if tag == "article" and element_id.startswith("comment-"):
            enclosing = [item for item in self.stack if item.startswith("comment-")]
            self.parents[_pk(element_id)] = _pk(enclosing[-1]) if enclosing else None
            self.stack.append(element_id)
        else:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            item = self.stack[index]
            if item == tag or (tag == "article" and item.startswith("comment-")):
                del self.stack[index:]
                return


def _pk(element_id):
    return int(element_id.removeprefix("comment-"))


def outline(html):
    parser = _Outline()
    parser.feed(html if isinstance(html, str) else html.decode())
    parser.close()
    return parser


def comment_parents(html):
    """{comment id: id of the comment element it sits in, or None} in page order."""
    return outline(html).parents


def all_tags(html):
    """Every start tag as (name, [(attribute, value), ...])."""
    return outline(html).tags


def form_token(response):
    """The CSRF token a page put in its forms."""
    match = TOKEN_INPUT.search(response.text)
    assert match, "the page has no CSRF token"
    return match.group(1)
