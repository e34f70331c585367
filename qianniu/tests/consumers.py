"""Real Huey consumers for tests: `manage.py run_huey` in other processes, reading the test's own queue on Redis
and opening the test's PostgreSQL database. One way for every test that needs them (notifications' crisis
queue, matching's consumers):

    @pytest.fixture
    def queue(transactional_db):
        with own_queue(redis_url(5)) as name:
            yield name

    @pytest.fixture
    def consumers(queue, tmp_path):
        with started_consumers(tmp_path, consumer_env(queue, redis_url(5), SOME_SETTING="1")) as start:
            yield start      # start(workers=2, periodic=False, wait=True, **more_env) -> Popen

Skipped on SQLite (another process cannot open the test's database) and without Redis."""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from huey.contrib.djhuey import HUEY

ROOT = Path(__file__).resolve().parents[2]
STARTED_WITHIN = 60  # seconds for a consumer to say it has started


def redis_url(db: int) -> str:
    """The Redis the test's queue lives in: QIANNIU_TEST_REDIS_URL, or the test's own db of the local Redis."""
    return os.environ.get("QIANNIU_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{db}")


@contextlib.contextmanager
def own_queue(redis: str):
    """The test's own queue on Redis, named uniquely: what the test queues goes there (HUEY's storage swapped for
    the test), where the consumers it starts read it; flushed at the end."""
    if connection.vendor != "postgresql":
        pytest.skip("consumers in other processes need a shared database: run with DATABASE_URL=postgres://…")
    from huey.storage import RedisStorage
    from redis.exceptions import ConnectionError as RedisDown

    name = f"qianniu-test-{uuid.uuid4().hex[:8]}"
    storage = RedisStorage(name=name, url=redis)
    try:
        storage.conn.ping()
    except RedisDown:
        pytest.skip(f"no Redis at {redis}")
    saved, HUEY.storage = HUEY.storage, storage
    try:
        yield name
    finally:
        HUEY.storage = saved
        storage.flush_all()


def consumer_env(queue: str, redis: str, **extra: str) -> dict:
    """The environment of a consumer of `queue`: the test's database, the queue's Redis, and `extra` settings."""
    config = connection.settings_dict
    user = f"{config['USER']}:{config['PASSWORD']}@" if config["PASSWORD"] else f"{config['USER']}@"
    return os.environ | {
        "DATABASE_URL": f"postgres://{user}{config['HOST']}:{config['PORT'] or 5432}/{config['NAME']}",
        "REDIS_URL": redis,
        "HUEY_NAME": queue,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def started_consumers(tmp_path: Path, env: dict):
    """Yields start(workers=1, periodic=False, wait=False, **more_env) -> Popen: a consumer with its log in
    tmp_path; `wait` returns once it says it has started (or fails with its log). Every consumer still alive
    is stopped at the end (terminated, killed after 10 s)."""
    started = []

    def start(*, workers: int = 1, periodic: bool = False, wait: bool = False, **more_env: str) -> subprocess.Popen:
        log_path = tmp_path / f"consumer-{len(started)}.log"
        log = open(log_path, "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", str(workers)]
            + ([] if periodic else ["--no-periodic"]),
            cwd=ROOT,
            env=env | more_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        if wait:
            deadline = time.monotonic() + STARTED_WITHIN
            while "consumer started" not in log_path.read_text().lower():
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, f"the consumer did not start within {STARTED_WITHIN} s"
                time.sleep(0.1)
        return process

    try:
        yield start
    finally:
        for process, log in started:
            _stop(process)
            log.close()
