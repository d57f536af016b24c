"""Editors may add, change, delete and view all guidance content; no one else gets it here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["carrier", "guide", "guidestep", "checklistitem", "faq", "emailcopy"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("content")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="content", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="content")
        )


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial"), ("portal", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, revoke)]
