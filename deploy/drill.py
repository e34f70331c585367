"""The deployment drill (deploy/drill): docs/deploy.md carried out on this machine, then checked over HTTP,
then backed up and restored into a new database and checked again. Exits non-zero on the first failure."""

import argparse
import re
import sys
import time

from deploy.smoke import Roles, SmokeFailure, check_in_and_out, demo_names, matching_run_through_huey, read_part
from deploy.stack import DeployError, Deployment, log, stop_on_signals


def verify_ledger(deployment: Deployment, database: str | None = None) -> dict[str, int]:
    """manage.py verify_ledger exits 0; returns the number of entries of each county."""
    _code, output, seconds = deployment.run("manage.py", "verify_ledger", database=database, timeout=300)
    counts = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\d{6}) .*?: (\d+) entries", output, re.M)}
    if not counts:
        raise SmokeFailure(f"verify_ledger named no county:\n{output}")
    log(f"  verify_ledger: exit 0 in {seconds:.1f} s, {counts}")
    return counts


def drill(volunteers: int, workers: int) -> None:
    started = time.monotonic()
    with Deployment(name="drill", workers=workers, volunteers=volunteers) as deployment:
        log(f"== install as docs/deploy.md says, into the new database {deployment.database}")
        deployment.install()
        names = demo_names(deployment.outputs["load_demo"])
        deployment.start()

        log("== smoke test over HTTP, as the TLS proxy forwards it")
        roles = Roles(deployment.port, names)
        roles.sign_in_all()
        before = verify_ledger(deployment)
        check_in_and_out(roles)
        matching_run_through_huey(roles)
        roles.close()
        counts = verify_ledger(deployment)
        if sum(counts.values()) != sum(before.values()) + 1:
            raise SmokeFailure(f"one check-out should add one ledger entry: {before} before, {counts} after")

        log("== backup (pg_dump) and restore into a new database")
        dump = deployment.directory / "qianniu.dump"
        pg = ("-h", "127.0.0.1", "-U", "postgres")
        deployment.run("pg_dump", *pg, "--format=custom", "--file", str(dump), deployment.database, timeout=300)
        deployment.stop()  # the original is gone; the copy is served by new processes
        copy = f"{deployment.database}_restored"
        deployment.create_database(copy)
        deployment.run("pg_restore", *pg, "--no-owner", "--exit-on-error", "--dbname", copy, str(dump), timeout=300)
        deployment.redis_flush()
        log(f"  restored {dump.stat().st_size // 1024} KiB into {copy}")
        deployment.start(database=copy)
        restored_roles = Roles(deployment.port, names)
        read_part(restored_roles)
        restored_roles.close()
        restored_counts = verify_ledger(deployment, copy)
        if restored_counts != counts:
            raise SmokeFailure(f"the copy's ledger differs: {restored_counts} against {counts}")
    log(f"== drill passed in {time.monotonic() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--volunteers", type=int, default=300, help="size of the demo county loaded")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    args = parser.parse_args()
    stop_on_signals()
    try:
        drill(args.volunteers, args.workers)
    except (DeployError, SmokeFailure) as error:
        log(f"== drill FAILED: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
