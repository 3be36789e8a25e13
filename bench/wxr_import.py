"""Benchmark: import a generated WordPress export of 5,000 posts and 50,000 comments.

    .venv/bin/python bench/wxr_import.py [--posts N] [--comments-per-post N]

Writes the WXR file and a fresh SQLite database in a temporary directory, migrates it,
then runs `manage.py import_wxr` twice (the second run finds everything unchanged) and
prints the wall and CPU time and the peak memory (max RSS) of each run.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "garden", "seed", "frost", "soil", "compost", "bed", "tomato", "bean", "pea", "onion",
    "leek", "squash", "row", "water", "sun", "rain", "spring", "summer", "autumn", "winter",
    "harvest", "weed", "spade", "fork", "barrow", "shed", "path", "plot", "neighbour",
    "gate", "fence", "netting", "slug", "snail", "bird", "worm", "root", "leaf", "stem",
]  # fmt: skip


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(words // 2, words)))
    return text.capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def classic_body(rng, wp_id):
    """Classic-editor text: paragraphs, line breaks, a list, sometimes a caption."""
    parts = [paragraph(rng), f"{sentence(rng)}\n{sentence(rng)}", "<!--more-->"]
    if wp_id % 5 == 0:
        parts.append(
            f'[caption id="attachment_{wp_id}" align="alignright" width="300"]'
            f'<img src="https://example.org/{wp_id}.jpg" alt="" width="300" height="200" /> '
            f"{sentence(rng, 6)}[/caption]"
        )
    if wp_id % 7 == 0:
        parts.append('[gallery ids="1,2,3"]')
    parts += [paragraph(rng), "<ul>\n\t<li>One</li>\n\t<li>Two</li>\n</ul>", paragraph(rng)]
    return "\n\n".join(parts)


def block_body(rng):
    blocks = [f"<!-- wp:paragraph -->\n<p>{paragraph(rng)}</p>\n<!-- /wp:paragraph -->"]
    blocks *= rng.randint(3, 5)
    return "\n\n".join(blocks)


def cdata(text):
    return f"<![CDATA[{text}]]>"


def comment_xml(rng, comment_id, parent_id, when):
    body = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.2:
        body += "\nSee https://example.net/notes for <em>more</em>."
    approved = rng.choices(["1", "0", "spam"], weights=[90, 7, 3])[0]
    return f"""		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author>{cdata(f"Reader {comment_id % 977}")}</wp:comment_author>
			<wp:comment_author_email>reader{comment_id % 977}@example.net</wp:comment_author_email>
			<wp:comment_author_url>https://example.net/{comment_id % 977}</wp:comment_author_url>
			<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP>
			<wp:comment_date>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date>
			<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>
			<wp:comment_content>{cdata(body)}</wp:comment_content>
			<wp:comment_approved>{approved}</wp:comment_approved>
			<wp:comment_type>comment</wp:comment_type>
			<wp:comment_parent>{parent_id}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""


def item_xml(rng, wp_id, comment_ids, when):
    title = sentence(rng, 8).rstrip(".")
    slug = f"post-{wp_id}-{title.lower().replace(' ', '-')}"[:180]
    body = block_body(rng) if wp_id % 3 == 0 else classic_body(rng, wp_id)
    terms = [f"cat-{rng.randrange(50)}", f"cat-{rng.randrange(50)}"]
    tags = [f"tag-{rng.randrange(200)}" for _ in range(rng.randint(1, 4))]
    comments = []
    for n, comment_id in enumerate(comment_ids):
        parent = comment_ids[n - 1] if n and rng.random() < 0.3 else 0
        comments.append(comment_xml(rng, comment_id, parent, when + timedelta(hours=n + 1)))
    categories = "".join(
        f'\t\t<category domain="category" nicename="{slug}">{cdata(slug)}</category>\n'
        for slug in dict.fromkeys(terms)
    )
    categories += "".join(
        f'\t\t<category domain="post_tag" nicename="{slug}">{cdata(slug)}</category>\n'
        for slug in dict.fromkeys(tags)
    )
    return f"""	<item>
		<title>{cdata(title)}</title>
		<dc:creator>{cdata(f"author{wp_id % 20}")}</dc:creator>
		<content:encoded>{cdata(body)}</content:encoded>
		<excerpt:encoded>{cdata("")}</excerpt:encoded>
		<wp:post_id>{wp_id}</wp:post_id>
		<wp:post_date>{when:%Y-%m-%d %H:%M:%S}</wp:post_date>
		<wp:post_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>
		<wp:comment_status>open</wp:comment_status>
		<wp:post_name>{cdata(slug)}</wp:post_name>
		<wp:status>{"draft" if wp_id % 50 == 0 else "publish"}</wp:status>
		<wp:post_type>post</wp:post_type>
		<wp:post_password></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{categories}{"".join(comments)}	</item>
"""


SITE = "https://bench.example.org"


def write_head(out, site=SITE, authors=20):
    """The file's opening: the namespaces, the channel's site and its authors."""
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"\t<title>Bench</title>\n\t<link>{site}</link>\n"
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_blog_url>{site}</wp:base_blog_url>\n"
    )
    for n in range(authors):
        out.write(
            f"\t<wp:author><wp:author_id>{n + 1}</wp:author_id>"
            f"<wp:author_login>author{n}</wp:author_login>"
            f"<wp:author_display_name>{cdata(f'Author {n}')}</wp:author_display_name>"
            "</wp:author>\n"
        )


def generate(path, posts, comments_per_post, seed=7):
    rng = random.Random(seed)
    start = datetime(2010, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        write_head(out)
        for n in range(50):
            parent = f"cat-{n // 10}" if n >= 10 else ""
            out.write(
                f"\t<wp:category><wp:term_id>{n + 1}</wp:term_id>"
                f"<wp:category_nicename>cat-{n}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{cdata(f'Category {n}')}</wp:cat_name></wp:category>\n"
            )
        for n in range(200):
            out.write(
                f"\t<wp:tag><wp:term_id>{n + 100}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(f'tag {n}')}</wp:tag_name></wp:tag>\n"
            )
        comment_id = 1
        for wp_id in range(1, posts + 1):
            ids = list(range(comment_id, comment_id + comments_per_post))
            comment_id += comments_per_post
            when = start + timedelta(hours=13 * wp_id)
            out.write(item_xml(rng, wp_id, ids, when))
        out.write("</channel>\n</rss>\n")


def manage(env, *args):
    """Run manage.py; return its wall time (s), CPU time (s) and peak memory (MiB).

    CPU time is what to compare across runs on a busy machine; peak memory is the
    child's max RSS, as getrusage reports it.
    """
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({process.returncode})")
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments-per-post", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wxr = Path(tmp) / "bench.xml"
        started = time.perf_counter()
        generate(wxr, options.posts, options.comments_per_post)
        print(
            f"generated {options.posts} posts, {options.posts * options.comments_per_post} "
            f"comments: {wxr.stat().st_size / 2**20:.1f} MiB "
            f"in {time.perf_counter() - started:.1f} s"
        )
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only"),
            "DJANGO_DEBUG": "0",
        }
        manage(env, "migrate", "-v0")
        for run in ("first import", "second import (all unchanged)"):
            elapsed, cpu, peak = manage(env, "import_wxr", str(wxr))
            print(f"{run}: {elapsed:.1f} s ({cpu:.1f} s CPU), peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
