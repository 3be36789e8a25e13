"""Users in the admin, as the authors whose names show on their posts."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from pagecache.admin import ChangesPagesMixin

admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AuthorAdmin(ChangesPagesMixin, UserAdmin):
    """Django's user admin; a user's name shows on their posts."""
