"""Volunteers of the four kinds, their skills, languages and teams, and the teams' leaders."""

import datetime

from django.utils import timezone

from demo.names import COUNTY_CODE, KIND_AGES
from dictionaries.models import Language, ServiceField, Skill
from orgs.models import MembershipRole, MembershipStatus, TeamMembership
from people.models import (
    Consent,
    ConsentKind,
    ConsentMethod,
    IdType,
    User,
    Volunteer,
    VolunteerKind,
    VolunteerNumberCounter,
    id_index,
    name_search_fields,
    phone_index,
)
from people.services import PRIVACY_POLICY_VERSION


class VolunteersMixin:
    def build_volunteers(self):
        skills, fields, languages = (
            list(Skill.objects.all()),
            list(ServiceField.objects.all()),
            list(Language.objects.all()),
        )
        chinese, mongolian = languages[0], languages[1]
        kinds = [
            VolunteerKind.PARTY_MEMBER,
            VolunteerKind.YOUTH,
            VolunteerKind.VETERAN,
            VolunteerKind.ELDERLY,
            VolunteerKind.GENERAL,
        ]
        weights = [25, 30, 10, 20, 15]
        year_prefix = f"{COUNTY_CODE}{self.today.year}"
        batch = 2000
        created = 0
        while created < self.volunteer_total:
            size = min(batch, self.volunteer_total - created)
            users, profiles = [], []
            for offset in range(size):
                index = created + offset
                name = self.person_name()
                phone = self.mobile(index)
                users.append(
                    User(
                        name=name,
                        phone=phone,
                        phone_index=phone_index(phone),
                        phone_last4=phone[-4:],
                        password=self.password_hash,
                        **name_search_fields(name),
                    )
                )
                kind = self.random.choices(kinds, weights)[0]
                sex = self.random.choice("MF")
                birth = self.birth_date(*KIND_AGES[kind])
                number = self.id_number(birth, sex)
                community = self.communities[index % len(self.communities)]
                slots = self.random.sample(range(21), self.random.randint(1, 6))
                profiles.append(
                    Volunteer(
                        volunteer_number=f"{year_prefix}{index + 1:06d}",
                        sex=sex,
                        birth_date=birth,
                        id_type=IdType.RESIDENT_ID,
                        id_number=number,
                        id_index=id_index(IdType.RESIDENT_ID, number),
                        region=community,
                        kind=kind,
                        availability=sorted(
                            (
                                {
                                    "weekday": s // 3,
                                    "start": ("08:00", "14:00", "19:00")[s % 3],
                                    "end": ("12:00", "18:00", "21:00")[s % 3],
                                }
                                for s in slots
                            ),
                            key=lambda w: (w["weekday"], w["start"]),
                        ),
                        registered_at=timezone.now() - datetime.timedelta(days=self.random.randint(0, 1500)),
                        latitude=round(44.13 + self.random.uniform(-0.5, 0.5), 6),
                        longitude=round(123.31 + self.random.uniform(-0.8, 0.8), 6),
                    )
                )
            User.objects.bulk_create(users)
            if users[0].pk is None:  # backends without RETURNING
                by_index = dict(
                    User.objects.filter(phone_index__in=[u.phone_index for u in users]).values_list("phone_index", "pk")
                )
                for user in users:
                    user.pk = by_index[user.phone_index]
            for user, profile in zip(users, profiles, strict=True):
                profile.user = user
            Volunteer.objects.bulk_create(profiles)
            self.link_volunteers(profiles, skills, fields, chinese, mongolian)
            created += size
        VolunteerNumberCounter.objects.update_or_create(prefix=year_prefix, defaults={"last": self.volunteer_total})
        self.result.volunteers = created

    def link_volunteers(self, profiles, skills, fields, chinese, mongolian):
        SkillLink, FieldLink, LanguageLink = (
            Volunteer.skills.through,
            Volunteer.service_fields.through,
            Volunteer.languages.through,
        )
        skill_rows, field_rows, language_rows, memberships, consents = [], [], [], [], []
        now = timezone.now()
        for volunteer in profiles:
            for skill in self.random.sample(skills, self.random.randint(0, 2)):
                skill_rows.append(SkillLink(volunteer_id=volunteer.pk, skill_id=skill.pk))
            for service_field in self.random.sample(fields, self.random.randint(1, 3)):
                field_rows.append(FieldLink(volunteer_id=volunteer.pk, servicefield_id=service_field.pk))
            language_rows.append(LanguageLink(volunteer_id=volunteer.pk, language_id=chinese.pk))
            if self.random.random() < 0.45:
                language_rows.append(LanguageLink(volunteer_id=volunteer.pk, language_id=mongolian.pk))
            same_community = [t for t in self.teams if t.region_id == volunteer.region_id] or self.teams
            team = self.random.choice(same_community)
            status = MembershipStatus.PENDING if self.random.random() < 0.03 else MembershipStatus.APPROVED
            memberships.append(
                TeamMembership(
                    team=team,
                    volunteer_id=volunteer.pk,
                    status=status,
                    decided_at=now if status == MembershipStatus.APPROVED else None,
                )
            )
            consents.append(
                Consent(
                    volunteer_id=volunteer.pk,
                    kind=ConsentKind.PRIVACY_POLICY,
                    scope="志愿者注册：基本信息、技能、服务时间与服务记录",
                    given_by="本人",
                    method=ConsentMethod.ONLINE,
                    policy_version=PRIVACY_POLICY_VERSION,
                    given_at=volunteer.registered_at,
                )
            )
        SkillLink.objects.bulk_create(skill_rows)
        FieldLink.objects.bulk_create(field_rows)
        LanguageLink.objects.bulk_create(language_rows)
        TeamMembership.objects.bulk_create(memberships)
        Consent.objects.bulk_create(consents)

    def build_leaders(self):
        """The first approved member of each team leads it."""
        for team in self.teams:
            first = team.memberships.filter(status=MembershipStatus.APPROVED).order_by("pk").first()
            if first:
                first.role = MembershipRole.LEADER
                first.save(update_fields=["role"])
