"""Staff users in one of the roles that roles/migrations/0001_groups.py makes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def staff_in(role, username=None):
    """A new staff user whose only rights are those of the group `role`."""
    user = get_user_model().objects.create_user(
        username or role.lower(), password=f"pw-{role.lower()}-12345", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user
