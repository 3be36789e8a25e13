"""Steps shared by the real-browser tests: extra browser contexts, CSP watch, admin login."""

from contextlib import contextmanager

from django.contrib.auth import get_user_model

MODERATOR_PASSWORD = "pw-moderator-12345"

# Runs before any script of the page (Playwright injects it; the page's CSP does not apply).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile + ":" + event.lineNumber,
  });
});
"""


@contextmanager
def browser_page(chromium, live_server, **options):
    """A page in a new context of its own (no cookies shared), failing on foreign requests."""
    context = chromium.new_context(**options)
    context.set_default_timeout(10_000)
    context.add_init_script(WATCH_CSP)
    foreign = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else foreign.append(request.url)
        ),
    )
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not foreign, f"pages asked another host: {foreign}"


def csp_violations(page):
    """Content-Security-Policy violations the current page has reported so far."""
    return page.evaluate("window.__cspViolations || []")


def make_moderator(username="moderator"):
    return get_user_model().objects.create_superuser(
        username, f"{username}@example.com", MODERATOR_PASSWORD
    )


def log_in_to_admin(page, live_server, user):
    """Sign in through the admin's login form, as a person would."""
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", MODERATOR_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def run_bulk_action(page, comment_ids, action):
    """Tick the given rows of the changelist, choose the action and press Go."""
    for pk in comment_ids:
        page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
