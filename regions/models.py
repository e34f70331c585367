"""The administrative tree: province → city → county → township → community → grid."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("city / league")
    COUNTY = "county", _("county / banner / district")
    TOWNSHIP = "township", _("township / street / sumu")
    COMMUNITY = "community", _("village / community / gacha")
    GRID = "grid", _("grid")


LEVEL_ORDER = [level.value for level in Level]


class RegionQuerySet(models.QuerySet):
    def subtree(self, region: "Region") -> "RegionQuerySet":
        """The region and everything below it, by path prefix (one indexed range scan)."""
        return self.filter(path__startswith=region.path)

    def within_paths(self, paths) -> "RegionQuerySet":
        query = models.Q(pk__in=[])
        for path in paths:
            query |= models.Q(path__startswith=path)
        return self.filter(query)


class Region(models.Model):
    """A place of the administrative tree. Codes are strings: GB/T 2260 six digits for counties and
    above, the twelve-digit statistical code below, local numbering for grids. `path` is the chain of codes
    from the root ("/150000/150500/150521/"), so a subtree is a prefix query."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9A-Za-z]+$"),
                name="region_code_alnum",
                violation_error_message=_("A region code has only letters and digits."),
            ),
        ]

    def __str__(self):
        return self.name

    def ancestors(self) -> "RegionQuerySet":
        codes = [code for code in self.path.strip("/").split("/") if code]
        return Region.objects.filter(code__in=codes).order_by("depth")

    @property
    def paths_above(self) -> list[str]:
        """The paths of this region and of every region above it, for `path__in` lookups."""
        return [self.path[: i + 1] for i, char in enumerate(self.path) if char == "/"]

    @property
    def full_name(self) -> str:
        """The names from the county down, as an address is written (科尔沁左翼中旗保康镇…)."""
        names = [r.name for r in self.ancestors() if r.level not in {Level.PROVINCE, Level.CITY}]
        return "".join(names) or self.name
