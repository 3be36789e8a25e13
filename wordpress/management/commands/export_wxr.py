import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wordpress.export import export_wxr


def default_base_url():
    """http://<the first ALLOWED_HOSTS entry that is a plain host name>."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    return f"http://{hosts[0] if hosts else 'localhost'}"


class Command(BaseCommand):
    help = (
        "Write every post, category, tag, post author and comment as a WordPress export "
        "(WXR 1.2), to FILE or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")
        parser.add_argument(
            "--base-url",
            default=None,
            help="the site's address for links in the file, e.g. https://blog.example.com",
        )

    def handle(self, *args, file, base_url, **options):
        base_url = base_url or default_base_url()
        if file is None:
            export_wxr(sys.stdout, base_url)
            return
        try:
            with open(file, "w", encoding="utf-8") as out:
                export_wxr(out, base_url)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
