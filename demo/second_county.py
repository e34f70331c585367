"""金川区龙广里社区: a second county that must see nothing of the first."""

import datetime

from demo.accounts import DEMO_PASSWORD
from dictionaries.models import RecipientTag, TargetGroup
from orgs.models import Kind, Organisation
from people.models import Qualification, Role, RoleGrant, SocialWorker
from people.services import recipient_create, user_create
from regions.models import Region


class SecondCountyMixin:
    def build_second_county(self):
        """金川区龙广里社区 with its own admin, agency, teams and people: a neighbour that must see nothing here."""
        community = Region.objects.get(code="620302001001")
        district = Region.objects.get(code="620302")
        agency = Organisation.objects.create(kind=Kind.AGENCY, name="幸福家社工服务中心", region=community)
        for name in ("龙广益家志愿服务队", "李大姐说事团"):
            Organisation.objects.create(kind=Kind.TEAM, name=name, region=community)
        Organisation.objects.create(kind=Kind.AGENCY, name="金昌市广爱社工服务中心", region=district)
        outsider = self.role_account(8, "李红梅")
        RoleGrant.objects.create(user=outsider, role=Role.REGION_ADMIN, region=district)
        # The community's social worker, granted by the district's admin, leads its project (demo.lists).
        worker = user_create(phone="13800019001", name="马晓燕", password=DEMO_PASSWORD)
        RoleGrant.objects.create(user=worker, role=Role.SOCIAL_WORKER, region=community, granted_by=outsider)
        SocialWorker.objects.create(user=worker, qualification=Qualification.INTERMEDIATE, agency=agency)
        recipient_create(
            by=outsider,
            name="张桂兰",
            data={
                "sex": "F",
                "birth_date": datetime.date(1941, 3, 8),
                "region": community,
                "address": "龙广里3号楼",
                "groups": [TargetGroup.objects.get(code="elderly")],
                "tags": [RecipientTag.objects.get(code="living_alone_80")],
            },
        )
