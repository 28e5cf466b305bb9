"""gunicorn reads this file when started from the repository root (`gunicorn wsgi:app`)."""

from api.gunicorn_conf import *  # noqa: F403
