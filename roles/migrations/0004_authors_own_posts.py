"""Authors keep to their own posts and the comments on them (see README "Roles").

Editors and Moderators get the permissions that lift that limit: blog.edit_others_posts
(Editors) and comments.moderate_all_comments (both); Authors may now see and moderate
the comments on their own posts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Author": {"comments": ["view_comment", "change_comment", "moderate_comment"]},
    "Editor": {"blog": ["edit_others_posts"], "comments": ["moderate_all_comments"]},
    "Moderator": {"comments": ["moderate_all_comments"]},
}


def permissions_of(apps, using, app_label, codenames):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise LookupError(f"no permission {sorted(missing)} in {app_label}")
    return permissions


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in ("blog", "comments"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # create_permissions skips apps without models
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        for app_label, codenames in grants.items():
            group.permissions.add(*permissions_of(apps, using, app_label, codenames))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(using).filter(name__in=GRANTS):
        for app_label, codenames in GRANTS[group.name].items():
            group.permissions.remove(*permissions_of(apps, using, app_label, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_groups"),
        ("blog", "0003_edit_others_posts"),
        ("comments", "0008_moderate_all_comments"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
