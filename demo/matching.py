"""A weekly matching run over the open needs."""

import datetime

from demo.accounts import role_phone
from dictionaries.models import Language, ServiceField, Skill
from people.models import Recipient, User, phone_index


class MatchingMixin:
    def build_matching(self):
        """Open needs of the coming week around the county seat, and one matching run over them, so the
        matching page has proposals to review (and a few needs it explains it cannot serve)."""
        from matching.execution import run_execute
        from matching.models import MatchRun
        from needs import services as needs

        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        fields = {f.code: f for f in ServiceField.objects.all()}
        skills = {s.code: s for s in Skill.objects.all()}
        mongolian = Language.objects.get(code="mn")
        monday = self.today + datetime.timedelta(days=7 - self.today.weekday())
        wishes = [
            ("spiritual_comfort", None, "老人独居，希望每周有人上门陪伴聊天", "weekly"),
            ("errands", None, "帮忙去镇上代购药品和日用品", "once"),
            ("life_care", "bathing", "行动不便，需要助浴", "once"),
            ("life_care", "haircut", "卧床老人需要上门理发", "once"),
            ("digital_skills", "smartphone", "想学用智能手机和子女视频", "once"),
            ("errands", "appliance_repair", "家里电饭锅坏了，需要上门维修", "once"),
            ("medical_aid", "medical", "慢性病老人需要上门测血压", "weekly"),
            ("errands", "driving", "需要有人开车送去旗医院复查", "once"),
            ("legal_aid", "legal", "赡养纠纷，需要法律咨询", "once"),
        ]
        in_seat = list(Recipient.objects.filter(region=self.seat).order_by("pk"))
        recipients = in_seat[31:67] or in_seat[:36]  # past those the needs list uses, when there are enough
        if not recipients:
            return
        for index, recipient in enumerate(recipients):
            field, skill, text, recurrence = wishes[index % len(wishes)]
            need = needs.need_create(
                source="home_visit",
                by=worker,
                data={
                    "recipient": recipient,
                    "region": recipient.region,
                    "address": recipient.address,
                    "description": text,
                    "service_field": fields[field],
                    "latitude": round(44.13 + self.random.uniform(-0.06, 0.06), 6),
                    "longitude": round(123.31 + self.random.uniform(-0.08, 0.08), 6),
                    "wanted_on": monday + datetime.timedelta(days=index % 7),
                    "wanted_part": ("", "am", "pm", "")[index % 4],
                    "recurrence": recurrence,
                    "language": mongolian if index % 4 == 1 else None,
                    "required_skills": [skills[skill]] if skill else [],
                    "max_distance_km": 20,
                },
            )
            needs.need_triage(need=need, by=worker, service_field=need.service_field, urgency="normal", crisis=False)
        # One no volunteer can serve: sign language and Mongolian within 2 km.
        need = needs.need_create(
            source="resident",
            by=worker,
            data={
                "recipient": recipients[0],
                "region": self.seat,
                "description": "听障老人想参加社区活动，需要懂手语、会蒙古语的志愿者陪同",
                "service_field": fields["social_participation"],
                "latitude": 44.13,
                "longitude": 123.31,
                "wanted_on": monday + datetime.timedelta(days=1),
                "wanted_part": "am",
                "language": mongolian,
                "required_skills": [skills["sign_language"]],
                "max_distance_km": 2,
            },
        )
        needs.need_triage(need=need, by=worker, service_field=need.service_field, urgency="urgent", crisis=False)
        # Started by the county admin, so volunteers from the whole county are candidates.
        admin = User.objects.get(phone_index=phone_index(role_phone(1)))
        run = MatchRun.objects.create(region=self.seat, starts_on=monday, weeks=2, created_by=admin)
        run_execute(run.pk)
