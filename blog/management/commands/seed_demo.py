"""`manage.py seed_demo`: the demo blog behind `make run`. Running it again changes nothing.

Other apps add their demo content through blog.demo.add_seeder (comments: threads).
"""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

import pagecache
from blog.demo import AUTHORS, CATEGORIES, PAGES, TAGS, extra_seeders, load_posts, pictures
from blog.models import Category, Page, Post, Tag
from medialibrary import library
from medialibrary.models import MediaItem

DEMO_REFERENCE = re.compile(r"\(demo:([a-z-]+)")


class Command(BaseCommand):
    help = "Load the demo blog: authors, categories, tags, posts, pages and comments (idempotent)."

    def handle(self, *args, **options):
        before = Post.objects.count(), Page.objects.count()
        with transaction.atomic():
            posts = self.seed_posts()
            self.seed_pages()
            extra = [seeder(posts) for seeder in extra_seeders()]
            if (Post.objects.count(), Page.objects.count()) != before:
                pagecache.changed()  # readers' pages show the new posts and pages
        added = Post.objects.count() - before[0]
        self.stdout.write(
            f"Demo content: {len(posts)} posts ({added} new), {len(PAGES)} pages, "
            f"{len(CATEGORIES)} categories, {len(TAGS)} tags, {len(AUTHORS)} authors."
        )
        if options["verbosity"] > 1:
            for line in extra:
                self.stdout.write(line)

    def seed_posts(self):
        """Create what is missing, keyed on slugs and usernames; return the posts by slug."""
        authors = self.seed_authors()
        categories = self.seed_categories()
        tags = self.seed_tags()
        media = self.seed_pictures(authors["june"])
        now = timezone.localtime()
        posts = {}
        for demo in load_posts():
            published_at = (now - timedelta(days=demo.days_ago)).replace(
                hour=demo.hour, minute=demo.minute, second=0, microsecond=0
            )
            post, created = Post.objects.get_or_create(
                slug=demo.slug,
                defaults={
                    "title": demo.title,
                    "author": authors[demo.author],
                    "body": DEMO_REFERENCE.sub(
                        lambda match: f"(media:{media[match[1]].pk}", demo.body
                    ),
                    "featured_image": media.get(demo.picture),
                    "excerpt": demo.excerpt,
                    "status": demo.status,
                    "published_at": published_at,
                    "sticky": demo.sticky,
                    "comments_open": demo.comments_open,
                },
            )
            if created:
                post.categories.set([categories[slug] for slug in demo.categories])
                post.tags.set([tags[slug] for slug in demo.tags])
            posts[demo.slug] = post
        return posts

    def seed_pages(self):
        """The About and Colophon pages, keyed on their slugs."""
        authors = self.seed_authors()
        for slug, title, author, menu_order, body in PAGES:
            Page.objects.get_or_create(
                slug=slug,
                parent=None,
                defaults={
                    "title": title,
                    "author": authors[author],
                    "body": body,
                    "status": Page.Status.PUBLISHED,
                    "menu_order": menu_order,
                    "show_in_navigation": True,
                },
            )

    def seed_pictures(self, uploader):
        """The demo pictures in the media library, keyed on their file names."""
        media = {}
        for name, picture in pictures.PICTURES.items():
            filename = f"{name}.jpg"
            media[name] = MediaItem.objects.filter(original_filename=filename).first()
            if media[name] is None:
                media[name] = library.add(
                    ContentFile(pictures.jpeg(name)),
                    filename=filename,
                    user=uploader,
                    title=picture.title,
                    alt_text=picture.alt,
                    caption=picture.caption,
                )
        return media

    def seed_authors(self):
        """Demo authors by username; they cannot sign in (no usable password)."""
        users = {}
        for author in AUTHORS:
            users[author["username"]], _ = get_user_model().objects.get_or_create(
                username=author["username"],
                defaults={
                    "first_name": author["first_name"],
                    "last_name": author["last_name"],
                    "email": f"{author['username']}@example.com",
                    "password": make_password(None),
                },
            )
        return users

    def seed_categories(self):
        categories = {}
        for slug, name, parent, description in CATEGORIES:
            categories[slug], _ = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "parent": categories.get(parent),
                },
            )
        return categories

    def seed_tags(self):
        return {
            slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in TAGS
        }
