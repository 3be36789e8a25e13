"""No input runs script in a reader's or a moderator's browser.

A corpus of known cross-site scripting vectors (script tags, event handlers,
javascript:/data: URLs, SVG and MathML, entities, broken markup, attribute
breakouts) goes into the name, website and text of comments; the post page, the
400 page and the admin pages must carry no script, handler or unsafe URL.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.display.sanitize import render_comment
from comments.models import Comment
from tests.support.comment_pages import all_tags

pytestmark = pytest.mark.usefixtures("open_moderation")

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example.com/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a onmouseover="alert(1)" href="https://ok.example.com">x</a>',
    "<b onclick=alert(1)>bold</b>",
    '<abbr title="x" onfocus=alert(1) autofocus>y</abbr>',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    "<q cite=javascript:alert(1)>q</q>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<strong style="width:expression(alert(1))">x</strong>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<style>*{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    '<img """><script>alert(1)</script>">',
    '<a href="https://ok.example.com" style="position:fixed;top:0">x</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><set attributeName="href" to="javascript:alert(1)">',
    "<isindex action=javascript:alert(1) type=image>",
    "<marquee onstart=alert(1)>",
    '<table background="javascript:alert(1)">',
    '<img src="jav\tascript:alert(1)">',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript:alert(1)" rel="opener">x</a>',
    "<code onclick=alert(1)>c</code>",
    "<em/onmouseover=alert(1)>x</em>",
    "<x onclick=alert(1)>custom</x>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="data:image/svg+xml,<svg onload=alert(1)>">x</a>',
    "<template><script>alert(1)</script></template>",
    "<a href=javascript:alert(1)>unquoted</a>",
    '<del datetime="x" onmouseenter=alert(1)>d</del>',
    "<i onpointerdown=alert(1)>i</i>",
    'https://ok.example.com/"onmouseover="alert(1)',
    "www.example.com/<script>alert(1)</script>",
    '<a href="https://ok.example.com/" title="x" onclick="alert(1)">t</a>',
    '<a href="https://ok.example.com/"title="x"onclick="alert(1)">t</a>',
    "<svg/onload=alert(1)//",
    "<img src=`x` onerror=alert(1)>",
]
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "cite",
    "data",
    "background",
    "poster",
    "srcset",
    "to",
    "from",
    "values",
}
FORBIDDEN_TAGS = {
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "style",
    "svg",
    "math",
    "form",
    "frame",
    "frameset",
    "applet",
    "isindex",
}


def scheme(url):
    """The scheme a browser would see, after dropping whitespace and control characters."""
    squeezed = "".join(ch for ch in url if ch > " ").lower()
    head, colon, _ = squeezed.partition(":")
    return head if colon and "/" not in head else None


def unsafe_markup(html, allow_forms=False):
    """Every tag or attribute in the HTML that could run script."""
    problems = []
    for tag, attrs in all_tags(html):
        attrs_map = dict(attrs)
        if tag == "script":
            src, kind = attrs_map.get("src") or "", attrs_map.get("type") or ""
            if not src.startswith("/static/") and "json" not in kind:
                problems.append(("script", tuple(attrs)))
        if tag in FORBIDDEN_TAGS - ({"form", "meta"} if allow_forms else set()):
            problems.append((tag, tuple(attrs)))
        for name, value in attrs:
            if name.startswith("on"):
                problems.append((tag, name, value))
            found = scheme(value or "") if name in URL_ATTRIBUTES else None
            avatar = tag == "img" and (value or "").startswith("data:image/svg+xml,")
            if found and found not in SAFE_SCHEMES and not avatar:
                problems.append((tag, name, value))
    return problems


def comment_section(html):
    return html.split('<section id="comments"', 1)[1].split("</section>", 1)[0]


def test_corpus_is_large_enough():
    """At least 60 known vectors are tried."""
    assert len(VECTORS) >= 60


@pytest.mark.parametrize("vector", VECTORS)
def test_sanitiser_output_is_inert(vector):
    """The stored HTML of any vector has no script, handler or unsafe URL."""
    html = render_comment(vector)
    assert unsafe_markup(html) == []
    assert "<script" not in html.lower()


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_in_name_and_body_is_inert_on_the_page(client, make_post, post_comment, vector):
    """A vector as name and as text shows on the post page as harmless text."""
    post = make_post()
    response = post_comment(post, name=vector[:100], body=vector)
    assert response.status_code == 302
    page = client.get(post.get_absolute_url()).text
    assert unsafe_markup(page, allow_forms=True) == []
    assert unsafe_markup(comment_section(page), allow_forms=True) == []


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_in_website_is_inert(client, make_post, post_comment, vector):
    """A vector as website is refused (400) or kept as a plain web address, inert either way."""
    post = make_post()
    response = post_comment(post, url=vector, body="Plain text.")
    assert response.status_code in (302, 400)
    page = client.get(post.get_absolute_url()) if response.status_code == 302 else response
    assert unsafe_markup(page.text, allow_forms=True) == []


def test_vectors_are_inert_in_the_admin(client, make_post):
    """Stored vectors (as an import might store them) add nothing unsafe to admin pages."""
    post = make_post()
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1")
    client.force_login(admin)
    changelist = reverse("admin:comments_comment_changelist")
    plain = Comment.objects.create(post=post, name="Plain", body="Plain", status="pending")
    # The admin's own markup (its icons are inline SVG) is the baseline.
    baseline = set(unsafe_markup(client.get(changelist, {"status": "all"}).text, True))
    baseline |= set(unsafe_markup(client.get(change_url(plain)).text, True))
    comments = [
        Comment.objects.create(post=post, name=v[:100], url=v[:200], body=v, status="pending")
        for v in VECTORS
    ]
    page = client.get(changelist, {"status": "all"})
    assert page.status_code == 200
    assert set(unsafe_markup(page.text, allow_forms=True)) <= baseline
    for comment in comments:
        page = client.get(change_url(comment))
        assert set(unsafe_markup(page.text, allow_forms=True)) <= baseline, comment.body


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def test_stored_unsafe_website_is_not_linked(client, make_post):
    """A javascript: website stored by other means is never made a link."""
    post = make_post()
    Comment.objects.create(
        post=post, name="Mallory", url="javascript:alert(1)", body="Hi", status="approved"
    )
    page = client.get(post.get_absolute_url()).text
    assert "javascript:" not in comment_section(page)
