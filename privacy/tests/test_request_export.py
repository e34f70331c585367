"""The export of the personal-information requests list: the list's requests with its status filter, the
person's mobile number masked, a name that reads as a formula neutralised, no other county's request."""

import io

import openpyxl
from django.urls import reverse

from privacy import services


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def _file(user, **data):
    fields = {"kind": "correct", "item": "address", "detail": "地址应为团结社区3号楼", "reason": "搬家了"}
    return services.pi_request_file(by=user, **{**fields, **data})


def test_the_requests_list_exports_its_requests_masked_filtered_and_no_other_county_s(world, login):
    world.volunteer_user.name = "=1+1 张三"
    world.volunteer_user.save(update_fields=["name"])
    waiting = _file(world.volunteer_user)
    decided = _file(world.other_volunteer.user, item="mobile", detail="手机号应为13900001111")
    services.pi_request_decide(request=decided, by=world.county_admin, done=True, answer="已改")
    foreign = _file(world.foreign_volunteer.user)
    client = login(world.county_admin)

    values = _values(client.get(reverse("privacy:request_list"), {"export": "xlsx"}))
    assert waiting.pk in values and "'=1+1 张三" in values and "=1+1 张三" not in values
    assert "139****5678" in values and "13912345678" not in values
    assert "地址应为团结社区3号楼" not in values and "搬家了" not in values
    assert "张山" not in values and decided.pk not in values
    assert foreign.pk not in values

    done = _values(client.get(reverse("privacy:request_list"), {"export": "xlsx", "status": "done"}))
    assert decided.pk in done and "李四" in done and waiting.pk not in done and "13900001111" not in done

    csv = b"".join(client.get(reverse("privacy:request_list"), {"export": "csv", "status": "done"}).streaming_content)
    assert "李四" in csv.decode("utf-8-sig") and "张山" not in csv.decode("utf-8-sig")

    page = client.get(reverse("privacy:request_list"), {"status": "done"}).content.decode()
    assert "export=xlsx" in page and "status=done" in page.split('data-testid="export-links"')[1].split("</p>")[0]
