"""gunicorn's entry point for the page bench: portal/wsgi.py with the bench's settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.site.settings"

application = get_wsgi_application()
