from django.urls import reverse
from django.utils import timezone

from privacy import services
from privacy.models import PIRequest, RequestStatus


def _file(user):
    return services.pi_request_file(
        by=user, kind="correct", item="address", detail="地址应为团结社区3号楼", reason="搬家了"
    )


def test_the_request_list_filters_by_status_waiting_first(world, login):
    _file(world.volunteer_user)
    done = _file(world.other_volunteer.user)
    PIRequest.objects.filter(pk=done.pk).update(status=RequestStatus.DONE, decided_at=timezone.now(), answer="已改")
    client = login(world.county_admin)
    url = reverse("privacy:request_list")
    body = client.get(url).content.decode()
    assert "张三" in body and "李四" not in body
    body = client.get(url, {"status": "done"}).content.decode()
    assert "李四" in body and "张三" not in body
    body = client.get(url, {"status": "all"}).content.decode()
    assert "李四" in body and "张三" in body
    _file(world.foreign_volunteer.user)
    assert "张山" not in client.get(url, {"status": "all"}).content.decode()
    assert "张山" in login(world.outsider).get(url, {"status": "all"}).content.decode()
