"""What issue 15 must show after landing, on the demo: a task offered to the demo volunteer (13800000005) shows in
their bell on their home page and in the console backend's SMS output."""

import os
import re

from django.core.management import call_command
from django.utils import timezone

from needs import services as needs
from needs.models import Need
from notifications import outbox
from people.models import User


def test_a_task_offered_to_the_demo_volunteer_rings_their_bell_and_prints_the_sms(
    db, client, immediate_huey, django_capture_on_commit_callbacks, capsys
):
    call_command("load_demo", volunteers=50, recipients=20, stdout=open(os.devnull, "w"))  # noqa: SIM115
    volunteer = User.objects.get_by_natural_key("13800000005")
    worker = User.objects.get_by_natural_key("13800000002")
    client.force_login(volunteer)

    def bell() -> int:
        found = re.search(r'data-testid="bell-count">(\d+)<', client.get("/").content.decode())
        return int(found.group(1)) if found else 0

    while outbox.outbox_send_due()[0]:  # what the demo raised goes out first, as the queue's consumer sends it
        pass
    before = bell()
    capsys.readouterr()
    need = Need.objects.filter(status="triaged", region__name="团结社区").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        needs.task_offer(
            need=need,
            by=worker,
            volunteer=volunteer.volunteer,
            what="陪同就医",
            on=timezone.localdate(),
            place="团结社区卫生室",
            contact="社工苏日娜",
        )
    assert bell() == before + 1
    printed = capsys.readouterr().out
    assert re.search(r"\[sms\] to 138\*\*\*\*0005 \(task_offered\): .*陪同就医", printed), printed
