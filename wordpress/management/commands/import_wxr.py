from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importing.importer import WXRError, import_wxr
from wordpress.importing.media import MediaOptions


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): authors, categories, tags, posts, media and "
        "comments. Running it again changes only what changed in WordPress since."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xml file from WordPress's Tools → Export")
        files = parser.add_mutually_exclusive_group()
        files.add_argument(
            "--media-dir",
            type=Path,
            help="a copy of the old site's wp-content/uploads folder: attachments' files",
        )
        files.add_argument(
            "--fetch-media",
            action="store_true",
            help="download attachments' files from the old site",
        )
        parser.add_argument(
            "--allow-private-hosts",
            action="store_true",
            help="let --fetch-media download from private, loopback or reserved addresses",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen, save nothing"
        )

    def handle(self, *args, file, dry_run, media_dir, fetch_media, allow_private_hosts, **options):
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        media = MediaOptions(
            directory=media_dir, fetch=fetch_media, allow_private_hosts=allow_private_hosts
        )
        try:
            with open(file, "rb") as source:
                summary = import_wxr(source, dry_run=dry_run, media=media)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except WXRError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from None
        self.stdout.write(summary.as_text())
