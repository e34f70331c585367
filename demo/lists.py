"""Projects, resources, needs in every state and dispatches to departments."""

import datetime

from django.utils import timezone

from demo.accounts import role_phone
from dictionaries.models import ServiceField, TargetGroup
from orgs.models import Department, Organisation
from people.models import Recipient, User, phone_index
from regions.models import Region


class ListsMixin:
    def build_lists(self):
        """Projects, resources and needs in every state, including overdue and crisis ones."""
        from dispatch.models import Dispatch
        from dispatch.services import dispatch_accept, dispatch_complete, need_dispatch
        from needs import services as needs
        from needs.models import Need
        from projects.models import Project, ServiceItem, Target
        from resources.models import Resource

        fields = {f.code: f for f in ServiceField.objects.all()}
        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        liaison = User.objects.get(phone_index=phone_index(role_phone(6)))
        today = self.today
        start, end = today.replace(month=1, day=1), today.replace(month=12, day=31)
        groups = {g.code: g for g in TargetGroup.objects.all()}

        def project(name, method, region, items, targets, groups_, **extra):
            p = Project.objects.create(
                name=name,
                method=method,
                region=region,
                owner=self.agency,
                lead=worker,
                starts_on=start,
                ends_on=end,
                **extra,
            )
            p.target_groups.set([groups[g] for g in groups_])
            made = [
                ServiceItem.objects.create(project=p, name=n, service_field=fields[f], description=d)
                for n, f, d in items
            ]
            for label, count, index in targets:
                Target.objects.create(project=p, label=label, count=count, service_item=made[index])
            return made

        qianniu_items = project(
            "牵牛花全龄志愿服务",
            "community",
            self.county,
            [
                ("上门生活照料", "life_care", "助餐、助洁、代购"),
                ("精神慰藉陪伴", "spiritual_comfort", "定期探访聊天"),
                ("情绪疏导", "emotional_counselling", "社工一对一疏导"),
                ("危机干预", "crisis_intervention", "24小时响应"),
            ],
            [("上门照料服务人数", 200, 0), ("陪伴探访人数", 120, 1)],
            ["elderly", "child", "in_difficulty"],
            target_people=320,
            target_hours=2400,
            target_evaluations=200,
            government_purchase=True,
            contract_number="KZZQ-MZ-2026-018",
            contract_amount=480000,
            description="依托社工站阵地，由通辽社会工作协会运营，围绕“一老一小一困”提供沉浸式服务。",
        )
        warm_items = project(
            "暖阳相伴",
            "casework",
            self.seat,
            [("高龄独居老人个性化照护", "life_care", "个案工作")],
            [("个案服务人数", 30, 0)],
            ["elderly"],
            target_people=30,
            target_hours=360,
            target_evaluations=30,
        )
        project(
            "银龄数字课堂",
            "group",
            self.seat,
            [("智能手机课", "digital_skills", "每周二上午，社工任技术导师")],
            [("结业老人", 50, 0)],
            ["elderly"],
            target_people=50,
            target_hours=160,
            target_evaluations=50,
        )
        jinchuan = Region.objects.get(code="620302001001")
        jinchuan_agency = Organisation.objects.get(name="幸福家社工服务中心")
        jinchuan_worker = User.objects.get(phone_index=phone_index("13800019001"))
        chase = Project.objects.create(
            name="追光计划",
            method="group",
            region=jinchuan,
            owner=jinchuan_agency,
            lead=jinchuan_worker,
            starts_on=start,
            ends_on=end,
            target_people=164,
            target_hours=1200,
            target_evaluations=100,
        )
        for name, count in (("集中托养", 26), ("居家托养", 138)):
            Target.objects.create(
                project=chase,
                label=f"{name}人数",
                count=count,
                service_item=ServiceItem.objects.create(
                    project=chase, name=name, service_field=fields["rehabilitation"]
                ),
            )

        hospital = Organisation.objects.get(name="科左中旗人民医院")
        power = Organisation.objects.get(name="保康镇供电所")
        for provider, kind, name, field, capacity, unit, area in (
            (hospital, "clinic", "每月社区义诊", "medical_aid", 40, "人次", self.county),
            (power, "haircut", "爱心义剪", "life_care", 20, "次", self.seat.parent),
            (power, "repair", "家电义务维修", "errands", 15, "户", self.seat.parent),
            (self.departments[Department.JUSTICE], "legal", "法律援助咨询", "legal_aid", 10, "件", self.county),
        ):
            Resource.objects.create(
                provider=provider,
                kind=kind,
                name=name,
                service_field=fields[field],
                capacity=capacity,
                unit=unit,
                area=area,
                valid_from=start,
                valid_until=end,
                contact_name="联系人",
                contact_phone="0475-32000" + str(len(name)),
            )
        Resource.objects.create(
            provider=Organisation.objects.get(name="团结社区党委"),
            kind="venue",
            name="康复室",
            description="党群服务中心二楼，工作日开放",
            area=self.seat,
            capacity=None,
            valid_from=start,
        )

        recipients = list(Recipient.objects.filter(region=self.seat).order_by("pk")[:31])
        member = User.objects.get(phone_index=phone_index(role_phone(5))).volunteer
        stories = [
            ("life_care", "独居老人需要每周助餐送餐", "normal"),
            ("spiritual_comfort", "老人子女在外，希望有人陪伴聊天", "normal"),
            ("emotional_counselling", "留守儿童近期情绪低落，不愿上学", "urgent"),
            ("errands", "帮忙代办高龄津贴申领", "normal"),
            ("medical_aid", "慢性病老人需要定期测血压", "normal"),
            ("legal_aid", "邻里宅基地纠纷，需要法律咨询", "low"),
            ("digital_skills", "想学用智能手机视频通话", "low"),
            ("sanitation", "楼道堆物需要清理", "low"),
            ("mediation", "楼上漏水引发邻里矛盾", "urgent"),
            ("life_care", "行动不便，需要助浴", "normal"),
        ]
        made = []
        ordinary = recipients[:-1]  # the last one has the crisis
        for index, recipient in enumerate(ordinary):
            field, text, urgency = stories[index % len(stories)]
            need = needs.need_create(
                source=("home_visit", "resident", "referral", "grid")[index % 4],
                by=worker,
                data={
                    "recipient": recipient,
                    "region": recipient.region,
                    "address": recipient.address,
                    "description": text,
                    "urgency": urgency,
                    "service_field": fields[field],
                },
            )
            made.append(need)
        # A crisis found two hours ago, still unanswered.
        crisis = needs.need_create(
            source="grid",
            by=worker,
            data={
                "recipient": recipients[-1],
                "region": self.seat,
                "description": "网格员报告：独居老人多日未出门，电话无人接听",
                "crisis": True,
                "service_field": fields["crisis_intervention"],
            },
        )
        made.append(crisis)

        def age(need, hours):
            Need.objects.filter(pk=need.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours))
            need.refresh_from_db()
            need.response_due_at = needs.response_due(start=need.created_at, urgency=need.urgency, crisis=need.crisis)
            need.save(update_fields=["response_due_at"])

        age(crisis, 3)
        for need in made[:3]:
            age(need, 100)  # overdue, never triaged
        for index, need in enumerate(made[3 : len(ordinary)], start=3):
            needs.need_triage(
                need=need, by=worker, service_field=need.service_field, urgency=need.urgency, crisis=False
            )
            stage = index % 6
            if stage == 0:
                continue  # triaged, waiting for an answer
            if stage == 1:
                needs.task_offer(
                    need=need,
                    by=worker,
                    volunteer=member,
                    what=need.description,
                    on=today + datetime.timedelta(days=2),
                    place=need.address,
                    contact="苏日娜 社工站 0475-3200000",
                )
            elif stage == 2:
                dispatch = need_dispatch(
                    need=need,
                    by=worker,
                    department=self.departments[Department.CIVIL_AFFAIRS],
                    deadline=timezone.now() + datetime.timedelta(days=3),
                    instructions="请核实并协助办理",
                )
                if index % 4 == 0:
                    Dispatch.objects.filter(pk=dispatch.pk).update(
                        deadline=timezone.now() - datetime.timedelta(hours=5)
                    )
                else:
                    dispatch_accept(dispatch=dispatch, by=liaison)
            elif stage in (3, 4):
                item = (warm_items + qianniu_items)[index % 3]
                needs.need_match_service_item(need=need, by=worker, item=item)
                needs.need_mark_served(need=need, by=worker)
                if stage == 4:
                    needs.need_evaluate(
                        need=need,
                        by=worker,
                        satisfaction=4 + index % 2,
                        comment="服务很贴心",
                        outcome="需求已解决",
                        given_by=need.recipient.name,
                    )
            else:
                dispatch = need_dispatch(
                    need=need,
                    by=worker,
                    department=self.departments[Department.CIVIL_AFFAIRS],
                    deadline=timezone.now() + datetime.timedelta(days=2),
                )
                dispatch_complete(dispatch=dispatch, by=liaison, result="已办结")
        needs.need_withdraw(need=made[len(ordinary) - 1], by=worker, reason="服务对象已随子女迁居外地")
        needs.escalate_overdue()
