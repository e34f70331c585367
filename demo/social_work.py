"""Cases, groups and disputes of the social workers."""

import datetime

from demo.accounts import role_phone
from people.models import Recipient, User, phone_index


class SocialWorkMixin:
    def build_casework(self):
        """Two cases of the community social worker: one whose plan waits for the supervisor, one crisis."""
        from casework import barthel
        from casework import services as casework

        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        people = list(Recipient.objects.filter(region=self.seat, groups__code="elderly").order_by("pk")[:2])
        if len(people) < 2:
            return
        case = casework.case_open(
            recipient=people[0], by=worker, presenting_problem="高龄独居，子女在外地，近来少言寡语"
        )
        casework.case_agree(case=case, by=worker, signed_on=self.today - datetime.timedelta(days=7))
        answers = {item: max(scores) for item, scores in barthel.ITEMS.items()} | {"bathing": 0, "stairs": 5}
        casework.case_assess(case=case, by=worker, barthel_answers=answers, risks={"isolation": True})
        casework.case_note_add(
            case=case,
            by=worker,
            contact_type="home_visit",
            minutes=50,
            content="上门探访，陪老人整理药盒，约定每周二再来",
        )
        casework.case_submit_plan(case=case, by=worker, goals=["每周两次上门探访", "每月参加一次社区曲艺队活动"])
        casework.case_open(
            recipient=people[1], by=worker, presenting_problem="网格员报告：多日未出门，电话无人接听", crisis=True
        )

        from groupwork import services as groupwork
        from mediation import services as mediation

        group = groupwork.group_create(
            name="银龄数字课堂", region=self.seat, goals="学会用智能手机视频通话、识别诈骗电话", by=worker
        )
        elders = list(Recipient.objects.filter(region=self.seat, groups__code="elderly").order_by("pk")[2:8])
        members = [groupwork.member_add(group=group, by=worker, recipient=elder) for elder in elders]
        if members:
            groupwork.group_advance(group=group, by=worker)
            groupwork.session_record(
                group=group,
                by=worker,
                on=self.today - datetime.timedelta(days=7),
                plan="认识手机：开关机、音量、接电话",
                notes="老人们互相帮助，气氛很好",
                present=members[:-1],
            )
        mediation.dispute_record(
            kind="neighbour",
            region=self.seat,
            description="楼上卫生间漏水到楼下，两家多次争吵",
            reported_by="网格员",
            parties=[("王大爷", "楼下住户"), ("李女士", "楼上住户")],
            by=worker,
        )
