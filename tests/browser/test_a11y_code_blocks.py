"""axe-core on a post whose code block scrolls: it is reachable by keyboard and named."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser_steps import browser_page

pytestmark = pytest.mark.browser


def test_scrolling_code_block_passes_axe(chromium, live_server, make_post):
    """No axe violation at all on the code block, and its own rule checked it and passed."""
    post = make_post(body="Run this:\n\n```\nx = 1  # " + "a long comment " * 40 + "\n```\n")
    with browser_page(chromium, live_server) as page:
        page.goto(live_server.url + post.get_absolute_url())
        assert page.evaluate("(p => p.scrollWidth > p.clientWidth)(document.querySelector('pre'))")
        results = Axe().run(page).response
    on_pre = [
        f"{v['id']}: {v['help']}"
        for v in results["violations"]
        if any("pre" in str(node["target"]) for node in v["nodes"])
    ]
    assert on_pre == []
    assert "scrollable-region-focusable" in {rule["id"] for rule in results["passes"]}
