"""Images in wide and full blocks ask the browser for a file as wide as they show."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.figures import SIZES
from medialibrary import library
from tests.medialibrary.conftest import image_bytes

WIDE = "(min-width: 64rem) 52rem, (min-width: 44rem) 40rem, 100vw"
FULL = "(min-width: 64rem) calc(100vw - 4rem), (min-width: 44rem) 40rem, 100vw"


@pytest.fixture
def photo(author):
    """A 2000 px photo with its resized copies (tests run tasks at once)."""
    data = image_bytes(2000, 1000)
    item = library.add(
        SimpleUploadedFile("plot.jpg", data, "image/jpeg"),
        filename="plot.jpg",
        user=author,
        alt_text="The plot from the gate",
    )
    assert item.copies
    return item


def sizes_shown(client, post):
    """(tag, sizes) of each <source> and <img> of the post's content, in order."""
    html = client.get(post.get_absolute_url()).content.decode()
    content = html.split('<div class="post-content">', 1)[1].split("</article>")[0]
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("source", "img"):
                found.append((tag, dict(attrs).get("sizes")))

    Finder().feed(content)
    return found


@pytest.mark.parametrize(
    ("markup", "sizes"),
    [
        ('<figure class="wp-block-image alignwide size-large">{img}</figure>', WIDE),
        ('<figure class="wp-block-image alignfull">{img}</figure>', FULL),
        ('<div class="wp-block-group alignwide"><figure class="wp-block-image">{img}</figure>'
         "</div>", WIDE),
        ('<figure class="wp-block-image alignwide"><a href="/x/">{img}</a></figure>', WIDE),
        ("<p>{img_wide}</p>", WIDE),
        ('<figure class="wp-block-image">{img}</figure>', SIZES),
        ('<figure class="wp-block-image alignright">{img}</figure>', SIZES),
        ('<div class="wp-block-group alignfull"><figure class="wp-block-image aligncenter">'
         "{img}</figure></div>", SIZES),
        ('<figure class="wp-block-gallery alignwide columns-3"><figure class="wp-block-image">'
         "{img}</figure></figure>", SIZES),
        ('<div class="wp-block-columns alignfull"><div class="wp-block-column">'
         '<figure class="wp-block-image">{img}</figure></div></div>', SIZES),
    ],
    ids=["wide figure", "full figure", "wide group", "wide linked", "wide img", "column",
         "right", "centred in full", "wide gallery", "full columns"],
)  # fmt: skip
def test_sizes_follow_the_block_the_image_is_in(client, make_post, photo, markup, sizes):
    """The nearest alignment decides; images side by side keep the column's sizes."""
    img = f'<img src="{photo.url}" alt="">'
    img_wide = f'<img src="{photo.url}" alt="" class="alignwide">'
    body = markup.format(img=img, img_wide=img_wide)
    post = make_post(body=f"<p>Before.</p>{body}<p>After.</p>", body_format="html")

    assert sizes_shown(client, post) == [("source", sizes), ("img", sizes)]


def test_a_wide_image_given_a_smaller_width_still_fills_its_block(client, make_post, photo):
    """The width an author gave is kept as its attributes; the block's sizes win."""
    img = f'<img src="{photo.url}" alt="" width="600" height="300">'
    post = make_post(
        body=f'<figure class="wp-block-image alignwide">{img}</figure>', body_format="html"
    )

    assert sizes_shown(client, post) == [("source", WIDE), ("img", WIDE)]


def test_a_narrowed_image_in_the_column_asks_for_its_width(client, make_post, photo):
    """Outside a wide block, an image shown 600 px wide asks for 600 px, as before."""
    img = f'<img src="{photo.url}" alt="" width="600" height="300">'
    post = make_post(body=f'<figure class="wp-block-image">{img}</figure>', body_format="html")

    narrow = "(max-width: 600px) 100vw, 600px"
    assert sizes_shown(client, post) == [("source", narrow), ("img", narrow)]
