"""The area a message belongs to (whose region admins see it on the outbox page) is the area of the object the
event is about, not whichever of a person's grants the database returned first."""

from casework import services as casework
from notifications import services
from notifications.models import Message
from people.models import Role
from qianniu.tests import factories as f


def test_a_supervisor_of_two_townships_gets_each_crisis_in_the_area_of_its_case(world, login):
    supervisor = f.UserFactory(name="督导赵")
    f.grant(supervisor, Role.SUPERVISOR, region=world.township)
    f.grant(supervisor, Role.SUPERVISOR, region=world.other_community.parent)
    here = casework.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")
    there = casework.case_open(recipient=world.other_recipient, by=world.other_social_worker, presenting_problem="独居")
    casework.case_flag_crisis(case=here, by=world.social_worker)
    casework.case_flag_crisis(case=there, by=world.other_social_worker)
    assert Message.objects.get(person=supervisor, event_key__startswith=f"case:{here.pk}:").region_path == (
        world.community.path
    )
    assert Message.objects.get(person=supervisor, event_key__startswith=f"case:{there.pk}:").region_path == (
        world.other_community.path
    )
    # The other township's admin sees the alert about their township's case, and not the one about the first.
    admin = f.UserFactory(name="宝龙山管理员")
    f.grant(admin, Role.REGION_ADMIN, region=world.other_community.parent)
    f.authenticator(admin)
    page = login(admin).get("/notifications/outbox/?state=pending").content.decode()
    theirs = Message.objects.get(person=supervisor, event_key__startswith=f"case:{there.pk}:")
    ours = Message.objects.get(person=supervisor, event_key__startswith=f"case:{here.pk}:")
    assert f"/notifications/outbox/{theirs.pk}/" in page
    assert f"/notifications/outbox/{ours.pk}/" not in page


def test_without_an_object_area_a_person_of_several_grants_gets_the_same_area_every_time(world):
    """The fallback (an event raised without its area): the person's own area, else their grants' in order of
    the area's code, whatever order the rows were written in."""
    supervisor = f.UserFactory(name="督导钱")
    f.grant(supervisor, Role.SUPERVISOR, region=world.other_community)
    f.grant(supervisor, Role.SUPERVISOR, region=world.community)
    services.notification_raise(
        kind="task_offered", event_key="x:1", people=[supervisor], params={"what": "助餐", "day": "12月1日"}
    )
    first = min([world.community, world.other_community], key=lambda region: region.path)
    assert Message.objects.get(person=supervisor).region_path == first.path
