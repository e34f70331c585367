import datetime

from django.urls import reverse

from ledger.models import TrainingSession
from qianniu.tests.pages import walk

ROW = r'href="/training/(\d+)/"'


def test_the_training_list_pages_through_every_session_latest_first(world, login):
    start = datetime.date(2025, 1, 1)
    TrainingSession.objects.bulk_create(
        TrainingSession(title=f"培训{n}", content="x", trainer=world.social_worker, organiser=world.team,
                        region=world.community, on=start + datetime.timedelta(days=(n * 37) % 211), hours=2)
        for n in range(230)
    )  # fmt: skip
    ids, totals, _ = walk(login(world.social_worker), reverse("ledger:training_list"), ROW)
    assert len(set(ids)) == len(ids) == 230  # 200 before
    assert any("230" in total for total in totals)
    on = dict(TrainingSession.objects.values_list("pk", "on"))
    shown = [on[int(pk)] for pk in ids]
    assert shown == sorted(shown, reverse=True)
    assert walk(login(world.outsider), reverse("ledger:training_list"), ROW)[0] == []
