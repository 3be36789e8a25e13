"""The Author, Editor and Moderator groups (see PRODUCT.md "Moderation").

Permissions are normally made after `migrate` (post_migrate), so this migration makes
those of the apps it needs first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EVERYTHING = ("add", "change", "delete", "view")
ROLES = {
    "Author": {
        "blog": [*(f"{a}_post" for a in EVERYTHING), "view_category", "view_tag"],
    },
    "Editor": {
        "blog": [f"{a}_{m}" for a in EVERYTHING for m in ("post", "category", "tag")],
        "comments": [*(f"{a}_comment" for a in EVERYTHING), "moderate_comment"],
        "wordpress": ["import_wxr", "view_importedpost"],
    },
    "Moderator": {
        "comments": ["view_comment", "change_comment", "moderate_comment"],
    },
}


def make_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in ("blog", "comments", "wordpress"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # create_permissions skips apps without models
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        for app_label, codenames in grants.items():
            permissions = Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - {p.codename for p in permissions}
            if missing:
                raise LookupError(f"{name}: no permission {sorted(missing)} in {app_label}")
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0001_initial"),
        ("comments", "0002_notifications"),
        ("wordpress", "0002_import_permission_local_edits"),
    ]

    operations = [migrations.RunPython(make_roles, remove_roles)]
