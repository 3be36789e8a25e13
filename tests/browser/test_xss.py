"""A real browser confirms that no stored comment runs script, on the site or in the admin.

Every vector of the corpus is stored twice as name, website and text of approved
comments: as it is (alert, which would open a dialog) and with its alert replaced
by `window.__xss=1` (which would set a page-level flag). The post page, the
moderation queue and a change page are then opened with the CSP switched off
(`bypass_csp`), so that the sanitiser and the templates alone must hold: no dialog
opens, the flag stays unset, and the DOM the browser built has no event handler,
javascript: URL or foreign script. With the CSP on, the page reports no violation.
"""

import pytest

from comments import lifecycle
from comments.models import Comment
from tests.comments.test_xss import VECTORS
from tests.support.browser_steps import (
    browser_page,
    csp_violations,
    log_in_to_admin,
    make_moderator,
)

pytestmark = pytest.mark.browser

# What the DOM may not contain once the browser has parsed the page.
DOM_PROBLEMS = """() => {
  const problems = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) problems.push(`${element.tagName} ${name}`);
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data:text)/.test(value)) {
        problems.push(`${element.tagName} ${name}=${attribute.value}`);
      }
    }
    const tag = element.tagName.toLowerCase();
    if (["iframe", "object", "embed", "frame", "base"].includes(tag)) problems.push(tag);
    if (tag === "script") {
      const kind = element.getAttribute("type") || "";
      const src = element.getAttribute("src") || "";
      const ours = src.startsWith("/") && !src.startsWith("//");
      if (!ours && !kind.includes("json")) problems.push(`script ${element.outerHTML}`);
    }
  }
  return problems;
}"""


def flagged(vector):
    return vector.replace("alert(1)", "window.__xss=1").replace("alert(alt)", "window.__xss=1")


@pytest.fixture
def attacked_post(make_post):
    """A post with every vector, plain and flag-setting, as approved comments."""
    post = make_post(title="Stored vectors")
    vectors = [*VECTORS, *map(flagged, VECTORS)]
    comments = Comment.objects.bulk_create(
        Comment(
            post=post,
            name=vector[:100],
            url=vector[:200],
            email=f"x{index}@example.com",
            body=vector,
            status=Comment.Status.APPROVED,
        )
        for index, vector in enumerate(vectors)
    )
    for comment in comments:
        comment.save()  # renders body_html through the sanitiser
    lifecycle.changed([post.pk], public=True)
    return post, comments


def inspect(page, url, dialogs):
    """Open a page, give handlers and animations time to fire, and report what ran."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.mouse.move(10, 10)
    page.keyboard.press("Tab")
    page.wait_for_timeout(500)
    return {
        "flag": page.evaluate("typeof window.__xss"),
        "dialogs": list(dialogs),
        "dom": page.evaluate(DOM_PROBLEMS),
    }


CLEAN = {"flag": "undefined", "dialogs": [], "dom": []}


def test_no_stored_vector_runs_even_without_the_csp(chromium, live_server, settings, attacked_post):
    """Post page, moderation queue and change page: no dialog, no flag, no handler in the DOM."""
    settings.BLOG_COMMENTS_PER_PAGE = 500
    post, comments = attacked_post
    with browser_page(chromium, live_server, bypass_csp=True) as page:
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        assert inspect(page, live_server.url + post.get_absolute_url(), dialogs) == CLEAN
        assert page.locator("article.comment").count() == len(comments)

        log_in_to_admin(page, live_server, make_moderator())
        changelist = f"{live_server.url}/admin/comments/comment/?status=all&all="
        assert inspect(page, changelist, dialogs) == CLEAN
        for comment in (comments[2], comments[len(VECTORS) + 2]):
            change = f"{live_server.url}/admin/comments/comment/{comment.pk}/change/"
            assert inspect(page, change, dialogs) == CLEAN


def test_the_csp_has_nothing_to_block_on_the_attacked_page(page, live_server, attacked_post):
    """With the CSP on, the page with every vector reports no violation at all."""
    post, _ = attacked_post
    page.goto(live_server.url + post.get_absolute_url())
    page.wait_for_timeout(300)
    assert csp_violations(page) == []
