from django.core.management.base import BaseCommand

from comments.privacy import retention


def counted(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Delete spam older than BLOG_SPAM_RETENTION_DAYS, clear the IP address and user "
        "agent of comments older than BLOG_COMMENT_IP_RETENTION_DAYS, and delete posts "
        "and comments trashed more than BLOG_TRASH_DAYS ago. Run it daily."
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
        self.stdout.write(
            f"Deleted {counted(done.trash_deleted, 'trashed comment')} "
            f"older than {counted(done.trash_days, 'day')}."
        )
        self.stdout.write(
            f"Deleted {counted(done.posts_deleted, 'post')} trashed more than "
            f"{counted(done.trash_days, 'day')} ago, with their "
            f"{counted(done.posts_comments_deleted, 'comment')}."
        )
