"""`manage.py seed_demo`: blog's demo content, then threaded demo comments.

This command replaces blog's (comments comes first in INSTALLED_APPS) and extends it,
so that blog does not need to know about comments. Running it again changes nothing.
"""

from datetime import timedelta

from django.db import transaction

from blog.management.commands.seed_demo import Command as BlogSeedCommand
from comments.demo import DEMO_COMMENTS
from comments.lifecycle import refresh_comment_counts
from comments.models import Comment


class Command(BlogSeedCommand):
    help = "Load the demo blog with threaded demo comments (idempotent)."

    def seed_posts(self):
        posts = super().seed_posts()
        self.comments_added = self.seed_comments(posts)
        return posts

    def handle(self, *args, **options):
        # blog's summary is one line; the comments' count shows with --verbosity 2.
        super().handle(*args, **options)
        if options["verbosity"] > 1:
            self.stdout.write(f"Demo comments: {self.comments_added} new.")

    @transaction.atomic
    def seed_comments(self, posts):
        """Add the demo comments a post lacks (matched on name and text); return how many."""
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
        refresh_comment_counts([post.pk for post in posts.values()])
        return added
