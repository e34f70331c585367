"""Every casework, group-work and mediation endpoint answers a user of another county with 404, or shows
them nothing of this county."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework import services
from casework.models import Attachment, Case, Stage
from groupwork import services as groupwork
from mediation import services as mediation
from needs import services as needs
from orgs.models import Kind
from people.models import Role, SocialWorker
from qianniu.tests import factories as f


def referral_in_the_outsiders_county(world, reason: str):
    """A case of the outsider's county, referred to an agency there where the outsider works."""
    agency = f.OrganisationFactory(kind=Kind.AGENCY, name="金川社工机构", region=world.foreign_county)
    SocialWorker.objects.create(user=world.outsider, qualification="intermediate", agency=agency)
    worker = f.UserFactory(name="外县社工")
    f.grant(worker, Role.SOCIAL_WORKER, region=world.foreign_community)
    case = services.case_open(recipient=world.foreign_recipient, by=worker, presenting_problem="留守")
    return services.referral_send(case=case, by=worker, to=agency, reason=reason, consent="本人")


def test_another_county_reaches_nothing_of_a_case(world, login, case):
    attachment = services.attachment_add(
        case=case, by=world.social_worker, upload=SimpleUploadedFile("协议.pdf", b"%PDF-1.4 x")
    )
    need = needs.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": "独居"},
    )
    client = login(world.outsider)
    assert client.get(reverse("casework:attachment", args=[case.pk, attachment.pk])).status_code == 404
    assert client.get(reverse("casework:open") + f"?need={need.pk}").status_code == 404
    assert client.post(reverse("casework:step", args=[case.pk, "attach"]), {}).status_code == 404
    assert client.post(reverse("casework:step", args=[case.pk, "crisis_over"]), {"reason": "x"}).status_code == 404
    referral_in_the_outsiders_county(world, "需要外县心理评估")
    here = f.OrganisationFactory(kind=Kind.AGENCY, name="旗心理援助中心", region=world.county)
    services.referral_send(case=case, by=world.social_worker, to=here, reason="需要专业心理评估", consent="本人")
    inbox = client.get(reverse("casework:referrals")).content.decode()
    assert "需要外县心理评估" in inbox  # is shown: the referral to their own agency
    assert "需要专业心理评估" not in inbox and "独居" not in inbox  # is not: this county's
    assert Attachment.objects.count() == 1 and Case.objects.get(pk=case.pk).status == Stage.INTAKE


def test_another_county_sees_no_group_or_dispute_of_this_one(world, login):
    group = groupwork.group_create(name="银龄数字课堂", region=world.community, goals="x", by=world.social_worker)
    dispute = mediation.dispute_record(
        kind="family",
        region=world.community,
        description="x",
        reported_by="网格员",
        parties=[("甲", ""), ("乙", "")],
        by=world.social_worker,
    )
    outsiders_worker = f.UserFactory(name="外县社工")
    f.grant(outsiders_worker, Role.SOCIAL_WORKER, region=world.foreign_community)
    groupwork.group_create(name="金川曲艺队", region=world.foreign_community, goals="x", by=outsiders_worker)
    own_dispute = mediation.dispute_record(
        kind="family",
        region=world.foreign_community,
        description="x",
        reported_by="网格员",
        parties=[("丙", ""), ("丁", "")],
        by=outsiders_worker,
    )
    client = login(world.outsider)
    groups = client.get(reverse("groupwork:list")).content.decode()
    assert "金川曲艺队" in groups and "银龄数字课堂" not in groups  # their county's group, not this one's
    disputes = client.get(reverse("mediation:list")).content.decode()
    assert f"#{own_dispute.pk} " in disputes and f"#{dispute.pk} " not in disputes
    assert client.post(reverse("groupwork:step", args=[group.pk, "member"]), {}).status_code == 404
    assert client.post(reverse("mediation:step", args=[dispute.pk, "evaluate"]), {}).status_code == 404
    # Nor can they file one in this county's community.
    client.post(reverse("groupwork:list"), {"name": "外来小组", "region": world.community.pk, "goals": "x"})
    assert not group.__class__.objects.filter(name="外来小组").exists()


def test_bad_input_on_a_case_step_gets_a_chinese_message(world, login, case):
    client = login(world.social_worker)
    response = client.post(reverse("casework:step", args=[case.pk, "agree"]), {"signed_on": "2099-01-01"})
    assert "协议签订日期不能晚于今天" in client.get(response["Location"]).content.decode()
    response = client.post(reverse("casework:step", args=[case.pk, "attach"]), {})
    assert "请选择要上传的文件" in client.get(response["Location"]).content.decode()
