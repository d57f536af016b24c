"""Language codes: which of ours a requested code means, if any."""

from django.conf import settings
from django.utils import translation


def supported_language(code: str) -> str | None:
    """``'zh-hans'`` for ``'zh-Hans'`` or ``'zh-hans'``; ``None`` for ``'fr'`` or junk."""
    if not code or len(code) > 20:
        return None
    try:
        language = translation.get_supported_language_variant(code.lower())
    except LookupError:
        return None
    return language if language in dict(settings.LANGUAGES) else None
