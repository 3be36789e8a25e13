"""Embeds from WordPress become links naming the provider, never a player from elsewhere."""

from collections import Counter
from pathlib import Path

from wordpress.convert.body import convert_body

BLOCK = (Path(__file__).parents[1] / "data" / "blocks" / "embeds.html").read_text()


def test_embed_blocks_become_links_with_the_provider_and_caption():
    embeds = Counter()

    html = convert_body(BLOCK, embeds=embeds)

    assert html.count('<figure class="wp-block-embed">') == 2
    assert (
        '<a href="https://www.youtube.com/watch?v=abc123">YouTube: '
        "youtube.com/watch?v=abc123</a>" in html
    )
    assert "<figcaption>The allotment in May</figcaption>" in html
    assert '<a href="https://twitter.com/example/status/1">X (Twitter): ' in html
    assert "wp-block-embed__wrapper" not in html and "<!--" not in html
    assert embeds["embeds as links"] == 2


def test_classic_embeds_and_auto_embed_lines_become_links_too():
    text = (
        'Watch this:\n\n[embed width="500"]https://vimeo.com/76979871[/embed]\n\n'
        "https://www.youtube.com/watch?v=xyz\n\nA plain link https://example.org stays."
    )

    html = convert_body(text)

    assert '<a href="https://vimeo.com/76979871">Vimeo: vimeo.com/76979871</a>' in html
    assert '<a href="https://www.youtube.com/watch?v=xyz">YouTube:' in html
    assert "A plain link https://example.org stays." in html
    assert "[embed" not in html


def test_an_unknown_host_alone_on_its_line_is_left_as_text():
    assert "embed-link" not in convert_body("https://example.org/some/page")


def test_an_imported_embed_renders_as_a_link_and_no_iframe(client, make_post):
    post = make_post(body_format="html", body=convert_body(BLOCK))

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'class="embed-link"' in html and "<iframe" not in html
