"""The demo county's names: its code, townships and communities, people's names, team themes, department
names; and the generators of names, birth dates, ID numbers and mobile numbers."""

import datetime

from orgs.models import Department
from people.idcard import check_char
from people.models import VolunteerKind

COUNTY_CODE = "150521"


TOWNSHIPS = [
    # name, communities (社区 in the county seat, 嘎查/村 elsewhere)
    ("保康镇", ["团结社区", "民主社区", "和平社区", "吉祥社区", "胜利社区", "新华社区"]),
    ("宝龙山镇", ["宝龙山嘎查", "东艾力嘎查", "西艾力嘎查"]),
    ("舍伯吐镇", ["舍伯吐嘎查", "五家子嘎查", "前进村"]),
    ("巴彦塔拉镇", ["巴彦塔拉社区", "哈日干吐嘎查", "腰林嘎查"]),
    ("门达镇", ["门达嘎查", "白音花嘎查"]),
    ("架玛吐镇", ["架玛吐嘎查", "宝力根嘎查"]),
    ("腰林毛都镇", ["腰林毛都嘎查", "乌兰嘎查"]),
    ("花吐古拉镇", ["花吐古拉嘎查", "新发村"]),
    ("代力吉镇", ["代力吉嘎查", "巴彦茫哈嘎查"]),
    ("希伯花镇", ["希伯花嘎查", "满斗嘎查"]),
    ("协代苏木", ["协代嘎查", "那仁嘎查"]),
    ("敖包苏木", ["敖包嘎查", "查干嘎查"]),
    ("胜利乡", ["胜利村", "永安村"]),
    ("花胡硕苏木", ["花胡硕嘎查", "哈拉乌苏嘎查"]),
    ("珠日河牧场", ["珠日河分场"]),
]


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩于董包白宝金韩"


GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰淑珍建国志红海燕"


MONGOLIAN_NAMES = [
    "巴特尔",
    "乌云其其格",
    "苏日娜",
    "阿拉坦",
    "额尔敦",
    "其木格",
    "朝鲁",
    "斯琴",
    "那仁",
    "萨仁",
    "图雅",
    "宝音",
    "哈斯",
    "格日勒",
    "敖其尔",
    "吉日嘎拉",
    "乌兰",
    "孟和",
    "都古尔",
    "阿迪雅",
]


TEAM_THEMES = [
    ("牵牛花", ["life_care", "spiritual_comfort", "emotional_counselling"]),
    ("红色先锋", ["theory_education", "sanitation"]),
    ("青春行", ["tutoring", "digital_skills", "culture"]),
    ("老兵服务", ["mediation", "social_participation"]),
    ("银龄互助", ["life_care", "digital_skills"]),
    ("乌兰牧骑文艺", ["culture", "spiritual_comfort"]),
    ("巾帼", ["legal_aid", "employment"]),
    ("健康守护", ["medical_aid", "rehabilitation"]),
    ("邻里帮办", ["errands", "life_care"]),
]


DEPARTMENT_NAMES = {
    Department.CIVIL_AFFAIRS: "民政局",
    Department.EDUCATION: "教育局",
    Department.HEALTH: "卫生健康委员会",
    Department.HUMAN_RESOURCES: "人力资源和社会保障局",
    Department.JUSTICE: "司法局",
    Department.DISABLED_FEDERATION: "残疾人联合会",
    Department.WOMEN_FEDERATION: "妇女联合会",
    Department.YOUTH_LEAGUE: "共青团旗委",
    Department.CULTURE_TOURISM: "文化旅游体育局",
    Department.MEDICAL_SECURITY: "医疗保障局",
    Department.HOUSING: "住房和城乡建设局",
    Department.EMERGENCY: "应急管理局",
}


KIND_AGES = {
    VolunteerKind.PARTY_MEMBER: (25, 65),
    VolunteerKind.YOUTH: (18, 35),
    VolunteerKind.VETERAN: (28, 70),
    VolunteerKind.ELDERLY: (60, 78),
    VolunteerKind.GENERAL: (18, 65),
}


class NamesMixin:
    def person_name(self) -> str:
        if self.random.random() < 0.35:
            surname = self.random.choice("包白宝韩吴")
            return surname + self.random.choice(MONGOLIAN_NAMES)
        given = "".join(self.random.choice(GIVEN) for _ in range(self.random.choice((1, 2))))
        return self.random.choice(SURNAMES) + given

    def birth_date(self, low: int, high: int) -> datetime.date:
        age_days = self.random.randint(low * 365 + 1, high * 365 - 1)
        return self.today - datetime.timedelta(days=age_days)

    def id_number(self, birth: datetime.date, sex: str) -> str:
        """A valid number, unique: the sequence counts people born the same day (odd for men)."""
        serial = self.id_serials.get(birth, 0)
        self.id_serials[birth] = serial + 1
        sequence = serial * 2 + (1 if sex == "M" else 0)
        first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{sequence:03d}"
        return first17 + check_char(first17)

    def mobile(self, index: int) -> str:
        prefix = ("150", "151", "152", "157", "158", "159", "182", "187", "188", "139")[index % 10]
        return f"{prefix}{(index * 7919 + 12345) % 10**8:08d}"
