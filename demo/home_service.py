"""Home-service tasks done and credited (issue 12): hours of home visits on the volunteers' records."""

import datetime

from django.utils import timezone

from demo.accounts import role_phone
from dictionaries.models import ServiceField
from orgs.models import MembershipRole, MembershipStatus
from people.models import Recipient, User, phone_index


class HomeServiceMixin:
    def build_home_service(self):
        """Three home visits by the seat community's first team: one entered by the social worker for the member
        (credited, then evaluated and closed), one team task whose leader marked the member and a colleague who
        came along (both credited), and one ended on the member's phone today, waiting for the worker."""
        from needs import services as needs
        from needs.task_service import task_time_end, task_time_record, task_time_start
        from needs.task_time import ConfirmedHow, TaskTime

        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        leader = User.objects.get(phone_index=phone_index(role_phone(4)))
        member = User.objects.get(phone_index=phone_index(role_phone(5))).volunteer
        team = self.teams[0]
        colleague = (
            team.memberships.filter(role=MembershipRole.MEMBER, status=MembershipStatus.APPROVED)
            .exclude(volunteer=member)
            .order_by("pk")
            .first()
        )  # a small demo (the tests' 60 volunteers) may have none
        life_care = ServiceField.objects.get(code="life_care")
        recipients = list(Recipient.objects.filter(region=self.seat, user__isnull=True).order_by("-pk")[:3])

        def task(recipient, text, days_ago, for_team=False):
            need = needs.need_create(
                source="home_visit",
                by=worker,
                data={
                    "recipient": recipient,
                    "region": recipient.region,
                    "address": recipient.address,
                    "description": text,
                    "service_field": life_care,
                },
            )
            needs.need_triage(need=need, by=worker, service_field=life_care, urgency="normal", crisis=False)
            offered = needs.task_offer(
                need=need,
                by=worker,
                volunteer=None if for_team else member,
                team=team if for_team else None,
                what=text,
                on=self.today - datetime.timedelta(days=days_ago),
                place=recipient.address,
                contact="苏日娜 社工站 0475-3200000",
            )
            return need, needs.task_answer(task=offered, volunteer=member, accept=True)

        def at(days_ago, hour, minute=0):
            day = self.today - datetime.timedelta(days=days_ago)
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

        need, done = task(recipients[0], "上门陪伴聊天，帮忙打扫厨房", 3)
        task_time_record(
            task=done, volunteer=member, by=worker, started_at=at(3, 9), ended_at=at(3, 10, 30), how=ConfirmedHow.WORKER
        )
        needs.need_evaluate(
            need=need, by=worker, satisfaction=5, comment="很贴心", outcome="老人很开心", given_by=recipients[0].name
        )

        _need, together = task(recipients[1], "帮独居老人搬运冬储白菜", 1, for_team=True)
        came = [(member, at(1, 16))] + ([(colleague.volunteer, at(1, 15, 30))] if colleague else [])
        for volunteer, end in came:
            task_time_record(
                task=together,
                volunteer=volunteer,
                by=leader,
                started_at=at(1, 14),
                ended_at=end,
                how=ConfirmedHow.LEADER,
            )

        _need, today = task(recipients[2], "陪老人去社区卫生服务站测血压", 0)
        time = task_time_start(task=today, volunteer=member)
        TaskTime.objects.filter(pk=time.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=70))
        task_time_end(task=today, volunteer=member, note="血压正常")
