from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cancellation cases")

    def ready(self) -> None:
        from anymail.signals import inbound
        from django.conf import settings
        from PIL import Image

        # Pillow's own bomb check (an error at twice this, a warning above it) at the
        # portal's limit, for every image any part of the portal opens.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS

        from .inbound import on_inbound
        from .models import Document

        post_delete.connect(_delete_document_file, sender=Document,
                            dispatch_uid="cases-delete-document-file")
        inbound.connect(on_inbound, dispatch_uid="cases-inbound-email")


def _delete_document_file(sender, instance, **kwargs) -> None:
    """A deleted document row (e.g. a superuser deleting a case) takes its file with it."""
    if instance.file.name:
        instance.file.storage.delete(instance.file.name)
