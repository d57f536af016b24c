"""The first guidance Lineout ships with, in English and Simplified Chinese.

Plain data only: ``python manage.py load_guidance`` turns it into rows, once. After that
the rows belong to the editors, who change them in the admin; the loader never overwrites
them. Every translated text is a dict ``{"en": ..., "zh_hans": ...}``.

Guide and FAQ texts are Markdown (no raw HTML). Checklist help is plain text. Email copy is
plain text with the placeholders of ``content.models.EMAIL_PLACEHOLDERS`` only; a literal
brace would be written ``{{`` or ``}}``. The system adds the unsubscribe line to reminders.
"""

from .carriers import CARRIERS
from .checklist import CHECKLIST_ITEMS
from .email_copy import EMAIL_COPY
from .faq import FAQS
from .guides_after import GUIDES as _GUIDES_AFTER
from .guides_porting import GUIDES as _GUIDES_PORTING
from .guides_why import GUIDES as _GUIDES_WHY

# In the order they are shown.
GUIDES = [*_GUIDES_WHY, *_GUIDES_PORTING, *_GUIDES_AFTER]

__all__ = ["CARRIERS", "CHECKLIST_ITEMS", "EMAIL_COPY", "FAQS", "GUIDES"]
