"""The starting dictionaries, from the seeds' service fields and common practice. Editable in the admin."""

from django.db import migrations

SERVICE_FIELDS = [
    ("life_care", "生活照料", "Life care"),
    ("spiritual_comfort", "精神慰藉", "Spiritual comfort"),
    ("emotional_counselling", "情绪疏导", "Emotional counselling"),
    ("crisis_intervention", "危机干预", "Crisis intervention"),
    ("social_participation", "社会参与", "Social participation"),
    ("theory_education", "理论宣讲", "Theory education"),
    ("culture", "文化惠民", "Culture for all"),
    ("sanitation", "卫生整治", "Sanitation"),
    ("mediation", "矛盾调解", "Dispute mediation"),
    ("medical_aid", "医疗救助", "Medical aid"),
    ("legal_aid", "法律援助", "Legal aid"),
    ("digital_skills", "数字技能", "Digital skills"),
    ("errands", "帮办代办", "Errands"),
    ("rehabilitation", "康复护理", "Rehabilitation"),
    ("tutoring", "课业辅导", "Tutoring"),
    ("employment", "就业支持", "Employment support"),
]
SKILLS = [
    ("haircut", "理发", "Haircut"),
    ("appliance_repair", "家电维修", "Appliance repair"),
    ("medical", "医疗护理", "Medical care"),
    ("legal", "法律咨询", "Legal advice"),
    ("psychology", "心理咨询", "Psychological counselling"),
    ("teaching", "教学辅导", "Teaching"),
    ("smartphone", "智能手机辅导", "Smartphone coaching"),
    ("cooking", "烹饪", "Cooking"),
    ("bathing", "助浴助洁", "Bathing and cleaning help"),
    ("driving", "驾驶", "Driving"),
    ("performing", "文艺表演", "Performing arts"),
    ("calligraphy", "书画", "Calligraphy and painting"),
    ("sign_language", "手语", "Sign language"),
    ("first_aid", "急救", "First aid"),
    ("mediation", "调解", "Mediation"),
]
LANGUAGES = [
    ("zh", "汉语", "Chinese"),
    ("mn", "蒙古语", "Mongolian"),
    ("bo", "藏语", "Tibetan"),
    ("ug", "维吾尔语", "Uyghur"),
    ("ii", "彝语", "Yi"),
    ("ko", "朝鲜语", "Korean"),
    ("za", "壮语", "Zhuang"),
    ("csl", "中国手语", "Chinese Sign Language"),
    ("en", "英语", "English"),
]
GROUPS = [
    ("elderly", "老年人", "Elderly"),
    ("child", "儿童", "Children"),
    ("in_difficulty", "困难群众", "People in difficulty"),
    ("disabled", "残疾人", "Disabled people"),
    ("woman", "妇女", "Women"),
    ("youth", "青少年", "Youth"),
]
TAGS = [
    ("living_alone_80", "高龄独居", "Over 80 and living alone", "elderly", False),
    ("empty_nest", "空巢老人", "Empty-nest elderly", "elderly", False),
    ("dementia", "失智", "Dementia", "elderly", True),
    ("bedridden", "失能卧床", "Bedridden", "elderly", True),
    ("dibao", "低保", "Minimum living allowance", "in_difficulty", True),
    ("tekun", "特困", "Extreme poverty support", "in_difficulty", True),
    ("left_behind_child", "留守儿童", "Left-behind child", "child", True),
    ("orphan", "孤儿", "Orphan", "child", True),
    ("disability_1", "残疾一级", "Disability grade 1", "disabled", True),
    ("disability_2", "残疾二级", "Disability grade 2", "disabled", True),
    ("disability_3", "残疾三级", "Disability grade 3", "disabled", True),
    ("disability_4", "残疾四级", "Disability grade 4", "disabled", True),
    ("single_mother", "单亲母亲", "Single mother", "woman", True),
    ("veteran_family", "优抚对象", "Entitled veteran family", None, False),
]


def seed(apps, schema_editor):
    for model, rows in (("ServiceField", SERVICE_FIELDS), ("Skill", SKILLS), ("Language", LANGUAGES), ("TargetGroup", GROUPS)):
        Model = apps.get_model("dictionaries", model)
        for order, (code, name, name_en) in enumerate(rows):
            Model.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})
    TargetGroup = apps.get_model("dictionaries", "TargetGroup")
    RecipientTag = apps.get_model("dictionaries", "RecipientTag")
    for order, (code, name, name_en, group, sensitive) in enumerate(TAGS):
        RecipientTag.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "sort_order": order,
                "sensitive": sensitive,
                "group": TargetGroup.objects.get(code=group) if group else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dictionaries", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
