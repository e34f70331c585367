import io

import pytest

from regions.models import Level, Region
from regions.services import RegionError, region_create, regions_import_csv


@pytest.mark.django_db
def test_the_seeded_places_carry_their_official_codes():
    assert Region.objects.get(code="150521").name == "科尔沁左翼中旗"
    assert Region.objects.get(code="620302001001").path == "/620000/620300/620302/620302001000/620302001001/"
    assert Region.objects.get(code="510000").level == Level.PROVINCE


@pytest.mark.django_db
def test_subtree_is_a_prefix_query():
    county = Region.objects.get(code="150521")
    township = region_create(code="150521100000", name="保康镇", level=Level.TOWNSHIP, parent=county)
    region_create(code="150521100001", name="团结社区", level=Level.COMMUNITY, parent=township)
    assert set(Region.objects.subtree(county).values_list("name", flat=True)) == {
        "科尔沁左翼中旗",
        "保康镇",
        "团结社区",
    }
    assert "WHERE" in str(Region.objects.subtree(county).query) and "LIKE" in str(Region.objects.subtree(county).query)


@pytest.mark.django_db
def test_a_child_cannot_sit_above_its_parent():
    county = Region.objects.get(code="150521")
    with pytest.raises(RegionError, match="不能位于"):
        region_create(code="150599", name="错误", level=Level.CITY, parent=county)


@pytest.mark.django_db
def test_import_creates_and_renames():
    csv = io.StringIO(
        "code,name,level,parent_code\n"
        "150521100000,保康镇,township,150521\n"
        "150521100001,团结社区,community,150521100000\n"
        "150521,科左中旗,county,150500\n"
    )
    result = regions_import_csv(lines=csv)
    assert (result.created, result.updated) == (2, 1)
    assert Region.objects.get(code="150521100001").parent.name == "保康镇"


@pytest.mark.django_db
def test_a_bad_row_rolls_back_the_whole_import():
    csv = io.StringIO(
        "code,name,level,parent_code\n150521100000,保康镇,township,150521\n150521100001,团结社区,community,999999\n"
    )
    with pytest.raises(RegionError, match="3"):
        regions_import_csv(lines=csv)
    assert not Region.objects.filter(code="150521100000").exists()


@pytest.mark.django_db
def test_the_command_reports_a_missing_column(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "regions.csv"
    path.write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="level, parent_code"):
        call_command("import_regions", str(path))
