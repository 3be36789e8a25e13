"""Demo comments for `manage.py seed_demo`: a few threads on three demo posts.

Each comment has a key (unique within its post) so that replies can name their
parent; `hours` is how long after the post's publication it was written. `seed()` is
registered with blog's seed_demo (blog.demo.add_seeder) when the app is ready.
"""

from dataclasses import dataclass
from datetime import timedelta

from comments import lifecycle
from comments.models import Comment


@dataclass(frozen=True)
class DemoComment:
    key: str
    name: str
    email: str
    hours: float
    body: str
    reply_to: str = ""
    url: str = ""
    status: str = "approved"


DEMO_COMMENTS = {
    "sqlite-is-a-fine-place-to-start": [
        DemoComment(
            "backups",
            "Priya Raman",
            "priya@example.net",
            3,
            "How do you handle backups? That is the part that makes me nervous about "
            "a single file.",
        ),
        DemoComment(
            "backups-answer",
            "Tomás Lindqvist",
            "tomas@example.com",
            5,
            "The `.backup` command (or `VACUUM INTO`) from a cron job, copied "
            "off the machine. Copying the file while it is being written is the thing "
            "to avoid.",
            reply_to="backups",
        ),
        DemoComment(
            "backups-wal",
            "Priya Raman",
            "priya@example.net",
            7,
            "Does WAL mode change that?",
            reply_to="backups-answer",
        ),
        DemoComment(
            "backups-wal-answer",
            "Tomás Lindqvist",
            "tomas@example.com",
            9,
            "A little: readers no longer block the writer, so the backup can run while "
            "people keep using the site. The rule stays the same: let SQLite make the "
            "copy.",
            reply_to="backups-wal",
        ),
        DemoComment(
            "backups-thanks",
            "Priya Raman",
            "priya@example.net",
            26,
            "Set it up last night. Restoring onto a spare laptop took two minutes.",
            reply_to="backups-wal-answer",
        ),
        DemoComment(
            "migrate",
            "Sam Whitlock",
            "sam@example.org",
            30,
            "We moved to PostgreSQL after two years, and the move took an afternoon "
            "because the ORM had kept us honest. Starting small was the right call.",
            url="https://sam.example.org/",
        ),
        DemoComment(
            "migrate-reply",
            "Ines Duarte",
            "ines@example.com",
            34,
            "Which part of the move took longest?",
            reply_to="migrate",
        ),
        DemoComment(
            "migrate-reply-answer",
            "Sam Whitlock",
            "sam@example.org",
            40,
            "Checking the data afterwards. We counted rows per table on both sides "
            "and compared a few checksums before switching over.",
            reply_to="migrate-reply",
            url="https://sam.example.org/",
        ),
        DemoComment(
            "pending",
            "New Reader",
            "first.timer@example.net",
            50,
            "First time here. Does this work with several gunicorn workers writing at once?",
            status="pending",
        ),
    ],
    "compost-is-a-queue": [
        DemoComment(
            "backlog",
            "Hal Brennan",
            "hal@example.com",
            2,
            "Our team's backlog smells exactly like the first bin in August.",
        ),
        DemoComment(
            "backlog-reply",
            "June Okafor",
            "june@example.com",
            4,
            "Then turn it! Moving things along is half the work of finishing them.",
            reply_to="backlog",
        ),
        DemoComment(
            "backlog-reply-2",
            "Hal Brennan",
            "hal@example.com",
            6,
            "Pinned that above my desk.",
            reply_to="backlog-reply",
        ),
        DemoComment(
            "browns",
            "Ines Duarte",
            "ines@example.com",
            20,
            "What do you use for the browns in summer, when there are no dry leaves?",
        ),
        DemoComment(
            "browns-answer",
            "June Okafor",
            "june@example.com",
            22,
            "Shredded cardboard from the deliveries. Tape and labels off first.",
            reply_to="browns",
        ),
    ],
    "tests-as-letters-to-a-future-colleague": [
        DemoComment(
            "names",
            "Ravi Menon",
            "ravi@example.org",
            1,
            "The sentence-as-a-name habit changed how our reviews go: people argue "
            "about the promise in the name before they read the body.",
        ),
        DemoComment(
            "names-reply",
            "Mira Castell",
            "mira@example.com",
            3,
            "That is the best outcome I could hope for.",
            reply_to="names",
        ),
        DemoComment(
            "mocks",
            "Dana Kowalski",
            "dana@example.net",
            12,
            "How do you feel about mocks? We have a suite where every test mocks the "
            "database, and it passes while production breaks.",
        ),
        DemoComment(
            "mocks-reply",
            "Mira Castell",
            "mira@example.com",
            15,
            "Mock what you do not own and cannot run, like a payment provider. A "
            "database you can run in a test is better used than imitated.",
            reply_to="mocks",
        ),
    ],
}


def seed(posts):
    """Add the demo comments a post lacks (matched on name and text); say how many."""
    added = 0
    for slug, demo_comments in DEMO_COMMENTS.items():
        post = posts.get(slug)
        if post is None:
            continue
        by_key = {}
        for demo in demo_comments:
            comment = post.comments.filter(name=demo.name, body=demo.body).first()
            if comment is None:
                comment = Comment.objects.create(
                    post=post,
                    parent=by_key.get(demo.reply_to),
                    name=demo.name,
                    email=demo.email,
                    url=demo.url,
                    body=demo.body,
                    status=demo.status,
                )
                # created_at is set on creation; the demo dates it after the post.
                written = post.published_at + timedelta(hours=demo.hours)
                Comment.objects.filter(pk=comment.pk).update(created_at=written)
                added += 1
            by_key[demo.key] = comment
    lifecycle.changed([post.pk for post in posts.values()], public=bool(added))
    return f"Demo comments: {added} new."
