"""The queries each page makes and how the database runs them (EXPLAIN), as Markdown.

Run by bench/run.py against the bench database (DATABASE_URL), page cache off, so
that every page renders. Each query is shown by its tables with the plan's scans:
SQLite's `SEARCH … USING INDEX`, PostgreSQL's `Index Scan using …`; a `SCAN` or
`Seq Scan` of a large table would be a missing index.
"""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from blog.models import Category, Post, Tag  # noqa: E402
from comments.moderation.spam import make_token  # noqa: E402

PG_SCAN = re.compile(
    r"((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)[^(]*)"
)


def plan(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
        return [m.group(1).strip() for line in lines for m in [PG_SCAN.search(line)] if m] or [
            lines[0].strip()
        ]


def captured(send):
    """(sql, params) of each SELECT/UPDATE/DELETE that `send()` makes."""
    queries = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
            queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        send()
    return queries


def tables(sql):
    names = re.findall(r'(?:FROM|JOIN|UPDATE) "(\w+)"', sql)
    return ", ".join(dict.fromkeys(names)) or sql[:40]


def pages():
    post = Post.objects.published().filter(comment_count=100).first()
    category, tag = Category.objects.first(), Tag.objects.first()
    return {
        "home": "/",
        "home, page 2": "/?page=2",
        "post with 100 comments": post.get_absolute_url(),
        "year archive": f"/{post.published_at:%Y}/",
        "month archive": f"/{post.published_at:%Y/%m}/",
        "day archive": f"/{post.published_at:%Y/%m/%d}/",
        "category": category.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": f"/author/{post.author.get_username()}/",
        "search": "/search/?q=garden",
        "posts feed (RSS)": "/feed/",
        "posts feed (Atom)": "/feed/atom/",
        "category feed": f"{category.get_absolute_url()}feed/",
        "tag feed": f"{tag.get_absolute_url()}feed/",
        "sitemap": "/sitemap.xml",
    }, post


def comment_post(client, post):
    data = {
        "name": "Explain",
        "email": "explain@example.com",
        "url": "",
        "parent": "",
        "topic": "",
        "body": f"A comment to explain at {timezone.now().isoformat()}",
        "token": make_token(post.pk, timezone.now() - timedelta(minutes=1)),
    }
    response = client.post(f"/comments/post/{post.pk}/", data)
    assert response.status_code == 302, response.status_code


@override_settings(BLOG_PAGE_CACHE=False, BLOG_FRAGMENT_CACHE=False)
def report():
    client = Client(HTTP_HOST="127.0.0.1")
    urls, post = pages()
    sends = {name: (lambda url=url: client.get(url)) for name, url in urls.items()}
    sends["comment POST"] = lambda: comment_post(client, post)
    lines = []
    for name, send in sends.items():
        queries = captured(send)
        lines.append(f"- **{name}** ({len(queries)} queries)")
        for sql, params in queries:
            lines.append(f"  - `{tables(sql)}`: {'; '.join(plan(sql, params))}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
