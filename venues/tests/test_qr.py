"""The code on a room's door can be renewed (a photo of it passed around, a team that left): the old code stops
working at once, the new one opens the check-in. Only the venue's workers renew it; another county's get 404."""

from django.urls import reverse

from venues.models import Room


def test_renewing_a_rooms_code_stops_the_old_one(world, centre, login):
    _venue, day_care, _rehab = centre
    old = reverse("venues:check_in", args=[day_care.pk, day_care.qr_secret])
    member = login(world.volunteer_user)
    assert member.get(old).status_code == 200
    renew = reverse("venues:room_qr_renew", args=[day_care.pk])
    assert login(world.outsider).post(renew).status_code == 404
    assert Room.objects.get(pk=day_care.pk).qr_secret == day_care.qr_secret
    assert member.post(renew).status_code == 404  # a team's member cannot renew it either
    worker = login(world.social_worker)
    assert worker.get(renew).status_code == 405
    response = worker.post(renew, follow=True)
    page = response.content.decode()
    assert "房间二维码已更新，旧二维码不再有效。请打印新的二维码贴在门上。" in page
    secret = Room.objects.get(pk=day_care.pk).qr_secret
    assert secret != day_care.qr_secret
    new = reverse("venues:check_in", args=[day_care.pk, secret])
    assert new in page
    assert member.get(old).status_code == 404
    assert member.get(new).status_code == 200
    # Who renewed it, and when, is kept and shown beside the code.
    renewed = Room.objects.get(pk=day_care.pk)
    assert renewed.qr_renewed_by == world.social_worker and renewed.qr_renewed_at is not None
    assert f"{world.social_worker.name} 更新于" in page
