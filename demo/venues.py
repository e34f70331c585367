"""龙广里's 党群服务中心: its function rooms shared by the community's 18 teams (物理空间共享), the weekly bookings
of its groups (银龄数字课堂, 曲艺队), and a week of use checked in at the rooms' doors."""

import datetime

from django.utils import timezone

from orgs.models import Kind, Organisation
from people.models import Recipient, User, phone_index
from regions.models import Region

# The 18 teams that 龙广里 gives an operating space in its centre (the first three exist already).
TEAMS = [
    "幸福家社工服务中心", "龙广益家志愿服务队", "李大姐说事团", "龙广里党员先锋队", "青春志愿服务队", "老兵志愿服务队",
    "银发互助队", "巾帼志愿服务队", "曲艺队", "书画社", "健康义诊队", "法律援助服务队", "平安巡逻队",
    "环境美化队", "助残服务队", "四点半课堂志愿队", "心理疏导服务队", "邻里互助队",
]  # fmt: skip

WORKDAYS = {weekday: (datetime.time(8, 30), datetime.time(17, 30)) for weekday in range(5)}
EVERY_DAY = {weekday: (datetime.time(8, 30), datetime.time(20, 30)) for weekday in range(7)}

# name, function, capacity, equipment, step-free, needs approval, hours, teams based there (indexes in TEAMS)
ROOMS = [
    ("康复室", "rehab", 10, "康复训练器械、理疗床", True, True, WORKDAYS, [14]),
    ("日间照料室", "day_care", 24, "午休床、餐桌、电视", True, False, WORKDAYS, [0, 6]),
    ("书画室", "arts", 20, "书画桌、笔墨纸砚", True, False, EVERY_DAY, [9]),
    ("多功能活动室", "activity", 60, "音响、投影仪、舞台", True, False, EVERY_DAY, [1, 4, 5, 7, 8]),
    ("议事厅", "meeting", 30, "会议桌、话筒", True, True, WORKDAYS, [2, 3, 11, 12]),
    ("阅览室", "reading", 16, "图书、电脑", False, False, EVERY_DAY, [15]),
    ("心理咨询室", "counselling", 4, "沙盘、放松椅", True, True, WORKDAYS, [16]),
    ("志愿者之家", "team", 12, "储物柜、办公桌", True, False, EVERY_DAY, [10, 13, 17]),
]


class VenuesMixin:
    def build_venues(self):
        from groupwork import services as groupwork
        from venues import places, services
        from venues.models import Booking, Room, RoomUse, Venue

        community = Region.objects.get(code="620302001001")
        worker = User.objects.get(phone_index=phone_index("13800019001"))  # 马晓燕 (demo.second_county)
        teams = []
        for name in TEAMS:
            kind = Kind.AGENCY if name.endswith("中心") else Kind.TEAM
            team, _ = Organisation.objects.get_or_create(name=name, region=community, defaults={"kind": kind})
            teams.append(team)
        centre = Venue.objects.create(
            name="龙广里党群服务中心", region=community, address="金川区龙广里社区综合楼",
            description="物理空间共享、服务资源共融：18支队伍在这里有自己的阵地，功能室向居民开放。",
        )  # fmt: skip
        rooms = {}
        for name, function, capacity, equipment, step_free, approval, hours, homes in ROOMS:
            room = Room(
                venue=centre, name=name, function=function, capacity=capacity, equipment=equipment,
                step_free=step_free, needs_approval=approval, accessibility="无障碍坡道、扶手" if step_free else "",
            )  # fmt: skip
            rooms[name] = places.room_save(room=room, by=worker, teams=[teams[i] for i in homes], hours=hours)

        # The groups meet every week for eight weeks, from last week on.
        monday = self.today - datetime.timedelta(days=self.today.weekday() + 7)
        plans = [
            ("银龄数字课堂", "学会用智能手机视频通话、识别诈骗电话", "书画室", {2}, (9, 0), (10, 30), teams[0]),
            ("曲艺队", "排练快板、秦腔，参加社区文艺汇演", "多功能活动室", {1, 3}, (15, 0), (17, 0), teams[8]),
        ]
        # Each group is formed with 张桂兰 (demo.second_county) and plans its sessions as one weekly series of its
        # room: one session per meeting, each with its booking, counted for the team that runs it.
        elder = Recipient.objects.get(region=community, name="张桂兰")
        for name, goals, room, weekdays, start, end, team in plans:
            group = groupwork.group_create(name=name, region=community, goals=goals, by=worker)
            groupwork.member_add(group=group, by=worker, recipient=elder)
            groupwork.group_advance(group=group, by=worker)
            groupwork.sessions_plan(
                group=group, by=worker, room=rooms[room], first_day=monday, starts=datetime.time(*start),
                ends=datetime.time(*end), weekdays=weekdays, weeks=8, plan=goals, team=team, past_allowed=True,
            )  # fmt: skip
        # A week of use: the teams' own bookings of last week, checked in at the door (one was not used).
        for offset, (room, team, hours, came) in enumerate(
            [
                ("日间照料室", 0, (9, 11), 18),
                ("康复室", 14, (14, 16), 6),
                ("议事厅", 2, (9, 10), 12),
                ("阅览室", 15, (16, 18), 9),
                ("心理咨询室", 16, (10, 11), None),
            ]  # fmt: skip
        ):
            day = monday + datetime.timedelta(days=offset)
            at = lambda hour, day=day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))  # noqa: E731
            booking = services.booking_create(
                room=rooms[room], starts_at=at(hours[0]), ends_at=at(hours[1]), by=worker, title=f"{TEAMS[team]}活动",
                team=teams[team], expected=came or 2, past_allowed=True,
            )  # fmt: skip
            if booking.status == "pending":
                booking = services.booking_approve(booking=booking, by=self.demo_outsider())
            if came:
                RoomUse.objects.create(booking=booking, checked_in_at=booking.starts_at, by=worker, headcount=came)
        for booking in Booking.objects.filter(
            room__venue=centre, ends_at__lt=timezone.now(), title__in=["银龄数字课堂", "曲艺队"]
        ):
            RoomUse.objects.create(booking=booking, checked_in_at=booking.starts_at, by=worker, headcount=14)

    def demo_outsider(self):
        """金川区's admin (demo.second_county), who decides the centre's bookings that need approval."""
        from people.models import Role, RoleGrant

        return RoleGrant.objects.filter(role=Role.REGION_ADMIN, region__code="620302").first().user
