"""A run's explanations in the reader's language: why this volunteer, and why nobody."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dictionaries.models import Language, Skill
from ledger.models import Qualification
from matching.models import ProposalKind
from needs.models import DayPart
from people.forms import WEEKDAYS

STAGE_LABELS = {
    "pool": lambda need, on: _("registered in the county, with a map position"),
    "capacity": lambda need, on: _("with room left that week"),
    "skill": lambda need, on: _("with the skills"),
    "qualification": lambda need, on: _("holding the qualification"),
    "language": lambda need, on: _("speaking the language"),
    "gender": lambda need, on: _("of the wished sex"),
    "age": lambda need, on: _("of a suitable age"),
    "time": lambda need, on: _("free at that time"),
    "distance": lambda need, on: _("within %(km)s km") % {"km": need.max_distance_km},
    "declined": lambda need, on: _("who have not declined it"),
}


class Explainer:
    """Reads the dictionaries once per page."""

    def __init__(self):
        self.skills = {skill.pk: skill.label for skill in Skill.objects.all()}
        self.languages = {language.pk: language.label for language in Language.objects.all()}
        self.qualifications = dict(Qualification.objects.values_list("pk", "name"))

    def _skills(self, ids) -> str:
        return "、".join(self.skills.get(i, "?") for i in ids)

    def describe(self, proposal) -> dict:
        why = proposal.explanation or {}
        if proposal.kind == ProposalKind.VOLUNTEER:
            return {"reasons": self._volunteer(why) + self._window_day(proposal, why), "funnel": []}
        if proposal.kind in {ProposalKind.RESOURCE, ProposalKind.SERVICE_ITEM}:
            offer = (
                _("This resource serves the field and covers the area.")
                if proposal.kind == ProposalKind.RESOURCE
                else _("This project service covers the field and the area.")
            )
            no_volunteer = why.get("no_volunteer") or {}
            return {
                "reasons": [self._unserved(proposal, no_volunteer), offer],
                "funnel": self._funnel(proposal, no_volunteer),
            }
        return {"reasons": [self._unserved(proposal, why)], "funnel": self._funnel(proposal, why)}

    def _volunteer(self, why: dict) -> list[str]:
        reasons = [_("%(km)s km away") % {"km": why.get("km")}]
        if why.get("skills"):
            reasons.append(_("has the skills %(skills)s") % {"skills": self._skills(why["skills"])})
        if why.get("language"):
            reasons.append(_("speaks %(language)s") % {"language": self.languages.get(why["language"], "?")})
        if why.get("previous"):
            reasons.append(_("served the last visit of this recurring need"))
        if why.get("served_before"):
            reasons.append(_("has served this person before"))
        if why.get("preferred_field"):
            reasons.append(_("prefers this kind of service"))
        if why.get("team"):
            reasons.append(_("is in a team of the project"))
        load = why.get("week_load")
        if load is not None:
            reasons.append(
                ngettext("holds %(n)s other task that week", "holds %(n)s other tasks that week", load) % {"n": load}
                if load
                else _("no other task that week")
            )
        if why.get("candidates"):
            reasons.append(
                ngettext(
                    "chosen among the %(n)s nearest who meet every requirement",
                    "chosen among the %(n)s nearest who meet every requirement",
                    why["candidates"],
                )
                % {"n": why["candidates"]}
            )
        if why.get("people"):
            reasons.append(_("one of %(n)s volunteers serving together") % {"n": why["people"]})
        if why.get("changed_by"):
            reasons.append(_("changed by %(name)s") % {"name": why["changed_by"]})
        return reasons

    def _window_day(self, proposal, why: dict) -> list[str]:
        if not why.get("window"):
            return []
        first, last = (datetime.date.fromisoformat(day) for day in why["window"])
        return [
            _("may be served any day from %(first)s to %(last)s: the day chosen is %(day)s")
            % {
                "first": date_format(first),
                "last": date_format(last),
                "day": date_format(proposal.on),
            }
        ]

    def _when(self, proposal, why: dict | None = None) -> str:
        part = DayPart(proposal.need.wanted_part).label if proposal.need.wanted_part else ""
        if (why or {}).get("window"):
            first, last = (datetime.date.fromisoformat(day) for day in why["window"])
            days = _("any day from %(first)s to %(last)s") % {"first": date_format(first), "last": date_format(last)}
            return f"{days}{part}"
        return f"{WEEKDAYS[proposal.on.weekday()]}{part}"

    def _unserved(self, proposal, why: dict) -> str:
        need = proposal.need
        reason = why.get("reason")
        skills = self._skills(s.pk for s in need.required_skills.all()) or _("any")
        people = why.get("people", 1)
        if people > 1 and reason in STAGE_LABELS:
            return self._too_few(proposal, why, people)
        if reason == "location":
            return _("The need has no map position, so no distance can be measured.")
        if reason == "pool":
            return _("No volunteer of the county is registered with a map position and taking tasks.")
        if reason == "capacity":
            return _("Every volunteer's tasks for that week are already full.")
        if reason == "skill":
            return _("No volunteer has the skills %(skills)s.") % {"skills": skills}
        if reason == "qualification":
            return _("No volunteer with the skills holds a valid %(qualification)s qualification on %(day)s.") % {
                "qualification": self.qualifications.get(need.required_qualification_id, "?"),
                "day": date_format(proposal.on),
            }
        if reason == "language":
            return _("No volunteer with the skills %(skills)s speaks %(language)s.") % {
                "skills": skills,
                "language": self.languages.get(need.language_id, "?"),
            }
        if reason == "gender":
            return _("No volunteer of the wished sex has the skills and the language.")
        if reason == "age":
            return _("The only volunteers who qualify are under 18, and this task is not marked suitable for them.")
        if reason == "time":
            return _("No volunteer who qualifies is free on %(when)s.") % {"when": self._when(proposal, why)}
        if reason == "distance":
            return _("No volunteer who qualifies and is free on %(when)s lives within %(km)s km.") % {
                "when": self._when(proposal, why),
                "km": need.max_distance_km,
            }
        if reason == "declined":
            return _("Every volunteer who qualifies has declined this need.")
        taken = dict(why.get("counts", [])).get("declined", 0)
        if why.get("people", 1) > 1:
            return ngettext(
                "%(n)s volunteer qualified, but not %(people)s of them were free together in one half-day.",
                "%(n)s volunteers qualified, but not %(people)s of them were free together in one half-day.",
                taken,
            ) % {"n": taken, "people": why["people"]}
        return ngettext(
            "%(n)s volunteer qualified, but was needed for a more urgent or nearer need.",
            "%(n)s volunteers qualified, but all were needed for more urgent or nearer needs.",
            taken,
        ) % {"n": taken}

    def _too_few(self, proposal, why: dict, people: int) -> str:
        """A need of several volunteers together: how many were left, and by which filter."""
        need, reason = proposal.need, why["reason"]
        left = dict(why.get("counts", [])).get(reason, 0)
        sex = {"F": _("women"), "M": _("men")}.get(need.gender_preference, "")
        if reason == "time":
            who = _("free on %(when)s") % {"when": self._when(proposal)}
        else:
            who = STAGE_LABELS[reason](need, proposal.on)
        return ngettext(
            "This need asks for %(people)s volunteers together, but only %(n)s %(sex)s who qualify is %(who)s.",
            "This need asks for %(people)s volunteers together, but only %(n)s %(sex)s who qualify are %(who)s.",
            left,
        ) % {"people": people, "n": left, "sex": sex or _("volunteers"), "who": who}

    def _funnel(self, proposal, why: dict) -> list[tuple[str, int]]:
        return [(STAGE_LABELS[stage](proposal.need, proposal.on), count) for stage, count in why.get("counts", [])]
