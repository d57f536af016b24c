"""The staff groups and what each may do in the admin, kept true after every migrate.

Agents work cases; Editors keep the guidance. Neither sees the other's models. This runs
on post_migrate (which also follows a test database flush), so the groups hold exactly their
permissions, whatever data migrations did or did not run or anyone added since.
"""

from __future__ import annotations

GROUP_PERMISSIONS: dict[str, dict[str, dict[str, list[str]]]] = {
    "Agents": {
        "cases": {model: ["view", "change"] for model in ("case", "caseevent", "document")},
    },
    "Editors": {
        "content": {model: ["add", "change", "delete", "view"]
                    for model in ("carrier", "guide", "guidestep", "checklistitem", "faq",
                                  "emailcopy")},
    },
}


def sync_staff_groups(using: str = "default", **_signal_kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for group_name, apps in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name)
        codenames = {(app, f"{action}_{model}")
                     for app, models in apps.items()
                     for model, actions in models.items() for action in actions}
        wanted = [p for p in Permission.objects.using(using).filter(
                      content_type__app_label__in=apps.keys()).select_related("content_type")
                  if (p.content_type.app_label, p.codename) in codenames]
        # Exactly these: a permission added by hand (or left by an older version) is removed,
        # so the groups never grow beyond this table.
        group.permissions.set(wanted)
