from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wordpress.exporting.export import export_wxr


def checked_base_url(url, source):
    """The site's address as the export writes it (no trailing "/"), or CommandError.

    http(s), a host, and nothing after it but "/": every link in the file is this
    address plus a path of ours.
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise CommandError(
            f"{source} {url!r} is not a site's address: give it as https://blog.example.org "
            "(http or https, a host, no path, query or fragment)."
        )
    return f"{parts.scheme}://{parts.netloc}"


def site_address(given):
    if given is not None:
        return checked_base_url(given, "--base-url")
    if settings.BLOG_SITE_URL:
        return checked_base_url(settings.BLOG_SITE_URL, "BLOG_SITE_URL")
    raise CommandError(
        "The site's address is not known, and every link in the export starts with it: "
        "give it with --base-url https://blog.example.org, or set BLOG_SITE_URL."
    )


class Command(BaseCommand):
    help = (
        "Write every post, page, media item, category, tag, author and comment as a "
        "WordPress export (WXR 1.2), to FILE or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")
        parser.add_argument(
            "--base-url",
            default=None,
            help="the site's address for links in the file, e.g. https://blog.example.com "
            "(default: BLOG_SITE_URL)",
        )

    def handle(self, *args, file, base_url, **options):
        address = site_address(base_url)
        if file is None:
            self.stdout.ending = ""  # the export ends its own lines
            export_wxr(self.stdout, address)
            return
        try:
            with open(file, "w", encoding="utf-8") as out:
                export_wxr(out, address)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
