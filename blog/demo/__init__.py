"""The demo blog behind `manage.py seed_demo`: its people, categories, tags and posts.

Each post is a Markdown file in `posts/` named after its slug. It opens with a small
header of `key: value` lines, ended by a line `---`:

    title: The post's title
    author: mira                 a username from AUTHORS
    days_ago: 12                 negative: scheduled that many days ahead
    time: 09:30                  local time of day
    categories: garden, notes    slugs from CATEGORIES
    tags: compost, habits        slugs from TAGS
    status: draft                optional; published by default
    sticky: yes                  optional
    comments: closed             optional
    excerpt: A summary.          optional
    picture: seed-trays          optional; the featured picture, from demo/pictures.py
"""

from dataclasses import dataclass
from pathlib import Path

# Other apps' demo content, seeded after the posts (the comments app adds threads):
# callables taking {slug: post} and returning a line for the command's summary.
_extra_seeders = []


def add_seeder(seeder):
    _extra_seeders.append(seeder)


def extra_seeders():
    return list(_extra_seeders)


POSTS_DIR = Path(__file__).resolve().parent / "posts"

AUTHORS = [
    {"username": "mira", "first_name": "Mira", "last_name": "Castell"},
    {"username": "tomas", "first_name": "Tomás", "last_name": "Lindqvist"},
    {"username": "june", "first_name": "June", "last_name": "Okafor"},
]

# (slug, name, parent slug, description); parents come before their children.
CATEGORIES = [
    ("software-craft", "Software Craft", None, "How we build things, and how we keep them."),
    ("testing", "Testing", "software-craft", "Tests, and the people who read them later."),
    ("tools", "Tools", None, "Editors, shells, databases and version control."),
    ("writing", "Writing", None, "Notes on writing, for and about work."),
    ("garden", "The Garden", None, "An allotment, slowly, and what it teaches."),
    ("notes", "Notes", None, "Short things that did not need to be long."),
]

TAGS = [
    ("python", "Python"),
    ("django", "Django"),
    ("git", "Git"),
    ("sql", "SQL"),
    ("shell", "Shell"),
    ("habits", "Habits"),
    ("maintenance", "Maintenance"),
    ("reading", "Reading"),
    ("compost", "Compost"),
    ("tomatoes", "Tomatoes"),
    ("seeds", "Seeds"),
    ("debugging", "Debugging"),
]


@dataclass(frozen=True)
class DemoPost:
    slug: str
    title: str
    author: str
    days_ago: int
    hour: int
    minute: int
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    status: str
    sticky: bool
    comments_open: bool
    excerpt: str
    picture: str
    body: str


def _split_list(value):
    return tuple(item.strip() for item in value.split(",") if item.strip())


def parse_post(slug, text):
    """A DemoPost from a file's text: the header, a line `---`, then the Markdown body."""
    header, _, body = text.partition("\n---\n")
    fields = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    hour, _, minute = fields.get("time", "09:00").partition(":")
    return DemoPost(
        slug=slug,
        title=fields["title"],
        author=fields["author"],
        days_ago=int(fields["days_ago"]),
        hour=int(hour),
        minute=int(minute or 0),
        categories=_split_list(fields.get("categories", "")),
        tags=_split_list(fields.get("tags", "")),
        status=fields.get("status", "published"),
        sticky=fields.get("sticky", "no") == "yes",
        comments_open=fields.get("comments", "open") != "closed",
        excerpt=fields.get("excerpt", ""),
        picture=fields.get("picture", ""),
        body=body.strip() + "\n",
    )


def load_posts():
    """Every demo post, oldest first."""
    posts = [
        parse_post(path.stem, path.read_text(encoding="utf-8")) for path in POSTS_DIR.glob("*.md")
    ]
    return sorted(posts, key=lambda post: (-post.days_ago, post.slug))


# (slug, title, author username, menu order, Markdown body): published, in the header.
PAGES = [
    (
        "about",
        "About",
        "mira",
        1,
        "Field Notes is written by three people who build software by day and grow\n"
        "vegetables, badly and then a little better, at the weekend.\n\n"
        "**Mira** writes about craft and testing, **Tomás** about tools and the shell,\n"
        "and **June** about writing and the allotment. We post when we have learned\n"
        "something worth keeping, which is less often than we would like.\n\n"
        "Comments are welcome under every post; the first one from a new name waits\n"
        "for a moderator, after that they appear at once.\n",
    ),
    (
        "colophon",
        "Colophon",
        "tomas",
        2,
        "This blog is a small Django application: posts are written in Markdown in the\n"
        "Django admin, rendered and sanitised once when saved, and served from a page\n"
        "cache that is emptied whenever anything a reader sees changes.\n\n"
        "- Type: the reader's own system fonts; nothing is loaded from another host.\n"
        "- Data: SQLite here, PostgreSQL and Redis where there are more readers.\n"
        "- JavaScript: a little, and only to improve what already works without it.\n",
    ),
]
