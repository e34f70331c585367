"""Volunteers from the national volunteer system's roster export (全国志愿服务信息系统): the same checks and
writing as a roster of our own (`VolunteerImport`), under the export's own headers, so its template, the
problems and the rejected rows name the columns as the export does (政治面貌, not 志愿者类别). Each column is
also known by the header of our own template. The export's columns we do not keep (民族, 学历, 注册时间,
服务时长 …) are listed as not imported: hours come from Qianniu's own ledger."""

from transfer.kinds.common import Column, choices_shown
from transfer.kinds.volunteers import COLUMNS, KINDS, VolunteerImport

# 政治面貌 first (its values shown as the allowed ones), then the kinds of our own roster
POLITICS = {
    "中共党员": KINDS["中共党员"], "共青团员": KINDS["共青团员"], "群众": KINDS["群众"],
    **KINDS,
}  # fmt: skip

_OURS = {column.key: column for column in COLUMNS}


def _national(key: str, header: str, aliases: tuple[str, ...] = (), *, example: str | None = None, allowed=None):
    ours = _OURS[key]
    known = (ours.header, *(alias for alias in ours.aliases if alias != header), *aliases)
    return Column(
        key, header, tuple(dict.fromkeys(known)), ours.required,
        ours.example if example is None else example, ours.allowed if allowed is None else allowed, ours.mask,
    )  # fmt: skip


NATIONAL_COLUMNS = (
    _national("number", "志愿者编号", example="15052120190000123"),
    _national("name", "姓名"),
    _national("sex", "性别"),
    _national("id_type", "证件类型"),
    _national("id_number", "证件号码"),
    _national("birth_date", "出生日期"),
    _national("kind", "政治面貌", example="中共党员", allowed="、".join(choices_shown(POLITICS)) + "；空白为群众"),
    _national("phone", "手机号码"),
    _national("region", "所属区域", example="科尔沁左翼中旗保康镇团结社区"),
    _national("address", "现居住地址"),
    _national("service_fields", "志愿服务类别", example="生活照料"),
    _national("skills", "技能特长"),
)


class NationalRosterImport(VolunteerImport):
    columns = NATIONAL_COLUMNS
    kinds = POLITICS
