import json

from django.core.management.base import BaseCommand

from comments.privacy import commenter_data


class Command(BaseCommand):
    help = (
        "Print as JSON every comment made with an email address (any case), with all "
        "that is stored about its author."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        data = commenter_data.export(email)
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
