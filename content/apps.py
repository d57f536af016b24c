from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Guidance content")

    def ready(self) -> None:
        from . import cache, models

        # Any edit to public content clears the cached pages in every language.
        for model in (models.Carrier, models.Guide, models.GuideStep, models.ChecklistItem,
                      models.FAQ):
            post_save.connect(cache.bump_version, sender=model,
                              dispatch_uid=f"content-cache-save-{model.__name__}")
            post_delete.connect(cache.bump_version, sender=model,
                                dispatch_uid=f"content-cache-delete-{model.__name__}")
