"""Qianniu settings. Every value comes from the environment through `core.env`; none is needed to run."""

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core.env import (
    ImproperSetting,
    database_from_url,
    development_secrets,
    encryption_key,
    env_bool,
    env_hours,
    env_int,
    env_list,
    env_map,
    env_networks,
    env_str,
    key_ring,
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
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "LEDGER_HMAC_KEY", "DATABASE_URL"):
        if not env_str(name):
            raise ImproperSetting(f"{name} must be set when QIANNIU_PRODUCTION is set")
    _dev_secrets = {}
else:
    _dev_secrets = development_secrets(Path(env_str("QIANNIU_SECRETS_DIR", str(Path.home() / ".config" / "qianniu"))))

SECRET_KEY = env_str("SECRET_KEY") or _dev_secrets["SECRET_KEY"]

# --- Keys of the record and of encrypted fields (docs/deploy.md, "Keys") ---
# Field encryption: FIELD_ENCRYPTION_KEY (`ID:KEY`, or a bare `KEY` whose id is "1") encrypts; the older keys of
# FIELD_ENCRYPTION_KEYS (`ID:KEY,ID:KEY`) still decrypt until `manage.py reencrypt_fields` has rewritten every
# value. FIELD_ENCRYPTION_KEYS here holds every key by id, the current one included.
FIELD_ENCRYPTION_KEY_ID, FIELD_ENCRYPTION_KEYS = key_ring(
    env_str("FIELD_ENCRYPTION_KEY") or _dev_secrets["FIELD_ENCRYPTION_KEY"], env_list("FIELD_ENCRYPTION_KEYS", [])
)
FIELD_ENCRYPTION_KEY = FIELD_ENCRYPTION_KEYS[FIELD_ENCRYPTION_KEY_ID]
# Blind indexes (exact lookup of phone and ID numbers, duplicate detection) keep the key they were made with:
# by default the field key, so once field keys rotate FIELD_BLIND_INDEX_KEY must name the first one for good.
FIELD_BLIND_INDEX_KEY = (
    encryption_key(env_str("FIELD_BLIND_INDEX_KEY"), "FIELD_BLIND_INDEX_KEY")
    if env_str("FIELD_BLIND_INDEX_KEY")
    else None
)
if FIELD_BLIND_INDEX_KEY is None and (FIELD_ENCRYPTION_KEY_ID != "1" or len(FIELD_ENCRYPTION_KEYS) > 1):
    raise ImproperSetting(
        "FIELD_BLIND_INDEX_KEY must be set once field keys rotate: set it to the key the blind indexes were made "
        "with (the first FIELD_ENCRYPTION_KEY) and keep it"
    )
# The ledger's chain is an HMAC-SHA256 under this key; its daily checkpoints are signed with an Ed25519 key
# derived from it and written to LEDGER_CHECKPOINT_DIR (copy them off this machine).
LEDGER_HMAC_KEY = encryption_key(env_str("LEDGER_HMAC_KEY") or _dev_secrets["LEDGER_HMAC_KEY"], "LEDGER_HMAC_KEY")
LEDGER_CHECKPOINT_DIR = Path(env_str("LEDGER_CHECKPOINT_DIR", str(DATA_DIR / "checkpoints")))
# --- end of keys ---

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "signin.apps.SigninAdminConfig",  # Django's admin, on a site that asks for the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "core",  # the bottom layer: access, crypto, fields, forms, paging, rate limits (no models)
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
    "staff",  # the county's own staff: accounts, role grants, invitations
    "venues",  # shared rooms, their bookings and use
    "coordination",  # a region's coordination group: meetings, supervised items, campaigns
    "demo",  # the demo county (`make demo`, load_demo, demo_otp)
    "privacy",
    "stats",  # dashboards: rollup tables kept by an incremental job (stats/rollup.py)
    "transfer",  # imports of rosters and lists from .xlsx, .xls and .csv (docs/transfer.md)
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "signin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "signin.middleware.SessionLimitsMiddleware",
    "signin.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
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
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Sign-in (docs/deploy.md, "Sign-in"): a lockout per account and per client address (django-axes, counted in
# the database every web process shares; only failures count), the client address behind TRUSTED_PROXIES,
# two-factor sign-in (django-otp) for superusers, back-office staff and region admins, and session limits.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
SIGNIN_ACCOUNT_FAILURES = env_int("QIANNIU_SIGNIN_ACCOUNT_FAILURES", 10)  # wrong passwords for one account
SIGNIN_ADDRESS_FAILURES = env_int("QIANNIU_SIGNIN_ADDRESS_FAILURES", 50)  # from one address, any accounts
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("QIANNIU_SIGNIN_LOCKOUT_MINUTES", 15))
AXES_HANDLER = "signin.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = SIGNIN_ACCOUNT_FAILURES
AXES_RESET_ON_SUCCESS = True  # forgives the account's own earlier typos from that address only
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lockout ends on time, however often it is tried
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "signin.lockout.account_key"  # the mobile number's blind index, never the number
AXES_LOCKOUT_CALLABLE = "signin.views.locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
AXES_VERBOSE = False  # the start-up banner and per-attempt lines; lockouts are still logged as warnings
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_ISSUER = env_str("QIANNIU_OTP_ISSUER", "牵牛花")  # the name an authenticator app shows
# Staff (superusers, back office, anyone with a role grant) sign in again after 30 idle minutes and after 12
# hours in any case; volunteers, team leaders and residents on their phones after 7 idle days or 30 days.
SIGNIN_STAFF_IDLE = datetime.timedelta(minutes=env_int("QIANNIU_STAFF_IDLE_MINUTES", 30))
SIGNIN_STAFF_LIFETIME = datetime.timedelta(hours=env_int("QIANNIU_STAFF_SESSION_HOURS", 12))
SIGNIN_MEMBER_IDLE = datetime.timedelta(days=env_int("QIANNIU_MEMBER_IDLE_DAYS", 7))
SIGNIN_MEMBER_LIFETIME = datetime.timedelta(days=env_int("QIANNIU_MEMBER_SESSION_DAYS", 30))
SESSION_COOKIE_AGE = int(max(SIGNIN_STAFF_LIFETIME, SIGNIN_MEMBER_LIFETIME).total_seconds())

# --- Security headers and HTTPS behind the TLS proxy (ASVS 5.0 L2 V3.4, V3.3; `check --deploy` clean).
# The policy allows no inline script or style and no eval: behaviour lives in static/qianniu/site.js, htmx is told
# not to inject its indicator style (the meta tag in base.html), and Bootstrap's SVG icons are data: images.
INSTALLED_APPS += ["csp"]
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_after_security:_after_security] = [
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
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

# Personal information (PIPL Art. 44–47, docs/privacy.md). A request to correct or delete personal
# information is due within this many Chinese working days (QIANNIU_PI_REQUEST_DAYS) and escalated to the
# administrators above the county when it is late. A closed case leaves the working lists this many days
# after closing (QIANNIU_CASE_RETENTION_DAYS, three years by default) and is read only in the archive.
PI_REQUEST_DAYS = env_int("QIANNIU_PI_REQUEST_DAYS", 15)
CASE_RETENTION_DAYS = env_int("QIANNIU_CASE_RETENTION_DAYS", 3 * 365)
if PI_REQUEST_DAYS < 1:
    raise ImproperSetting(f"QIANNIU_PI_REQUEST_DAYS={PI_REQUEST_DAYS} must be at least 1")
if CASE_RETENTION_DAYS < 1:
    raise ImproperSetting(f"QIANNIU_CASE_RETENTION_DAYS={CASE_RETENTION_DAYS} must be at least 1")

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
    "name": env_str("HUEY_NAME", "qianniu"),  # several installations (or test runs) may share one Redis
    "immediate": False,
    "consumer": {"workers": 2, "periodic": True},
    **(
        {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
        if REDIS_URL
        else {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")}
    ),
}

# Matching runs (matching/execution.py). A worker holds a run's lease for MATCHING_RUN_LEASE_SECONDS and renews
# it between phases, so the lease must outlast the longest phase (a county's match: tens of seconds); an expired
# lease is taken over by another consumer, and after MATCHING_RUN_ATTEMPTS takings the run fails with its reason.
# A run still queued after MATCHING_RUN_REQUEUE_SECONDS (its message lost) is queued again. A run over a city or
# the province fans out into one job per county; with MATCHING_CROSS_COUNTY_KM above 0, volunteers of other
# counties living within that many km of a county's needs may serve it (0: each county serves itself).
MATCHING_RUN_LEASE_SECONDS = env_int("QIANNIU_MATCHING_LEASE_SECONDS", 300)
MATCHING_RUN_ATTEMPTS = env_int("QIANNIU_MATCHING_RUN_ATTEMPTS", 3)
MATCHING_RUN_REQUEUE_SECONDS = env_int("QIANNIU_MATCHING_REQUEUE_SECONDS", 600)
# The longest a worker executes a run: past it the run fails and its starter is told (the heartbeat would keep a
# stuck worker's run for ever).
MATCHING_RUN_MAX_SECONDS = env_int("QIANNIU_MATCHING_RUN_MAX_SECONDS", 1800)
MATCHING_CROSS_COUNTY_KM = env_int("QIANNIU_MATCHING_CROSS_COUNTY_KM", 0)
MATCHING_PHASE_PAUSE_MS = env_int("QIANNIU_MATCHING_PHASE_PAUSE_MS", 0)  # tests only: a slow run to kill mid-way

# Imports (transfer/leases.py). A job whose progress has not moved for IMPORT_STALE_SECONDS (its worker died, or
# its message was lost) is queued again by the periodic `imports_recover`; after IMPORT_ATTEMPTS takings of one
# step it fails with its reason. The longest pause between two moves of a 76,000-row roster is well under a minute.
IMPORT_STALE_SECONDS = env_int("QIANNIU_IMPORT_STALE_SECONDS", 600)
IMPORT_ATTEMPTS = env_int("QIANNIU_IMPORT_ATTEMPTS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Lists: django-htmx gives `request.htmx` (qianniu/htmx.py); django-filter's FilterSets filter the lists.
INSTALLED_APPS += ["django_htmx", "django_filters"]
MIDDLEWARE.insert(MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "django_htmx.middleware.HtmxMiddleware")

# Notifications (issue 15): the bell, reminders and the outbox. Providers default to the console, so the demo
# and the tests need no account; NOTIFY_SMS_PROVIDER=aliyun|tencent|file, NOTIFY_WECHAT_PROVIDER=wechat|file.
INSTALLED_APPS += ["notifications"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("notifications.context_processors.bell")
MIDDLEWARE.insert(MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "notifications.middleware.MarkReadMiddleware")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qianniu@localhost")
# With EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend: the relay. A 5xx refusal fails a message with
# the relay's reason; a 4xx one or a relay out of reach is tried again (notifications/providers/email.py).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds: a relay that hangs holds one sender thread no longer
NOTIFY_SMS_PROVIDER = env_str("NOTIFY_SMS_PROVIDER", "console")
NOTIFY_WECHAT_PROVIDER = env_str("NOTIFY_WECHAT_PROVIDER", "console")
NOTIFY_FILE_DIR = Path(env_str("NOTIFY_FILE_DIR", str(DATA_DIR / "messages")))
NOTIFY_SMS = {
    "endpoint": env_str("NOTIFY_SMS_ENDPOINT", ""),  # empty: the provider's public endpoint
    "access_key_id": env_str("NOTIFY_SMS_KEY_ID", ""),
    "access_key_secret": env_str("NOTIFY_SMS_KEY_SECRET", ""),
    "sign_name": env_str("NOTIFY_SMS_SIGN_NAME", "牵牛花"),
    "sdk_app_id": env_str("NOTIFY_SMS_SDK_APP_ID", ""),  # Tencent Cloud only
}
# The SMS template approved at the gateway for each kind of event (notifications/events.py; "digest" for several
# messages folded into one), "*" for the kinds not named: QIANNIU_SMS_TEMPLATES="task_offered=SMS_1,*=SMS_0".
NOTIFY_SMS_TEMPLATES = env_map("QIANNIU_SMS_TEMPLATES", {"*": env_str("NOTIFY_SMS_TEMPLATE", "SMS_QIANNIU_NOTICE")})
NOTIFY_WECHAT = {
    "endpoint": env_str("NOTIFY_WECHAT_ENDPOINT", ""),
    "appid": env_str("NOTIFY_WECHAT_APPID", ""),
    "secret": env_str("NOTIFY_WECHAT_SECRET", ""),
    # Binding a person's openid by web authorisation (网页授权): the page WeChat shows; empty: open.weixin.qq.com.
    # The code is traded at "endpoint" (empty: api.weixin.qq.com).
    "authorize_endpoint": env_str("NOTIFY_WECHAT_AUTHORIZE_ENDPOINT", ""),
}
# The subscription template of each kind of event whose fields notifications/providers/wechat.py fills
# (QIANNIU_WECHAT_TEMPLATES="task_offered=<id>,*=<id>"); "*": the notice with one field, the short text.
NOTIFY_WECHAT_TEMPLATES = env_map("QIANNIU_WECHAT_TEMPLATES", {"*": env_str("NOTIFY_WECHAT_TEMPLATE", "")})
NOTIFY_QUIET_HOURS = {"start": env_int("NOTIFY_QUIET_START", 22), "end": env_int("NOTIFY_QUIET_END", 7)}
NOTIFY_RATE_PER_SECOND = env_int("NOTIFY_RATE_PER_SECOND", 0)  # the SMS provider's limit; 0: none
NOTIFY_SEND_THREADS = env_int("NOTIFY_SEND_THREADS", 8)  # provider calls at once per sender
NOTIFY_RECEIPT_TOKEN = env_str("NOTIFY_RECEIPT_TOKEN", "")  # in the receipt URL given to the provider; empty: off
NOTIFY_SITE_URL = env_str("NOTIFY_SITE_URL", "http://127.0.0.1:8000")  # links in messages (the evaluation link)

# The REST API (api/, Django Ninja): personal access tokens, requests a minute per token; "ninja" serves the
# docs page's own scripts and styles from static files (no CDN; the CSP above allows them as 'self').
INSTALLED_APPS += ["ninja", "api"]
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 300)
