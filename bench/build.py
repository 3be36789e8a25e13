"""Build the benchmark's content in the database DATABASE_URL names (already migrated).

1,000 published posts in categories and tags; among them one post with 100 threaded
comments, one with 1,000 (all on its first comment page), one with none, and one
that the comment-POST benchmark writes to. Prints the URLs as JSON.

    DATABASE_URL=sqlite:////abs/bench.sqlite3 python bench/build.py
"""

import json
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from blog.models import Category, Post, Tag  # noqa: E402
from comments import lifecycle  # noqa: E402
from comments.display.sanitize import render_comment  # noqa: E402
from comments.models import Comment  # noqa: E402

POSTS = 1000
WORDS = [
    "garden", "soil", "seed", "frost", "compost", "bed", "tomato", "bean", "pea", "onion",
    "leek", "squash", "water", "sun", "rain", "spring", "summer", "autumn", "winter",
    "harvest", "weed", "spade", "fork", "barrow", "shed", "path", "plot", "gate", "fence",
    "root", "leaf", "stem", "light", "shade", "mulch", "worm", "bird", "slug", "pot", "row",
]  # fmt: skip
START = datetime(2022, 1, 1, 8, tzinfo=UTC)


def sentence(rng, low=6, high=16):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def post_body(rng):
    """Markdown of a few paragraphs, a list and a link, like a real post."""
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(5)]
    items = "\n".join(f"- {sentence(rng, 3, 6)}" for _ in range(4))
    link = f"See [the notes](https://example.org/{rng.randint(1, 999)}) for more."
    parts = [paragraphs[0], "<!--more-->", *paragraphs[1:3], items, link, *paragraphs[3:]]
    return "\n\n".join(parts)


def comment_bodies(rng, count=40):
    """Comment texts as typed: sentences, now and then a link or emphasis."""
    bodies = []
    for n in range(count):
        text = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
        if n % 5 == 0:
            text += f' <a href="https://example.com/{n}">a link</a>'
        if n % 7 == 0:
            text = f"<em>{text}</em>"
        bodies.append((text, render_comment(text)))
    return bodies


def add_comments(post, count, threads, rng, bodies):
    """`count` approved comments in `threads` threads; each reply answers an earlier
    comment of its thread, so threads branch and nest."""
    per_thread, made = count // threads, []
    for thread in range(threads):
        in_thread = []
        for n in range(per_thread):
            body, body_html = bodies[(thread * per_thread + n) % len(bodies)]
            person = rng.randint(1, 300)
            comment = Comment(
                post=post,
                parent=rng.choice(in_thread) if in_thread else None,
                name=f"Reader {person}",
                email=f"reader{person}@example.com",
                url=f"https://reader{person}.example.net/" if person % 3 == 0 else "",
                body=f"{body} ({thread}.{n})",
                body_html=body_html,
                status=Comment.Status.APPROVED,
            )
            comment.save()  # one by one: replies need their parent's id
            in_thread.append(comment)
        made += in_thread
    return made


@transaction.atomic
def build():
    rng = random.Random(2024)
    User = get_user_model()
    # With an address, as in real use: each approved comment emails the post's author.
    authors = [
        User.objects.create_user(
            f"author{n}", f"author{n}@example.com", first_name=f"Author {n}", password=None
        )
        for n in range(3)
    ]
    categories = [Category.objects.create(name=f"Category {n}", slug=f"cat-{n}") for n in range(8)]
    tags = [Tag.objects.create(name=f"Tag {n}", slug=f"tag-{n}") for n in range(20)]
    posts = []
    for n in range(POSTS):
        post = Post(
            title=sentence(rng, 3, 7)[:-1],
            slug=f"post-{n}",
            author=authors[n % 3],
            body=post_body(rng),
            status=Post.Status.PUBLISHED,
            published_at=START + timedelta(hours=19 * n),
        )
        post.save()
        posts.append(post)
    Post.categories.through.objects.bulk_create(
        Post.categories.through(post=post, category=category)
        for post in posts
        for category in rng.sample(categories, rng.randint(1, 2))
    )
    Post.tags.through.objects.bulk_create(
        Post.tags.through(post=post, tag=tag)
        for post in posts
        for tag in rng.sample(tags, rng.randint(2, 4))
    )
    bodies = comment_bodies(rng)
    hundred, thousand, none, target = posts[-2], posts[-3], posts[-4], posts[-5]
    add_comments(hundred, 100, 10, rng, bodies)
    add_comments(thousand, 1000, 50, rng, bodies)
    lifecycle.changed([hundred.pk, thousand.pk], public=True)
    return {
        "post_100": hundred.get_absolute_url(),
        "post_1000": thousand.get_absolute_url(),
        "post_none": none.get_absolute_url(),
        "target": target.get_absolute_url(),
        "target_id": target.pk,
    }


def analyse():
    """Planner statistics, as a site that has been running has them: on SQLite each
    worker's connection gathers them as it closes (config.sqlite3), on PostgreSQL
    autovacuum does; a database just filled has none yet."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    urls = build()
    analyse()
    print(json.dumps(urls))
