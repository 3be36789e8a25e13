from django.core.management.base import BaseCommand

from comments.privacy import commenter_data


class Command(BaseCommand):
    help = (
        "Anonymise every comment made with an email address (any case): name "
        '"Anonymous", email, website, IP address and user agent cleared, text kept. '
        "With --delete, delete them instead (their replies move up)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--delete", action="store_true", help="Delete the comments instead of anonymising."
        )

    def handle(self, *args, email, delete, **options):
        if delete:
            count = commenter_data.delete(email)
            done = "Deleted"
        else:
            count = commenter_data.anonymise(email)
            done = "Anonymised"
        noun = "comment" if count == 1 else "comments"
        self.stdout.write(f"{done} {count} {noun} by {email}.")
