"""Gunicorn's settings for Qianniu behind a TLS-terminating proxy on the same machine (docs/deploy.md).

    .venv/bin/gunicorn qianniu.wsgi:application --config deploy/gunicorn.conf.py --bind 127.0.0.1:8000 --workers 3

Bind to the loopback address only: the proxy is the one client, and it is what makes X-Forwarded-Proto and
X-Forwarded-For trustworthy (SECURE_PROXY_SSL_HEADER, TRUSTED_PROXIES).
"""

wsgi_app = "qianniu.wsgi:application"
bind = "127.0.0.1:8000"
workers = 3  # synchronous workers; about two per core, each holds one database connection
timeout = 30  # a request still running after 30 s is killed and its worker replaced
graceful_timeout = 20
keepalive = 5
forwarded_allow_ips = "127.0.0.1,::1"  # the proxy's address: only it may say the request came over HTTPS
accesslog = "-"
# The last field is the time the request took in the worker, in microseconds (bench/ and deploy/ read it).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s "%(a)s" %(D)s'
