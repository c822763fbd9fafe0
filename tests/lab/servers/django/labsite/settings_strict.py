"""Same site, second deployment: the allow-list names 127.0.0.1 while the page
is served from localhost (a different origin to the browser)."""
from .settings import *  # noqa: F401,F403

CORS_ALLOWED_ORIGINS = ["http://127.0.0.1:7100"]
