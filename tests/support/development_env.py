"""A pytest plugin loaded before the settings (``-p`` in pytest.ini): the tests run as
development, DEBUG=true, like `make test` sets it, also when pytest is started directly.

The settings default to DEBUG off and then refuse to start without a SECRET_KEY; the
suite, and the processes it starts (which inherit this environment), are development.
An explicit DEBUG=false in the environment is kept.
"""

import os

os.environ.setdefault("DEBUG", "true")
