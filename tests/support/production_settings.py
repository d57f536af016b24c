"""portal.settings as production runs them, for a test's gunicorn, but for two things that
are not what the test is about: STATIC_ROOT under the test's own directory (production's
static storage needs the manifest collectstatic writes, and the working tree is shared),
and cheap password hashing as in the rest of the suite (every failed sign-in hashes a
password, also for an unknown address, and the tests make dozens of them)."""

import os

from portal.settings import *  # noqa: F403

STATIC_ROOT = os.environ["LINEOUT_TEST_STATIC_ROOT"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
