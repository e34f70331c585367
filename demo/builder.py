"""The demo county: 科尔沁左翼中旗 with real township names, its twelve departments, a social-work agency,
volunteer teams, volunteers of the four kinds and recipients of every group, plus 金川区龙广里社区 as a
second county to show that scopes do not leak. Deterministic for a given seed. Each part of the county is
built by a mixin of its own module; they share the state set in `__init__` and by the earlier steps.

Township codes follow the structure of the statistical division codes (county code + 3-digit township +
3-digit village); they are illustrative, so a deployment imports the official list with `import_regions`."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD, AccountsMixin
from demo.activities import ActivitiesMixin
from demo.home_service import HomeServiceMixin
from demo.lists import ListsMixin
from demo.matching import MatchingMixin
from demo.names import NamesMixin
from demo.organisations import OrganisationsMixin
from demo.recipients import RecipientsMixin
from demo.second_county import SecondCountyMixin
from demo.sichuan import SichuanMixin
from demo.social_work import SocialWorkMixin
from demo.tree import TreeMixin
from demo.venues import VenuesMixin
from demo.volunteers import VolunteersMixin


@dataclass
class DemoResult:
    volunteers: int = 0
    teams: int = 0
    recipients: int = 0


class DemoBuilder(
    NamesMixin,
    AccountsMixin,
    TreeMixin,
    OrganisationsMixin,
    VolunteersMixin,
    RecipientsMixin,
    SecondCountyMixin,
    SichuanMixin,
    ListsMixin,
    HomeServiceMixin,
    ActivitiesMixin,
    MatchingMixin,
    SocialWorkMixin,
    VenuesMixin,
):
    def __init__(self, *, seed: int, volunteers: int, recipients: int, today: datetime.date | None = None):
        self.random = random.Random(seed)
        self.volunteer_total = volunteers
        self.recipient_total = recipients
        self.today = today or timezone.localdate()
        self.result = DemoResult()
        self.password_hash = make_password(DEMO_PASSWORD)
        self.id_serials: dict[datetime.date, int] = {}

    @transaction.atomic
    def build(self) -> DemoResult:
        self.build_regions()
        self.build_organisations()
        self.build_volunteers()
        self.build_leaders()
        self.build_recipients()
        self.build_role_accounts()
        self.build_second_county()
        self.build_authenticators()
        self.build_lists()
        self.build_home_service()
        self.build_activities()
        self.build_matching()
        self.build_casework()
        self.build_venues()
        self.build_sichuan()  # last, so that what the first county's personas see keeps its order
        self.build_stats()
        return self.result

    def build_stats(self):
        """The dashboards' rollups, read from everything built above (the periodic job keeps them after)."""
        from stats.rollup import rebuild

        rebuild(settle=datetime.timedelta(0))
