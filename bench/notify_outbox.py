"""The outbox through the real queue: a Huey consumer on Redis sends SMS through the Alibaba Cloud provider (its
signed HTTP API) to the local fake server of notifications/fakes.py, which enforces a rate limit.

1. crisis: a case is flagged as a crisis (casework.services.case_flag_crisis); the time until the fake provider
   has taken the alert for the area's supervisor (target: at most 60 s);
2. reminders: COUNT activity reminders raised at once (500 people per event, as the reminder job does per
   activity) and sent at the provider's rate limit: none twice, none lost; the response times (p50, p95) of the
   home page, the notification list and the notification settings (the Django test client, in a process of its
   own): 1,000 before, all the while from the first reminder raised until the last is taken, and 1,000 after;
3. outage: the provider down for OUTAGE seconds while OUTAGE_COUNT messages are raised, then back: each message
   delivered exactly once, and how long the queue took to drain once the provider was back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_bench_notify REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/notify_outbox.py                 # small: 1,000 reminders, 10 s outage
    ... bench/notify_outbox.py --full                          # 10,000 reminders, 10 min outage

The database is migrated if needed; each run adds its own people (random numbers) and leaves them.
"""

import argparse
import datetime
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def environment(fake_url: str, rate: int) -> dict:
    from notifications import fakes

    return {
        **os.environ,
        "HUEY_NAME": os.environ.get("HUEY_NAME", "qianniu-bench-notify"),
        "NOTIFY_SMS_PROVIDER": "aliyun",
        "NOTIFY_SMS_ENDPOINT": fake_url,
        "NOTIFY_SMS_KEY_ID": fakes.KEY_ID,
        "NOTIFY_SMS_KEY_SECRET": fakes.SECRET,
        "NOTIFY_RATE_PER_SECOND": str(rate),
        "NOTIFY_QUIET_START": "0",  # no quiet hours: the benchmark runs at any hour
        "NOTIFY_QUIET_END": "0",
        "LOG_LEVEL": "WARNING",
    }


def people(count: int, region) -> list[int]:
    """`count` accounts with mobile numbers, in bulk (the rows registration writes for an account)."""
    from people.models import User, phone_index

    rng = random.SystemRandom()
    phones = set()
    while len(phones) < count:
        phones.add(f"13{rng.randrange(10**9):09d}")
    users = [User(name="基准志愿者", phone=p, phone_index=phone_index(p), phone_last4=p[-4:]) for p in phones]
    User.objects.bulk_create(users, batch_size=1000)
    return list(User.objects.filter(phone_index__in=[u.phone_index for u in users]).values_list("pk", flat=True))


def wait_for(fake, ids: set[str], timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if ids <= set(fake.ids()):
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def message_ids(event_prefix: str) -> set[str]:
    from notifications.models import Message

    return {str(pk) for pk in Message.objects.filter(event_key__startswith=event_prefix).values_list("pk", flat=True)}


def warm_up(fake, county) -> None:
    """One message through the queue, so that the crisis is timed on a running consumer, not its start; and
    the URL configuration loaded, as in a web worker that has served a page (the first `reverse` imports every
    view: seconds on a loaded machine)."""
    from django.db import transaction
    from django.urls import reverse

    reverse("home")

    from notifications.services import notification_raise

    run = f"bench-warm-up-{time.time_ns()}"
    with transaction.atomic():
        notification_raise(kind="task_due", event_key=run, people=people(1, county), params={"what": "x", "place": "x"})
    if wait_for(fake, message_ids(run), 300) is None:
        sys.exit("the consumer did not send the first message within 5 minutes")


def crisis(fake, county) -> float | None:
    from casework.services import case_flag_crisis, case_open
    from people.models import Role, User
    from qianniu.tests import factories as f

    supervisor, worker = User.objects.filter(pk__in=people(2, county)).order_by("pk")
    f.grant(supervisor, Role.SUPERVISOR, region=county)
    f.grant(worker, Role.SOCIAL_WORKER, region=county)
    recipient = f.recipient(name="基准对象", region=county)
    case = case_open(recipient=recipient, by=worker, presenting_problem="基准")
    start = time.monotonic()
    case_flag_crisis(case=case, by=worker)  # its own transaction: the queue is asked on commit
    log(f"crisis flagged and committed in {time.monotonic() - start:.2f} s")
    from notifications.models import Message

    alert = {str(Message.objects.get(person=supervisor, kind="crisis").pk)}
    took = wait_for(fake, alert, 120)
    return None if took is None else time.monotonic() - start  # from the service call, commit included


PAGES = ("/", "/notifications/", "/notifications/preferences/")  # the bell on each, its list, the settings


def page_times(user_pk: int, count: int = 30, until=None) -> list[float]:
    """Milliseconds of each GET of PAGES in turn, signed in as the user `user_pk`: `count` of them, or, with
    `until` (an event), as many as fit before it is set (the sending goes on meanwhile)."""
    from django.db import connection
    from django.test import Client

    from people.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    for page in PAGES:  # a worker that has served pages: the first request of a process imports every view
        client.get(page)
    times = []
    try:
        while (until is None and len(times) < count) or (until is not None and not until.is_set()):
            start = time.perf_counter()
            client.get(PAGES[len(times) % len(PAGES)])
            times.append((time.perf_counter() - start) * 1000)
    finally:
        connection.close()
    return times


def _sample(user_pk: int, count: int, until, out) -> None:
    import django

    django.setup()
    out.put(page_times(user_pk, count, until))


def sampled(user_pk: int, count: int = 30, until=None):
    """page_times in a process of its own, as a web worker is: in this process the fake provider's threads would
    share the interpreter's lock with the pages and slow them by their own work, not by the sending's."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=_sample, args=(user_pk, count, until, out))
    process.start()
    return process, out


SAMPLE = 1_000  # pages timed before and after the sending: enough for a steady p95 (30 gave a noisy one)


def spread(times: list[float]) -> str:
    cut = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return (
        f"{len(times)} pages: p50 {statistics.median(times):.1f} ms, p95 {cut[18]:.1f} ms,"
        f" mean {statistics.fmean(times):.1f} ms"
    )


def reminders(fake, county, count: int) -> dict:
    from django.db import transaction

    from notifications.services import notification_raise

    *pks, viewer = people(count + 1, county)  # the viewer is told nothing: their pages change only with the load
    process, out = sampled(viewer, count=SAMPLE)
    before = out.get()
    process.join()
    sending = multiprocessing.get_context("spawn").Event()
    sampler, during = sampled(viewer, until=sending)  # from the first reminder raised until the last is taken
    run = f"bench-reminder-{time.time_ns()}"
    start = time.monotonic()
    for n in range(0, len(pks), 500):
        with transaction.atomic():
            notification_raise(
                kind="activity_tomorrow",
                event_key=f"{run}:{n}",
                people=pks[n : n + 500],
                params={"activity": "敬老院包饺子", "place": "团结社区", "time": "09:00"},
            )
    raised = time.monotonic() - start
    ids = message_ids(run)
    took = wait_for(fake, ids, timeout=count / 5 + 120)
    sending.set()
    during = during.get()
    sampler.join()
    process, out = sampled(viewer, count=SAMPLE)  # the queue empty again: the same pages, the same process kind
    after = out.get()
    process.join()
    counts = fake.ids()
    return {
        "count": len(ids),
        "raised_s": raised,
        "sent_s": took,
        "twice": sum(1 for i in ids if counts[i] > 1),
        "lost": sum(1 for i in ids if counts[i] == 0),
        "throttled": fake.refused["throttled"],
        "pages_before": spread(before),
        "pages_while_sending": spread(during),
        "pages_after": spread(after),
    }


def outage(fake, county, count: int, seconds: float) -> dict:
    from django.db import transaction

    from notifications.services import notification_raise

    pks = people(count, county)
    run = f"bench-outage-{time.time_ns()}"
    fake.down = True
    with transaction.atomic():
        notification_raise(kind="task_due", event_key=run, people=pks, params={"what": "上门", "place": "x"})
    ids = message_ids(run)
    time.sleep(seconds)
    refused = fake.refused["down"]
    fake.down = False
    took = wait_for(fake, ids, timeout=2400)
    counts = fake.ids()
    return {
        "count": len(ids),
        "refused_while_down": refused,
        "drained_s": took,
        "twice": sum(1 for i in ids if counts[i] > 1),
        "lost": sum(1 for i in ids if counts[i] == 0),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="10,000 reminders and a 10-minute outage")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=100, help="the fake provider's limit, messages a second")
    parser.add_argument("--outage", type=float, default=10, help="seconds the provider is down")
    parser.add_argument("--outage-count", type=int, default=200)
    args = parser.parse_args()
    if args.full:
        args.count, args.outage = 10_000, 600
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL (the real queue runs on Redis), e.g. redis://127.0.0.1:6379/6")

    from notifications import fakes

    with fakes.FakeProviders(rate_per_second=args.rate) as fake:
        env = environment(fake.url, args.rate)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from huey.contrib.djhuey import HUEY

        HUEY.flush()
        from regions.models import Region

        county = Region.objects.get(code="150521")
        consumer = subprocess.Popen(  # at a lower CPU priority than the pages, as docs/deploy.md runs it
            ["nice", "-n", "10", sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", "2"]
            + ["--worker-type", "thread"],
            env=env,
            cwd=ROOT,
        )
        try:
            log("waiting for the consumer to take a first message …")
            warm_up(fake, county)
            log("crisis alert …")
            latency = crisis(fake, county)
            log(f"crisis alert at the provider after {latency:.2f} s" if latency else "crisis alert NOT delivered")
            log(f"{args.count} reminders at {args.rate}/s …")
            result = reminders(fake, county, args.count)
            log(f"reminders: {result}")
            log(f"outage of {args.outage} s with {args.outage_count} messages …")
            down = outage(fake, county, args.outage_count, args.outage)
            log(f"outage: {down}")
        finally:
            consumer.terminate()
            consumer.wait(timeout=30)
    print(f"started {datetime.datetime.now():%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
