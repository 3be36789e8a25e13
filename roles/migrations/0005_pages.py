"""Editors write pages: they get every permission on blog.Page (see README "Roles")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = [f"{action}_page" for action in ("add", "change", "delete", "view")]


def page_permissions(apps, using):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="blog", codename__in=PAGE_PERMISSIONS
    )
    missing = set(PAGE_PERMISSIONS) - {p.codename for p in permissions}
    if missing:
        raise LookupError(f"no permission {sorted(missing)} in blog")
    return permissions


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("blog")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    editor, _ = Group.objects.using(using).get_or_create(name="Editor")
    editor.permissions.add(*page_permissions(apps, using))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    for editor in Group.objects.using(using).filter(name="Editor"):
        editor.permissions.remove(*page_permissions(apps, using))


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0004_authors_own_posts"),
        ("blog", "0004_pages"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
