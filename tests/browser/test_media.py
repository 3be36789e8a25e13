"""The media library in a real browser: an Editor illustrates a post, readers see it.

An Editor uploads a photo in the admin, copies the Markdown the image's page gives,
and writes a post with it in the body and as its featured image (chosen in the
autocomplete box). Readers open the post on a phone and on a desktop: each image
loads, in WebP, at a size that fits, without spilling out or moving the page.
Screenshots go to test-artifacts/screenshots/media-post-<width>.png. Then who may
open what, and axe-core's verdict on the pages with images.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from blog.models import Page, Post
from medialibrary import library
from tests.medialibrary.conftest import image_bytes, upload_file
from tests.support.browser_steps import browser_page, csp_violations
from tests.support.roles import staff_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("roles")]
SHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
MEDIA_ADMIN = "/admin/medialibrary/mediaitem/"

# Runs before the page's own scripts: adds up the layout shifts a reader did not cause.
WATCH_LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""
# What the browser made of each image of the post.
IMAGES = """Array.from(document.querySelectorAll("article picture img")).map((img) => {
  const box = img.getBoundingClientRect();
  return {
    complete: img.complete, naturalWidth: img.naturalWidth, currentSrc: img.currentSrc,
    left: box.left, right: box.right, width: box.width,
    viewport: document.documentElement.clientWidth, ratio: window.devicePixelRatio,
  };
})"""
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# A function, not an expression: Playwright polls an expression with eval(), which the
# site's CSP refuses whenever the images are not loaded at the first look.
ALL_LOADED = """() => Array.from(document.querySelectorAll("article picture img"))
  .every((img) => img.complete && img.naturalWidth > 0)"""


@pytest.fixture
def roles(transactional_db):
    """The roles' groups, made again by their migrations when a flush has removed them.

    Every live_server test ends with a flush, which takes what data migrations made with
    it. serialized_rollback does not bring it back here: once Playwright runs, the tests'
    database connection is a new one, without the copy kept at setup.
    """
    if Group.objects.filter(name__in=["Author", "Editor"]).count() != 2:
        call_command("migrate", "roles", "zero", verbosity=0)
        call_command("migrate", "roles", verbosity=0)


def log_in(page, live_server, user, password):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def upload_photo(page, live_server, alt_text, title="Harbour"):
    """Upload a generated JPEG in the admin; the Markdown its change page gives."""
    page.goto(f"{live_server.url}{MEDIA_ADMIN}add/")
    page.set_input_files(
        "#id_upload",
        files=[
            {"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(2400, 1200)}
        ],
    )
    page.fill("#id_title", title)
    page.fill("#id_alt_text", alt_text)
    page.click("input[name=_continue]")
    page.wait_for_url(f"**{MEDIA_ADMIN}*/change/")
    return page.text_content(".field-markdown code").strip()


def choose_featured_image(page, title):
    """Pick the image in the featured image's autocomplete (select2) box."""
    page.click(".field-featured_image .select2-selection")
    page.fill(".select2-search__field", title)
    page.click(f".select2-results__option:has-text('{title}')")


def read_post(chromium, live_server, post, width):
    """The post at `width` px: what became of its images, the layout shift, a screenshot."""
    with browser_page(chromium, live_server, viewport={"width": width, "height": 900}) as page:
        page.add_init_script(WATCH_LAYOUT_SHIFTS)
        page.goto(live_server.url + post.get_absolute_url())
        page.mouse.wheel(0, 10_000)  # down to the lazy body image, as a reader scrolls
        page.wait_for_function(ALL_LOADED)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(200)  # a shift is reported in the next frame
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"media-post-{width}.png", full_page=True)
        return {
            "images": page.evaluate(IMAGES),
            "shift": page.evaluate("window.__layoutShift"),
            "overflow": page.evaluate(OVERFLOW),
            "csp": csp_violations(page),
        }


def test_an_editor_illustrates_a_post_that_fits_a_phone_and_a_desktop(chromium, live_server):
    """Upload, copy the Markdown, publish with the image twice; at 375 and 1280 px each
    image is shown, in WebP, no wider than needed nor than the screen, nothing shifts."""
    editor = staff_in("Editor")
    with browser_page(chromium, live_server) as page:
        log_in(page, live_server, editor, "pw-editor-12345")
        markdown = upload_photo(page, live_server, "Boats at rest in a harbour")
        assert markdown.startswith("![Boats at rest in a harbour](media:")

        page.goto(f"{live_server.url}/admin/blog/post/add/")
        page.locator("#id_title").press_sequentially("Harbour at dusk")
        page.fill("#id_body", f"The boats came in.\n\n{markdown}\n\nThen the lights.")
        page.select_option("#id_status", "published")
        choose_featured_image(page, "Harbour")
        page.click("input[name=_save]")
        page.wait_for_url(f"{live_server.url}/admin/blog/post/")
        assert csp_violations(page) == []

    post = Post.objects.get(slug="harbour-at-dusk")
    assert post.is_public and post.featured_image.alt_text == "Boats at rest in a harbour"
    for width in (375, 1280):
        seen = read_post(chromium, live_server, post, width)
        assert len(seen["images"]) == 2, seen
        for image in seen["images"]:
            assert image["complete"] and image["naturalWidth"] > 0, image
            assert ".webp" in image["currentSrc"], image
            chosen = int(image["currentSrc"].rsplit("-", 1)[1].split("w.")[0])
            assert image["width"] * image["ratio"] <= chosen < post.featured_image.width, image
            assert image["left"] >= 0 and image["right"] <= image["viewport"], image
        assert seen["overflow"] <= 0 and seen["csp"] == []
        assert seen["shift"] < 0.01, f"layout shift {seen['shift']} at {width}px"
        assert (SHOTS / f"media-post-{width}.png").stat().st_size > 5_000


def test_an_author_cannot_open_another_authors_post(page, live_server, make_post):
    """The admin change page of someone else's post answers 403 to an Author."""
    post = make_post(title="Not yours")
    log_in(page, live_server, staff_in("Author"), "pw-author-12345")

    response = page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")

    assert response.status == 403
    assert "Not yours" not in page.content()


def violations(axe, page, context=None):
    """Every axe violation on the current page, of any impact, readable in a failure."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in axe.run(page, context=context).response["violations"]
    ]


def add_image(user, title, alt_text, **fields):
    """An image in the library, as an upload adds it."""
    upload = upload_file(image_bytes(2000, 1000), f"{title}.jpg")
    return library.add(
        upload, filename=upload.name, user=user, title=title, alt_text=alt_text, **fields
    )


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_post_with_images_has_no_accessibility_violation(
    chromium, live_server, axe, author, make_post, scheme
):
    """A featured image with its caption and a figure in the body: nothing axe objects to."""
    cover = add_image(author, "Fern", "A fern uncurling", caption="A fern in May.")
    figure = add_image(author, "Harbour", "Boats at rest")
    post = make_post(
        title="Ferns",
        body=f'Before.\n\n![Boats at rest](media:{figure.pk} "At dusk")\n\nAfter.',
        featured_image=cover,
    )
    with browser_page(chromium, live_server, color_scheme=scheme) as page:
        page.goto(live_server.url + post.get_absolute_url())
        page.mouse.wheel(0, 10_000)
        page.wait_for_function(ALL_LOADED)
        assert page.locator("figure figcaption").count() == 2
        assert violations(axe, page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_with_an_image_and_comments_has_no_accessibility_violation(
    chromium, live_server, axe, author, make_comment, scheme
):
    """A static page with a figure, a comment and the open comment form."""
    figure = add_image(author, "Team", "Three people at the allotment gate")
    page_obj = Page.objects.create(
        title="About us",
        slug="about-us",
        author=author,
        status=Page.Status.PUBLISHED,
        comments_open=True,
        body=f"We grow beans.\n\n![](media:{figure.pk})",
    )
    make_comment(page_obj, body="Lovely beans.")
    with browser_page(chromium, live_server, color_scheme=scheme) as page:
        page.goto(live_server.url + page_obj.get_absolute_url())
        page.mouse.wheel(0, 10_000)
        page.wait_for_function(ALL_LOADED)
        assert page.locator("#respond form").count() == 1
        assert violations(axe, page) == []


# Django's own breadcrumbs fail link-in-text-block on every changelist (the posts' too):
# links told from the text by colour only. Not ours to fix; left out of the check.
DJANGO_ADMIN_MARKUP = {"exclude": [[".breadcrumbs"]]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_media_admin_pages_have_no_accessibility_violation(
    chromium, live_server, axe, author, scheme
):
    """The media list with thumbnails and an image's change page, as an Editor sees them."""
    item = add_image(author, "Fern", "A fern uncurling", caption="A fern in May.")
    add_image(author, "Harbour", "Boats at rest")
    found = {}
    with browser_page(chromium, live_server, color_scheme=scheme) as page:
        log_in(page, live_server, staff_in("Editor"), "pw-editor-12345")
        page.goto(f"{live_server.url}{MEDIA_ADMIN}")
        found["media list"] = violations(axe, page, DJANGO_ADMIN_MARKUP)
        page.goto(f"{live_server.url}{MEDIA_ADMIN}{item.pk}/change/")
        found["media change"] = violations(axe, page, DJANGO_ADMIN_MARKUP)

    assert found == {name: [] for name in found}
