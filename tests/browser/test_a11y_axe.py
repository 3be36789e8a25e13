"""axe-core in a real browser: no serious or critical accessibility violation, either scheme.

axe comes from the axe-playwright-python package (its bundled axe.min.js; nothing
is fetched at run time) and runs inside each page through Playwright's evaluate,
which the page's CSP does not apply to. Colour contrast is among axe's rules, so
light and dark schemes are both checked.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser_steps import browser_page, log_in_to_admin, make_moderator

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("quick_comments")]
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def blocking(axe, page, contrast_checked=True):
    """The serious and critical violations on the current page, readable in a failure."""
    results = axe.run(page).response
    if contrast_checked:  # every text's contrast was measured, none left undecided
        assert "color-contrast" in {rule["id"] for rule in results["passes"]}
        assert "color-contrast" not in {rule["id"] for rule in results["incomplete"]}
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_serious_accessibility_violation(
    chromium, live_server, axe, discussion, scheme
):
    """Home, an archive, a post with comments, the form with errors and the moderation queue."""
    found = {}
    with browser_page(chromium, live_server, color_scheme=scheme) as page:
        for name, path in [
            ("home", "/"),
            ("archive", "/category/craft/"),
            ("post", discussion.get_absolute_url()),
        ]:
            page.goto(live_server.url + path)
            found[name] = blocking(axe, page)

        page.fill("#id_body", "Kept.")
        page.fill("#id_name", "Hasty")
        page.fill("#id_email", "no@localdomain")
        page.click("#submit")
        page.wait_for_selector(".error-summary")
        found["form with errors"] = blocking(axe, page)

        log_in_to_admin(page, live_server, make_moderator())
        page.goto(f"{live_server.url}/admin/comments/comment/?status=all")
        # Django's own sidebar links leave axe undecided on contrast; ours are decided.
        found["moderation queue"] = blocking(axe, page, contrast_checked=False)

    assert found == {name: [] for name in found}
