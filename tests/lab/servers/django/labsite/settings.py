"""A small Django API with django-cors-headers, set up the way its README says.

Production-like: DEBUG=False (which is also what makes CommonMiddleware answer a
slash-less POST with a 301 instead of raising).
"""
SECRET_KEY = "lab-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
ROOT_URLCONF = "labsite.urls"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "corsheaders",
]
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES = {}

# django-cors-headers: the front end in development, CORS only under /api/.
CORS_ALLOWED_ORIGINS = ["http://localhost:7100"]
CORS_URLS_REGEX = r"^/api/.*$"
# CORS_ALLOW_CREDENTIALS stays at its default (False): the session cookie is not allowed.

LOGGING = {"version": 1, "disable_existing_loggers": False}
