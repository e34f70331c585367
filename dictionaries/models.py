"""Editable dictionaries shared by every app: service fields, skills, languages, target groups and tags."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DictionaryEntry(models.Model):
    """An entry of an editable list: a stable code, a Chinese name and an English name."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class ServiceField(DictionaryEntry):
    """A field of service (生活照料, 精神慰藉, 矛盾调解 …) used by teams, volunteers, needs and projects."""

    class Meta(DictionaryEntry.Meta):
        verbose_name = _("service field")
        verbose_name_plural = _("service fields")


class Skill(DictionaryEntry):
    """A professional skill a volunteer offers (理发, 家电维修, 法律咨询 …)."""

    class Meta(DictionaryEntry.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Language(DictionaryEntry):
    """A language or dialect a volunteer speaks (汉语, 蒙古语, 手语 …)."""

    class Meta(DictionaryEntry.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class TargetGroup(DictionaryEntry):
    """A group of service recipients: elderly, child, in difficulty, disabled, woman, youth."""

    class Meta(DictionaryEntry.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class RecipientTag(DictionaryEntry):
    """A tag describing a recipient's situation (高龄独居, 低保, 留守儿童 …). Sensitive tags (health,
    disability, hardship) are personal information under PIPL Art. 28 and shown only to casework roles."""

    group = models.ForeignKey(TargetGroup, verbose_name=_("group"), on_delete=models.PROTECT, null=True, blank=True)
    sensitive = models.BooleanField(_("sensitive"), default=False)

    class Meta(DictionaryEntry.Meta):
        verbose_name = _("recipient tag")
        verbose_name_plural = _("recipient tags")
