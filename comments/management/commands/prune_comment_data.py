from django.core.management.base import BaseCommand

from comments.privacy import retention


def counted(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Delete spam older than BLOG_SPAM_RETENTION_DAYS and clear the IP address and "
        "user agent of comments older than BLOG_COMMENT_IP_RETENTION_DAYS. Run it daily."
    )

    def handle(self, *args, **options):
        done = retention.prune()
        self.stdout.write(
            f"Deleted {counted(done.spam_deleted, 'spam comment')} "
            f"older than {counted(done.spam_days, 'day')}."
        )
        self.stdout.write(
            "Cleared the IP address and user agent of "
            f"{counted(done.addresses_cleared, 'comment')} "
            f"older than {counted(done.address_days, 'day')}."
        )
