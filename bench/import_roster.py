"""Import of a volunteer roster (.xlsx) with every check, against django-import-export (use_bulk) on the same
file and database; and kill -9 of the import worker half way.

    .venv/bin/python bench/import_roster.py                  # 2,000 rows, SQLite file in var/bench/
    .venv/bin/python bench/import_roster.py --rows 76000     # the full county
    .venv/bin/python bench/import_roster.py --rows 76000 --theirs-rows 0   # ours alone (--theirs-only: theirs)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qianniu_bench_import .venv/bin/python bench/import_roster.py
    REDIS_URL=redis://127.0.0.1:6379/4 .venv/bin/python bench/import_roster.py --kill   # kill -9 half way

django-import-export is not a dependency of Qianniu: the comparison runs only when it is found in
var/bench/iie, installed there alone:

    .venv/bin/pip install --no-deps --target var/bench/iie django-import-export==4.4.3 tablib==3.10.0 \\
        diff-match-patch==20241021

Its resource does the same checks as ours (ID number check digit, mobile number, region name in the tree,
volunteer kind, the ID number's blind index to find a registered person, the mobile number registered to
someone else) the way that library is used: a hook per row, each person's account saved as its row comes,
the volunteers written in bulk. It writes no consent row, which ours does: it is favoured, not handicapped.
"""

import argparse
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
IIE = ROOT / "var" / "bench" / "iie"


def roster(rows: int, offset: int = 0) -> bytes:
    from openpyxl import Workbook

    from people.idcard import check_char

    book = Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    sheet.append(["姓名", "性别", "证件号码", "手机号码", "所在地区", "志愿者类别", "居住地址", "专业技能"])
    kinds = ["党员", "青年", "退役军人", "老年", "居民"]
    places = ["保康镇团结社区", "保康镇新城社区", "宝龙山镇宝龙山嘎查"]
    for n in range(offset, offset + rows):
        born = f"{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}"
        place = "150521" if n < 1000 else f"16{n // 1000:02d}21"  # a birthplace code per thousand rows
        first17 = f"{place}{born}{n % 1000:03d}"
        number = first17 + check_char(first17)
        sheet.append([
            f"志愿者{n}", "男" if int(number[16]) % 2 else "女", number, f"13{n:09d}", places[n % 3], kinds[n % 5],
            f"团结路 {n} 号", "急救" if n % 4 == 0 else "",
        ])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def setup_database(args) -> None:
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / "import-roster.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qianniu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def place_and_importer():
    from people.models import Role, RoleGrant, User
    from regions.models import Level, Region
    from regions.services import region_create

    county = Region.objects.get(code="150521")
    places = (
        ("150521100000", "保康镇", [("150521100001", "团结社区"), ("150521100002", "新城社区")]),
        ("150521101000", "宝龙山镇", [("150521101001", "宝龙山嘎查")]),
    )
    for code, name, children in places:
        town = Region.objects.filter(code=code).first() or region_create(
            code=code, name=name, level=Level.TOWNSHIP, parent=county
        )
        for child_code, child_name in children:
            if not Region.objects.filter(code=child_code).exists():
                region_create(code=child_code, name=child_name, level=Level.COMMUNITY, parent=town)
    admin = User.objects.filter(name="导入基准管理员").first()
    if admin is None:
        admin = User.objects.create_user("19900000000", None, name="导入基准管理员")
        RoleGrant.objects.create(user=admin, role=Role.REGION_ADMIN, region=county)
    return county, admin


def clear_imported() -> None:
    from people.models import Consent, User, Volunteer

    volunteers = Volunteer.objects.filter(user__name__startswith="志愿者")
    Consent.objects.filter(volunteer__in=volunteers).delete()
    Volunteer.skills.through.objects.filter(volunteer__in=volunteers).delete()
    users = list(volunteers.values_list("user_id", flat=True))
    volunteers.delete()
    User.objects.filter(pk__in=users).delete()
    User.objects.filter(name__startswith="志愿者", volunteer__isnull=True).delete()  # left by a run cut short


def to_commit(job_id: int, admin) -> None:
    """The importer's decision, as `transfer.services.import_job_commit` records it (a new step: its lease released,
    or the commit finds the check's worker still holding the job and does nothing), without queueing the task."""
    from django.utils import timezone

    from transfer.models import ImportJob, Mode, Status

    ImportJob.objects.filter(pk=job_id, status=Status.CHECKED).update(
        status=Status.COMMITTING, mode=Mode.ALL_OR_NOTHING, committed_by=admin, done_rows=0, message="",
        lease_owner="", attempts=0, heartbeat_at=timezone.now(),
    )  # fmt: skip


def ours(content: bytes, county, admin) -> tuple[float, float, object]:
    from transfer.models import ImportJob, Status
    from transfer.run import job_check, job_commit

    job = ImportJob.objects.create(
        kind="volunteers", region=county, created_by=admin, filename="r.xlsx", content=content
    )
    started = time.perf_counter()
    job_check(job.pk)
    checked = time.perf_counter() - started
    to_commit(job.pk, admin)
    started = time.perf_counter()
    job_commit(job.pk)
    committed = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != Status.DONE:
        raise SystemExit(f"the import did not commit: {job.status}, {job.message}")
    return checked, committed, job


def theirs(content: bytes, county) -> tuple[float, object]:
    sys.path.insert(0, str(IIE))
    import tablib
    from django.utils import timezone
    from import_export import resources

    from people.idcard import normalize_mobile, parse_resident_id
    from people.models import User, Volunteer, id_index, name_search_fields, phone_index
    from transfer.kinds.common import RegionReader
    from transfer.kinds.volunteers import KINDS

    regions = RegionReader(county)
    numbers = iter(range(10**9))
    year = timezone.localdate().year

    class VolunteerResource(resources.ModelResource):
        class Meta:
            model = Volunteer
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            skip_unchanged = True
            import_id_fields = ("id_index",)
            fields = ("id_index", "id_number", "sex", "birth_date", "region", "address", "kind", "user",
                      "volunteer_number")  # fmt: skip

        def before_import_row(self, row, **kwargs):
            seen[0] += 1
            if seen[0] % 5000 == 0:  # a long run killed before its end still leaves its measured pace
                print(f"  django-import-export: row {seen[0]} at {time.perf_counter() - started:.1f} s", flush=True)
            resident = parse_resident_id(row["证件号码"])  # raises for a bad check digit or date
            phone = normalize_mobile(row["手机号码"])
            row["id_number"], row["id_index"] = resident.number, id_index("resident", resident.number)
            row["sex"], row["birth_date"] = resident.sex, resident.birth_date.isoformat()
            row["region"] = regions.read(row["所在地区"])
            row["kind"] = KINDS[row["志愿者类别"]]
            row["address"] = row["居住地址"]
            found = Volunteer.objects.filter(id_index=row["id_index"]).values_list("user_id", flat=True).first()
            owner = User.objects.filter(phone_index=phone_index(phone)).values_list("pk", flat=True).first()
            if owner is not None and owner != found:
                raise ValueError("mobile number registered to someone else")
            if found is None:
                user = User(name=row["姓名"], phone=phone, phone_index=phone_index(phone), phone_last4=phone[-4:],
                            **name_search_fields(row["姓名"]))  # fmt: skip
                user.set_unusable_password()
                user.save()
                row["user"] = user.pk
                row["volunteer_number"] = f"{regions.county_code(row['region'])}{year}{next(numbers):06d}"
            else:
                row["user"] = found

    loading = time.perf_counter()
    dataset = tablib.Dataset().load(content, format="xlsx")
    print(f"  django-import-export: the file read by tablib in {time.perf_counter() - loading:.1f} s (not timed)")
    seen = [0]
    started = time.perf_counter()
    result = VolunteerResource().import_data(dataset, dry_run=False, use_transactions=True)
    return time.perf_counter() - started, result


def kill_half_way(rows: int, county, admin, kill_after: float) -> None:
    """Start the commit in another process, kill -9 it half way, count the rows it left, run it again."""
    from django.core.cache import cache

    from people.models import Volunteer
    from transfer.models import ImportJob
    from transfer.run import job_check, progress_key

    job = ImportJob.objects.create(
        kind="volunteers", region=county, created_by=admin, filename="r.xlsx", content=roster(rows)
    )
    job_check(job.pk)
    to_commit(job.pk, admin)
    before = Volunteer.objects.count()
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "import_run", str(job.pk)], env=os.environ)
    # The commit's progress is in the cache, which another process sees only on Redis (REDIS_URL); without it
    # the worker is killed after --kill-after seconds.
    deadline = time.monotonic() + (600 if os.environ.get("REDIS_URL") else kill_after)
    while worker.poll() is None and time.monotonic() < deadline:
        done = cache.get(progress_key(job.pk))
        if done is not None and done >= rows * 3 // 4:  # the check is the first half: this is half the writing
            print(f"progress {done} of {rows} (the second half is the writing): kill -9")
            break
        time.sleep(0.05)
    if worker.poll() is not None:
        raise SystemExit(f"the worker ended by itself before it could be killed (exit {worker.returncode})")
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    left = Volunteer.objects.count() - before
    status = ImportJob.objects.get(pk=job.pk).status
    print(f"kill -9 of the worker: {left} volunteers of the import left, job status {status}")
    again = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_run", str(job.pk)], env=os.environ, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    print(f"run again: {again.stdout.strip()}; {Volunteer.objects.count() - before} volunteers imported")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--theirs-rows", type=int, help="rows for django-import-export (default: --rows; 0 skips)")
    parser.add_argument("--theirs-only", action="store_true", help="django-import-export alone, without ours")
    parser.add_argument("--kill", action="store_true", help="kill -9 the worker half way, then run again")
    parser.add_argument("--kill-after", type=float, default=5.0, help="seconds, when REDIS_URL is not set")
    args = parser.parse_args()
    setup_database(args)
    from django.db import connection

    county, admin = place_and_importer()
    clear_imported()
    content = roster(args.rows)
    print(f"database: {connection.vendor}; roster: {args.rows} rows, {len(content) / 1e6:.1f} MB")
    if args.kill:
        kill_half_way(args.rows, county, admin, args.kill_after)
        clear_imported()
        return
    if not args.theirs_only:
        checked, committed, job = ours(content, county, admin)
        print(f"qianniu: check {checked:.1f} s + commit {committed:.1f} s = {checked + committed:.1f} s; {job.message}")
        _c, again, job = ours(content, county, admin)
        print(f"qianniu, the same file again: {_c + again:.1f} s; {job.message}")
        clear_imported()
    if not IIE.exists():
        print("django-import-export not found in var/bench/iie: comparison skipped (see the docstring)")
        return
    rows = args.rows if args.theirs_rows is None else args.theirs_rows
    if not rows:
        return
    spent, result = theirs(content if rows == args.rows else roster(rows), county)
    totals = result.totals
    errors = len(result.error_rows)
    print(f"django-import-export (use_bulk), {rows} rows: {spent:.1f} s; new {totals['new']}, errors {errors}")
    if not args.theirs_only:
        print(f"ratio per row: {spent / rows / ((checked + committed) / args.rows):.1f}x")
    clear_imported()


if __name__ == "__main__":
    main()
