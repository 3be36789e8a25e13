"""Media images in posts and pages: figures, featured images, sharing, query counts."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Page, Post

POST_ADMIN = "/admin/blog/post/"


def body_of(client, obj):
    html = client.get(obj.get_absolute_url()).content.decode()
    return html


def tags(html, name):
    """The attributes of each <name> element in `html`, in order."""
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == name:
                found.append(dict(attrs))

    Finder().feed(html)
    return found


def post_form(post, **fields):
    """The admin change form's fields for `post`, with some changed."""
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "body_format": post.body_format,
        "excerpt": "",
        "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "author": post.author_id,
        "comments_open": "on",
        "featured_image": post.featured_image_id or "",
    }
    return {**data, **fields}


def test_a_media_reference_becomes_a_responsive_figure(client, make_post, make_media):
    item = make_media(width=2000, height=1000, caption="")
    post = make_post(body=f'Before.\n\n![A fern uncurling](media:{item.pk} "In May")\n\nAfter.')

    html = body_of(client, post)

    figure = re.search(r'<figure class="figure media-item-\d+">.*?</figure>', html, re.S).group()
    [source] = tags(figure, "source")
    assert source["type"] == "image/webp" and source["srcset"].count(".webp ") == 3
    [img] = tags(figure, "img")
    assert (img["width"], img["height"], img["alt"]) == ("2000", "1000", "A fern uncurling")
    widths = [candidate.split()[1] for candidate in img["srcset"].split(", ")]
    assert widths == ["480w", "960w", "1600w", "2000w"]
    assert img["src"].endswith("-960w.jpg") and img["decoding"] == "async" and img["sizes"]
    assert "<figcaption>In May</figcaption>" in figure


def test_the_first_image_is_eager_and_the_rest_lazy(client, make_post, make_media):
    first, second = make_media(), make_media()
    post = make_post(body=f"![One](media:{first.pk})\n\n![Two](media:{second.pk})")

    html = body_of(client, post)

    one, two = tags(html.split('class="post-content"')[1], "img")[:2]
    assert one["fetchpriority"] == "high" and "loading" not in one
    assert two["loading"] == "lazy" and "fetchpriority" not in two


def test_under_a_featured_image_every_body_image_is_lazy(client, make_post, make_media):
    featured, inline = make_media(alt_text="The allotment"), make_media()
    post = make_post(body=f"![Beans](media:{inline.pk})", featured_image=featured)

    html = body_of(client, post)

    [header_img] = tags(html.split('class="post post-full"')[1].split("</header>")[0], "img")
    assert header_img["fetchpriority"] == "high" and header_img["alt"] == "The allotment"
    [body_img] = tags(html.split('class="post-content"')[1].split("</div>")[0], "img")
    assert body_img["loading"] == "lazy" and "fetchpriority" not in body_img


def test_an_image_by_its_url_or_a_copys_url_is_the_same_item(client, make_post, make_media):
    item = make_media()
    copy_url = item.copies_in("webp")[0][0]
    post = make_post(body=f"![A](/media/{item.file.name})\n\n![B]({copy_url})")

    assert body_of(client, post).count(f"media-item-{item.pk}") == 2 * 2  # figure and picture


def test_an_image_inside_a_sentence_stays_inline(client, make_post, make_media):
    item = make_media(width=300, height=200)
    post = make_post(body=f"Look ![a small fern](media:{item.pk}) here.")

    html = body_of(client, post)

    assert re.search(r"<p>Look <picture class=\"media-item-\d+\">.*</picture> here\.</p>", html)


def test_the_alt_text_defaults_to_the_librarys(client, make_post, make_media):
    item = make_media(alt_text="Rain on the greenhouse roof")
    post = make_post(body=f"![](media:{item.pk})")

    assert 'alt="Rain on the greenhouse roof"' in body_of(client, post)


def test_an_image_without_any_alt_text_is_refused_in_the_admin(admin_client, post, make_media):
    item = make_media(alt_text="")

    response = admin_client.post(
        f"{POST_ADMIN}{post.pk}/change/", post_form(post, body=f"![](media:{item.pk})")
    )

    assert response.status_code == 200
    assert f"The image media:{item.pk} has no alt text" in response.content.decode()
    post.refresh_from_db()
    assert "media:" not in post.body


def test_an_unknown_reference_is_refused_in_the_admin(admin_client, post):
    response = admin_client.post(
        f"{POST_ADMIN}{post.pk}/change/", post_form(post, body="![x](media:999999)")
    )

    assert "There is no image media:999999 in the media library." in response.content.decode()


def test_a_featured_image_is_chosen_in_the_admin_and_shown_and_shared(
    admin_client, client, post, make_media
):
    item = make_media(alt_text="Tomatoes ripening", width=2400, height=1600)

    response = admin_client.post(
        f"{POST_ADMIN}{post.pk}/change/", post_form(post, featured_image=item.pk)
    )

    assert response.status_code == 302
    html = body_of(client, post)
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og.startswith("http://testserver/media/") and og.endswith("-1600w.jpg")
    assert '<meta property="og:image:alt" content="Tomatoes ripening">' in html
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["image"] == og
    home = client.get("/").content.decode()
    assert 'class="featured-image"' in home and "Tomatoes ripening" in home


def test_a_page_shows_media_figures_too(client, author, make_media):
    item = make_media(alt_text="The team at the allotment")
    page = Page.objects.create(
        title="About", slug="about", author=author, status="published",
        body=f"![](media:{item.pk})",
    )  # fmt: skip

    assert 'alt="The team at the allotment"' in body_of(client, page)


@pytest.mark.usefixtures("rendering_only")
def test_a_post_with_three_images_and_a_featured_one_has_pinned_queries(
    client, make_post, make_media, django_assert_max_num_queries
):
    images = [make_media() for _ in range(4)]
    body = "\n\n".join(f"![Image {n}](media:{item.pk})" for n, item in enumerate(images[:3]))
    post = make_post(body=body, featured_image=images[3])

    with django_assert_max_num_queries(8):
        response = client.get(post.get_absolute_url())
    assert response.content.decode().count("<picture") == 4


@pytest.mark.usefixtures("rendering_only")
def test_the_home_page_with_featured_images_is_constant_in_posts(
    client, make_post, make_media, django_assert_max_num_queries
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    make_post(featured_image=make_media(), slug="one")
    few = queries()
    for n in range(6):
        make_post(featured_image=make_media(), slug=f"more-{n}")
    with django_assert_max_num_queries(6):
        html = client.get("/").content.decode()
    assert html.count('class="featured-image"') == 7
    assert queries() == few


def test_saving_a_post_looks_images_up_in_one_query(make_post, make_media, author):
    items = [make_media() for _ in range(5)]
    body = "\n\n".join(f"![Image {n}](media:{item.pk})" for n, item in enumerate(items))
    with CaptureQueriesContext(connection) as captured:
        Post.objects.create(title="Many", slug="many", body=body, author=author)
    media_queries = [q for q in captured if "medialibrary_mediaitem" in q["sql"]]
    assert len(media_queries) == 1
