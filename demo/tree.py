"""The demo county's region tree: townships and their communities."""

from demo.names import COUNTY_CODE, TOWNSHIPS
from regions.models import Level, Region
from regions.services import region_create


class TreeMixin:
    def build_regions(self):
        county = Region.objects.get(code=COUNTY_CODE)
        self.township_regions, self.communities = [], []
        for t_index, (township, communities) in enumerate(TOWNSHIPS):
            kind_code = 400 if "牧场" in township else (200 if ("苏木" in township or "乡" in township) else 100)
            t_region = region_create(
                code=f"{COUNTY_CODE}{kind_code + t_index:03d}000", name=township, level=Level.TOWNSHIP, parent=county
            )
            self.township_regions.append(t_region)
            for c_index, community in enumerate(communities, start=1):
                c_region = region_create(
                    code=f"{t_region.code[:9]}{c_index:03d}", name=community, level=Level.COMMUNITY, parent=t_region
                )
                self.communities.append(c_region)
                for grid in range(1, 3 if "社区" in community else 2):
                    region_create(
                        code=f"{c_region.code}G{grid:02d}",
                        name=f"第{'一二三'[grid - 1]}网格",
                        level=Level.GRID,
                        parent=c_region,
                    )
        self.county = county
        self.seat = self.communities[0]  # 保康镇团结社区
