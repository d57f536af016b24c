"""Values every template may use."""

from django.conf import settings


def site(request):
    return {"site_name": settings.SITE_NAME, "operator_name": settings.OPERATOR_NAME}
