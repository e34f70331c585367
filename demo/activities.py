"""Activities, sign-ups, attendance and hours, training and the recognition shop."""

import datetime
from decimal import Decimal

from django.utils import timezone

from demo.accounts import role_phone
from orgs.models import MembershipRole, MembershipStatus
from people.models import User, phone_index


class ActivitiesMixin:
    def build_activities(self):
        """An activity under way now (its QR code works), a past one with recorded hours, one recruiting."""
        import uuid

        from activities import services as activities
        from activities.models import Activity, Signup, SignupStatus
        from ledger.models import LedgerEntry
        from ledger.services import correction_request

        team = self.teams[0]
        leader = team.memberships.get(role=MembershipRole.LEADER).volunteer.user
        members = [
            m.volunteer
            for m in team.memberships.filter(status=MembershipStatus.APPROVED)
            .select_related("volunteer__user")
            .order_by("pk")[:12]
        ]
        now = timezone.now()

        def activity(title, content, start, hours, quota=20):
            end = start + datetime.timedelta(hours=hours)
            return Activity.objects.create(
                title=title, content=content, organiser=team, lead=leader, region=self.seat,
                place="团结社区党群服务中心", starts_at=start, ends_at=end, quota=quota, status="published",
                latitude=Decimal("44.130000"), longitude=Decimal("123.310000"),  # the recruit page ranks by distance
            )  # fmt: skip

        past = activity(
            "重阳节敬老院包饺子", "陪伴老人包饺子、聊天、表演节目", now - datetime.timedelta(days=3, hours=3), 3
        )
        current = activity(
            "关爱独居老人上门探访",
            "两人一组上门探访高龄独居老人，陪伴聊天、检查水电安全",
            now - datetime.timedelta(hours=1),
            3,
        )
        activity("银龄数字课堂助教", "协助社工教老人使用智能手机视频通话", now + datetime.timedelta(days=2), 2, quota=6)
        # The past one: everyone attended; the leader marked them (several have no smartphone).
        for index, volunteer in enumerate(members):
            Signup.objects.create(activity=past, volunteer=volunteer, status=SignupStatus.APPROVED)
            start = past.starts_at + datetime.timedelta(minutes=10 * (index % 3))
            activities.attendance_mark(
                activity=past,
                volunteer=volunteer,
                by=leader,
                checked_in_at=start,
                checked_out_at=start + datetime.timedelta(hours=2, minutes=40),
            )
            activities.signup_create(activity=current, volunteer=volunteer)
        # Under way: some have checked in by QR code.
        for volunteer in members[:4]:
            activities.check_in(activity=current, volunteer=volunteer, key=uuid.uuid4())
        # Training by the community social worker, and the love supermarket.
        from ledger.models import Qualification, ShopItem, TrainingSession
        from ledger.services import training_record

        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        session = TrainingSession.objects.create(
            title="失智老人照护培训", content="认识失智症、沟通技巧、防走失", trainer=worker, organiser=self.agency,
            region=self.seat, on=self.today - datetime.timedelta(days=10), hours=3,
        )  # fmt: skip
        # the catalogue's entry, seeded by ledger's migration 0010
        session.qualifications.set(Qualification.objects.filter(name="失智照护"))
        training_record(session=session, volunteers=members[:8], by=worker)
        for name, points, stock in (
            ("食用油 1 桶", 10, 20),
            ("大米 5 公斤", 20, 15),
            ("理发券", 3, 50),
            ("毛巾", 2, 40),
        ):
            ShopItem.objects.create(region=self.seat, name=name, points=points, stock=stock)
        member = User.objects.get(phone_index=phone_index(role_phone(5))).volunteer
        entry = LedgerEntry.objects.filter(volunteer=member).first()
        if entry:
            correction_request(
                entry=entry, volunteer=member, hours=entry.hours + 1, reason="活动后帮忙收拾场地，多服务了1小时"
            )
