"""Qianniu settings. Every value comes from the environment through `qianniu.env`; none is needed to run."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from qianniu.env import (
    ImproperSetting,
    database_from_url,
    development_secrets,
    encryption_key,
    env_bool,
    env_hours,
    env_int,
    env_list,
    env_str,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("QIANNIU_DATA_DIR", str(BASE_DIR / "var")))

# In production every secret must come from the environment; a developer machine makes its own once.
PRODUCTION = env_bool("QIANNIU_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION:
    if DEBUG:
        raise ImproperSetting("DEBUG must be off when QIANNIU_PRODUCTION is set")
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DATABASE_URL"):
        if not env_str(name):
            raise ImproperSetting(f"{name} must be set when QIANNIU_PRODUCTION is set")
    _dev_secrets = {}
else:
    _dev_secrets = development_secrets(Path(env_str("QIANNIU_SECRETS_DIR", str(Path.home() / ".config" / "qianniu"))))

SECRET_KEY = env_str("SECRET_KEY") or _dev_secrets["SECRET_KEY"]
FIELD_ENCRYPTION_KEY = encryption_key(
    env_str("FIELD_ENCRYPTION_KEY") or _dev_secrets["FIELD_ENCRYPTION_KEY"], "FIELD_ENCRYPTION_KEY"
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "qianniu",
    "dictionaries",
    "regions",
    "orgs",
    "people",
    "needs",
    "resources",
    "projects",
    "dispatch",
    "activities",
    "ledger",
    "matching",
    "casework",
    "groupwork",
    "mediation",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qianniu.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "qianniu.urls"
WSGI_APPLICATION = "qianniu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qianniu.context_processors.ui",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": database_from_url(DATABASE_URL) if DATABASE_URL else sqlite_database(DATA_DIR / "qianniu.sqlite3")
}
DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic's target; empty while finders serve

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security headers and HTTPS behind the TLS proxy (ASVS 5.0 L2 V3.4, V3.3; `check --deploy` clean).
# The policy allows no inline script or style and no eval: behaviour lives in static/qianniu/site.js, htmx is told
# not to inject its indicator style (the meta tag in base.html), and Bootstrap's SVG icons are data: images.
INSTALLED_APPS += ["csp"]
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_after_security:_after_security] = [
    "csp.middleware.CSPMiddleware",
    "qianniu.middleware.PermissionsPolicyMiddleware",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), microphone=(), payment=(), usb=()"
SECURE_REFERRER_POLICY = "same-origin"
# Behind the proxy: trust its X-Forwarded-Proto only when it is the one that sets it (docs/deploy.md).
_behind_tls_proxy = env_bool("SECURE_PROXY_SSL_HEADER", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _behind_tls_proxy else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
# The site's own subdomains only; preload merely allows the domain's owner to ask browsers to preload the rule.
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), no script reads the cookie
if SESSION_COOKIE_SECURE:  # the __Host- prefix: the browser keeps the cookie only from HTTPS, for this host alone
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# How long a need may wait for its first answer, by urgency (QIANNIU_RESPONSE_HOURS="crisis=2,urgent=24").
# Which casework steps wait for a supervisor's approval (QIANNIU_CASEWORK_APPROVALS="plan,closure", or "").
CASEWORK_APPROVALS = env_list("QIANNIU_CASEWORK_APPROVALS", ["plan", "closure"])
# A crisis case's first response (a contact recorded on the case) is due within this many hours.
CRISIS_RESPONSE_HOURS = env_int("QIANNIU_CRISIS_RESPONSE_HOURS", 2)
RESPONSE_HOURS = env_hours("QIANNIU_RESPONSE_HOURS", {"crisis": 2, "urgent": 24, "normal": 72, "low": 168})

# Attendance: how long a QR code works, and the step service time is rounded down to.
QR_VALID_SECONDS = 90
HOURS_STEP_MINUTES = 30

# Recognition: star levels by cumulative service hours, and the time bank (incentives, never pay).
STAR_LEVELS = [100, 300, 600, 1000, 1500]  # hours for one to five stars
STAR_RATING_BODY = env_str("STAR_RATING_BODY", "旗（县）志愿服务联合会")
TIME_BANK_POINTS_PER_HOUR = 1
TIME_BANK_CAP_HOURS = 1500

# Fonts for certificate PDFs, tried in order (Debian: fonts-wqy-microhei); without any, a built-in CID font.
CERTIFICATE_FONTS = env_list(
    "CERTIFICATE_FONTS",
    ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"],
)

# The cache holds rate-limit counters: in this process by default, shared in Redis when REDIS_URL is set.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
    if env_str("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Background jobs: Huey on SQLite beside the database, or on Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
HUEY = {
    "name": "qianniu",
    "immediate": False,
    "consumer": {"workers": 2, "periodic": True},
    **(
        {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
        if REDIS_URL
        else {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")}
    ),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
