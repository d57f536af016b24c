"""Agents may view and change cases, their timeline and their documents (in the admin).

Permissions are normally created after all migrations run (post_migrate), so on a fresh
database they are created here; post_migrate later finds them and leaves them be.
"""

from django.db import migrations

AGENTS = "Agents"
MODELS = {"case": "case", "caseevent": "case event", "document": "document"}
ACTIONS = ["view", "change"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    agents, _created = Group.objects.get_or_create(name=AGENTS)
    for model, verbose_name in MODELS.items():
        content_type, _created = ContentType.objects.get_or_create(app_label="cases", model=model)
        for action in ACTIONS:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            agents.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="cases",
        codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
    )
    for group in Group.objects.filter(name=AGENTS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("portal", "0002_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
