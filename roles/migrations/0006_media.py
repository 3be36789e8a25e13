"""The media library: Authors upload and manage their own images, Editors everyone's."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OWN = [f"{action}_mediaitem" for action in ("add", "change", "delete", "view")]
GRANTS = {"Author": OWN, "Editor": [*OWN, "edit_others_media"]}


def media_permissions(apps, using, codenames):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="medialibrary", codename__in=codenames
    )
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise LookupError(f"no permission {sorted(missing)} in medialibrary")
    return permissions


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("medialibrary")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*media_permissions(apps, using, codenames))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        for group in Group.objects.using(using).filter(name=name):
            group.permissions.remove(*media_permissions(apps, using, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_pages"),
        ("medialibrary", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
