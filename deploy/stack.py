"""Deploy Qianniu on this machine the way docs/deploy.md says, and take it down again.

`Deployment` makes a fresh PostgreSQL database, generates the secrets, runs the documented manage.py steps
(migrate, collectstatic, check --deploy, load_demo), starts gunicorn and one Huey consumer on loopback
addresses, and stops every process it started and drops every database it made when the `with` block ends,
also on an exception, Ctrl-C or SIGTERM. deploy/drill and bench/checkin_load.py both start from here.
"""

import base64
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
POSTGRES = os.environ.get("DRILL_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/5")
HOST = "qianniu.example.gov.cn"  # the site's name as the proxy passes it on (ALLOWED_HOSTS)
PROXY_ADDRESS = "127.0.0.1"  # the TLS proxy that would stand in front: the one trusted address


class DeployError(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def key32() -> str:
    """A key as docs/deploy.md makes one: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_on_signals() -> None:
    """SIGTERM (from `timeout`, CI) unwinds like Ctrl-C, so every `finally` and `__exit__` runs."""

    def unwind(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, unwind)
    signal.signal(signal.SIGHUP, unwind)


class Deployment:
    """One production deployment on a loopback port. Use as a context manager."""

    def __init__(self, *, name: str = "drill", workers: int = 3, volunteers: int = 300, keep_logs: bool = False):
        self.database = f"qianniu_{name}_{os.getpid()}"
        self.workers = workers
        self.volunteers = volunteers
        self.keep_logs = keep_logs
        self.directory = Path(tempfile.mkdtemp(prefix=f"qianniu-{name}-"))
        self.databases: list[str] = []
        self.processes: dict[str, subprocess.Popen] = {}
        self.port = 0
        self.secrets = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": key32(),
            "LEDGER_HMAC_KEY": key32(),
        }

    # --- what docs/deploy.md sets ---------------------------------------------------------------------

    def database_url(self, database: str | None = None) -> str:
        return f"{POSTGRES}/{database or self.database}"

    def env(self, database: str | None = None) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QIANNIU_", "SECURE_"))}
        for name in ("DEBUG", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "TRUSTED_PROXIES"):
            env.pop(name, None)
        env.update(self.secrets)
        env.update(
            QIANNIU_PRODUCTION="1",
            DATABASE_URL=self.database_url(database),
            REDIS_URL=REDIS_URL,
            ALLOWED_HOSTS=HOST,
            TRUSTED_PROXIES=PROXY_ADDRESS,
            SECURE_PROXY_SSL_HEADER="1",
            QIANNIU_DATA_DIR=str(self.directory / "data"),
            PYTHONUNBUFFERED="1",
        )
        return env

    # --- steps --------------------------------------------------------------------------------------------

    def run(self, *args: str, timeout: int = 300, database: str | None = None, check: bool = True):
        """A command of the deployment, with its environment; its output goes to a log file."""
        name = Path(args[0]).name if args[0] != "manage.py" else args[1]
        logfile = self.directory / f"{name}.log"
        command = [str(BIN / "python"), *args] if args[0] == "manage.py" else list(args)
        started = time.monotonic()
        with open(logfile, "a") as output:
            result = subprocess.run(
                command,
                cwd=ROOT,
                env=self.env(database),
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        seconds = time.monotonic() - started
        if check and result.returncode != 0:
            raise DeployError(f"{' '.join(args)} exited {result.returncode}:\n{tail(logfile)}")
        return result.returncode, logfile.read_text(), seconds

    def create_database(self, database: str) -> None:
        self.databases.append(database)
        self.run("createdb", "-h", "127.0.0.1", "-U", "postgres", database, timeout=60)

    def install(self) -> dict:
        """docs/deploy.md's steps on a fresh database; returns the seconds each took."""
        self.redis_flush()
        self.create_database(self.database)
        timings, self.outputs = {}, {}
        for step in (
            ("manage.py", "migrate", "--noinput"),
            ("manage.py", "collectstatic", "--noinput"),
            ("manage.py", "check", "--deploy", "--fail-level", "WARNING"),
            ("manage.py", "load_demo", "--volunteers", str(self.volunteers), "--recipients", "150"),
        ):
            _code, self.outputs[step[1]], timings[step[1]] = self.run(*step, timeout=600)
            log(f"{' '.join(step[1:])}: {timings[step[1]]:.1f} s")
        return timings

    def start(self, database: str | None = None) -> None:
        """gunicorn (several workers) and one Huey consumer, as docs/deploy.md runs them."""
        self.port = free_port()
        self.access_log = self.directory / f"access-{self.port}.log"
        self.spawn(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "qianniu.wsgi:application",
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--access-logfile",
                str(self.access_log),
            ],
            database,
        )
        self.spawn("huey", ["nice", "-n", "10", str(BIN / "python"), "manage.py", "run_huey"], database)
        self.wait_until_ready()
        log(f"gunicorn ({self.workers} workers) on 127.0.0.1:{self.port} and a Huey consumer are up")

    def spawn(self, name: str, command: list[str], database: str | None) -> None:
        output = open(self.directory / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env(database),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopping it stops its workers too
        )
        output.close()

    def wait_until_ready(self, seconds: int = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise DeployError(f"{name} exited {process.returncode}:\n{tail(self.directory / f'{name}.log')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    connection.sendall(
                        f"GET /login/ HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-Proto: https\r\n"
                        "Connection: close\r\n\r\n".encode()
                    )
                    if connection.recv(64).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise DeployError(f"gunicorn did not answer within {seconds} s:\n{tail(self.directory / 'gunicorn.log')}")

    def stop(self) -> None:
        """Stop what start() started: SIGTERM to each process group, SIGKILL after 20 s."""
        for process in list(self.processes.values()):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in list(self.processes.items()):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop in 20 s: killed")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            del self.processes[name]

    def redis_flush(self) -> None:
        """The deployment's Redis database (Huey's queue, the cache) starts empty: new infrastructure."""
        parts = urllib.parse.urlsplit(REDIS_URL)
        number = parts.path.lstrip("/") or "0"
        self.run("redis-cli", "-h", parts.hostname, "-p", str(parts.port or 6379), "-n", number, "flushdb", timeout=30)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    # --- the context manager --------------------------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            for database in reversed(self.databases):
                subprocess.run(
                    ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", database],
                    timeout=60,
                    check=False,
                )
            try:
                self.redis_flush()
            except (DeployError, OSError, subprocess.SubprocessError) as error:
                print(f"could not empty Redis: {error}", file=sys.stderr)
            if self.keep_logs or exc[0] is not None:
                log(f"logs kept in {self.directory}")
            else:
                shutil.rmtree(self.directory, ignore_errors=True)
        return False


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
