"""Recipients of every target group, with their consents."""

from dictionaries.models import RecipientTag, TargetGroup
from people.models import Consent, ConsentKind, ConsentMethod
from people.services import recipient_create


class RecipientsMixin:
    def build_recipients(self):
        groups = {g.code: g for g in TargetGroup.objects.all()}
        tags_by_group: dict[str, list] = {}
        for tag in RecipientTag.objects.select_related("group"):
            tags_by_group.setdefault(tag.group.code if tag.group else "", []).append(tag)
        profiles = [
            ("elderly", (65, 95)),
            ("child", (5, 13)),
            ("in_difficulty", (30, 70)),
            ("disabled", (20, 75)),
            ("woman", (25, 55)),
            ("youth", (14, 24)),
        ]
        for index in range(self.recipient_total):
            group_code, ages = profiles[index % len(profiles)]
            sex = "F" if group_code == "woman" else self.random.choice("MF")
            birth = self.birth_date(*ages)
            community = self.communities[(index * 5) % len(self.communities)] if index % 3 else self.seat
            data = {
                "sex": sex,
                "birth_date": birth,
                "region": community,
                "address": f"{self.random.randint(1, 30)}号楼{self.random.randint(1, 6)}单元",
                "id_number": self.id_number(birth, sex),
                "groups": [groups[group_code]],
                "tags": self.random.sample(
                    tags_by_group.get(group_code, []), min(1, len(tags_by_group.get(group_code, [])))
                ),
            }
            if group_code in {"child", "youth"} or self.random.random() < 0.4:
                data.update(
                    guardian_name=self.person_name(),
                    guardian_relation="母亲" if group_code == "child" else "子女",
                    guardian_phone=self.mobile(900000 + index),
                )
            if group_code not in {"child"} and self.random.random() < 0.6:
                data["phone"] = self.mobile(800000 + index)
            if group_code == "elderly" and self.random.random() < 0.3:
                data["groups"].append(groups["disabled"])
            recipient = recipient_create(by=None, name=self.person_name(), data=data)
            guardian = group_code == "child"
            Consent.objects.create(
                recipient=recipient,
                kind=ConsentKind.GUARDIAN if guardian else ConsentKind.SENSITIVE,
                scope="入户走访登记与服务需求记录",
                given_by=data.get("guardian_name") if guardian else recipient.name,
                relation=data.get("guardian_relation", "本人") if guardian else "本人",
                method=ConsentMethod.PAPER,
            )
        self.result.recipients = self.recipient_total
