from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import WXRError, import_wxr


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): authors, categories, tags, posts and comments. "
        "Running it again changes only what changed in WordPress since."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xml file from WordPress's Tools → Export")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen, save nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            with open(file, "rb") as source:
                summary = import_wxr(source, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except WXRError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from None
        self.stdout.write(summary.as_text())
