"""Span repair after detection: the pieces of one identifier found apart are joined, and the words that belong
to a detected identifier but were not part of any pattern are added.

Recognizers find "1420 Riverside Ave S" and "Lakewood Falls, MN 55454" but not the ", Suite 200," between them;
"Keystone Dental" but not "Mutual"; "OKAFOR, ROSALIND" but not the middle initial; an ID but not its check
suffix ("-KT"). Left alone, each gap is a fragment of the identifier in the output. These rules run on the merged
entities, in text order, and only ever grow a span by words that touch it.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from cdss.deid.ids import LabelledIdRecognizer
from cdss.deid.types import Entity


class SpanRepair:
    """Grows and joins detected spans. The word lists are class data, as in the recognizers."""

    # words that end an organisation or place name already detected ("Twin Lakes" + "Poultry")
    ORG_TAIL: ClassVar[str] = (
        r"(?:Services?|Poultry|Lines|Freight(?: Lines)?|Union|Credit Union|Plaza|Pavilion|Roofing|Parish|Team|"
        r"Farms?|Flower Farm|[Mm]arket|[Cc]amp|[Pp]lant|District|School District|Mutual|Physiotherapy|Physio|"
        r"Associates|Day Service|Transport|Packing(?: Co\.?| Company)?|Co\.|Company|Library|Public Library|Falls|"
        r"Fell|General|Bridge|Park|Squad|Rescue Squad|Home Health|Nursing|Rehabilitation(?: & Nursing)?|"
        r"Eye Associates|Medical Plaza|Health Centre|Health Center|Clinic|Hospital|Ltd\.?|\(Pty\) Ltd|Pty Ltd|Inc\.?|"
        r"LLC|Group|Trust|Practice|Surgery|Pharmacy|Chemist|Dental|Dentistry|Optometry|Vision|Medical|Care|PD|"
        r"Police(?: Department)?|Fire(?: Department)?|TPA|Insurance|Legekontor|legekontor|Block|Wing|Tower)"
    )
    # unit designators written before or inside an address ("Flat 6, ", ", Suite 200")
    UNIT: ClassVar[str] = (
        r"(?:Unit|Suite|Ste\.?|Apt\.?|Apartment|Flat|Blk|Block|Plot|Shop|Villa|Lot|Room|Rm|House|Bldg\.?|Building|"
        r"Floor|Fl\.?|#)\s*[\w/-]{1,8}"
    )
    # weekday names and abbreviations in English and the languages our notes arrive in
    WEEKDAYS: ClassVar[str] = (
        r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
        r"lun|mar|mer|mié|mie|gio|jeu|ven|vie|sab|sáb|sam|dom|dim|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
        r"domenica|lunes|martes|miércoles|jueves|viernes|sábado|domingo|seg|ter|qua|qui|sex|mo|di|mi|do|fr|sa|so|"
        r"mån|tis|ons|tor|fre|lör|sön|ma|wo|vr|za|zo"
    )
    JOIN_TYPES: ClassVar[frozenset[str]] = frozenset({"LOCATION", "PERSON", "DATE", "ID", "MRN"})

    def __init__(self) -> None:
        self._tail = regex.compile(rf"^(?:\s|&|\band\b)*(?:{self.ORG_TAIL})\b")
        self._unit_after = regex.compile(rf"^,?\s*{self.UNIT}(?=[,\s])")
        self._unit_before = regex.compile(rf"{self.UNIT},?\s*$")
        self._weekday_before = regex.compile(rf"(?i)(?<![\w])(?:{self.WEEKDAYS})\.?,?[ \t]+$")
        self._initial = regex.compile(r"^\s+\p{Lu}\.?(?![\p{L}\d])")
        # "ACP2 D. Ahmat", "received A. Doherty": initials written before a surname belong to the name, but not the
        # letter of "vitamin D. Smith said" or "hepatitis B. Patel reviewed"
        self._initial_before = regex.compile(
            r"(?<![\p{L}\d.'’/-])(?<!(?i:vitamin|hepatitis|group|type|grade|class|stage|factor|phase|zone|plan|"
            r"option|lead|view|part|section|appendix|schedule|level|bay|bed|room)[ \t])(?:\p{Lu}\.[ \t]?){1,3}[ \t]?$"
        )
        self._suffix = regex.compile(r"^(?:[-/][A-Z0-9*]{1,6})+(?![\w*])")
        self._prefix = regex.compile(r"(?<=[:#][ \t]{0,3})[A-Z]{1,4}[ -]$")  # "Folder: GV 0441829"
        self._label = regex.compile(rf"(?i){LabelledIdRecognizer.LABELS}|MRN|NHS|CHI|DOB|ID|No")
        self._nick = regex.compile(
            r"^\s*\(\s*(?:call me\s+)?[\"“'‘](\p{Lu}[\p{L}'’-]{1,20})[\"”'’]\s*\)"
        )

    def repair(self, text: str, entities: list[Entity]) -> list[Entity]:
        out = [
            self._grow(text, e)
            for e in self._in_address(text, sorted(entities, key=lambda e: e.start))
        ]
        out += self._nicknames(text, out)
        return self._join(text, sorted(out, key=lambda e: e.start))

    def _grow(self, text: str, e: Entity) -> Entity:
        start, end = e.start, e.end
        if e.type == "LOCATION":
            for _ in range(
                3
            ):  # "Rio Verde" + "Packing Co."; "Kilvannan & Glenbrae" + "Community Nursing Team"
                m = self._tail.match(text[end : end + 40]) or self._unit_after.match(
                    text[end : end + 20]
                )
                if not m:
                    break
                end += m.end()
            m = self._unit_before.search(text[max(0, start - 20) : start])
            if m:
                start -= len(m.group(0))
        elif e.type == "DATE":
            m = self._weekday_before.search(
                text[max(0, start - 14) : start]
            )  # "mer 09/10/2024", "Thurs 29th"
            if m:
                start -= len(m.group(0))
        elif e.type == "PERSON":
            if "," in text[start:end]:
                m = self._initial.match(text[end : end + 8])  # "OKAFOR, ROSALIND" + " N."
                if m:
                    end += m.end()
            b = self._initial_before.search(text[max(0, start - 9) : start])
            if b:
                start -= len(b.group(0))
        elif e.type in ("ID", "MRN"):
            m = self._suffix.match(text[end : end + 5])  # "4532-118-907" + "-KT"
            if m:
                end += m.end()
            p = self._prefix.search(text[max(0, start - 9) : start])  # "GV 0441829", "FX 418273"
            if p and not self._label.fullmatch(
                p.group(0)[:-1]
            ):  # "file: CPF 418...": CPF is the label
                start -= len(p.group(0))
        return Entity(start, end, e.type, e.score) if (start, end) != (e.start, e.end) else e

    def _in_address(self, text: str, entities: list[Entity]) -> list[Entity]:
        """A single word typed as a name between two parts of an address ("2 Croft Road, Achnabreck, Kilvannan
        PA72 6QZ") is a place in that address."""
        out = list(entities)
        for i in range(1, len(out) - 1):
            a, e, b = out[i - 1], out[i], out[i + 1]
            if (
                e.type == "PERSON"
                and a.type == "LOCATION"
                and b.type == "LOCATION"
                and " " not in text[e.start : e.end].strip()
                and regex.fullmatch(r"[ \t]*,[ \t]*", text[a.end : e.start])
                and regex.fullmatch(r"[ \t]*,?[ \t]*", text[e.end : b.start])
            ):
                out[i] = Entity(e.start, e.end, "LOCATION", e.score)
        return out

    def _nicknames(self, text: str, entities: list[Entity]) -> list[Entity]:
        """'OKAFOR, ROSALIND N. ("Roz")', 'Esperança ("call me Hope")': the quoted nickname is the same person."""
        out = []
        for e in entities:
            if e.type != "PERSON":
                continue
            m = self._nick.match(text[e.end : e.end + 40])
            if m:
                s = e.end + m.start(1)
                out.append(Entity(s, s + len(m.group(1)), "PERSON", e.score))
        return out

    def _join(self, text: str, entities: list[Entity]) -> list[Entity]:
        """Neighbours of one kind separated only by a comma or spaces on one line are one identifier."""
        out: list[Entity] = []
        for e in entities:
            if out:
                prev = out[-1]
                gap = text[prev.end : e.start]
                same = prev.type == e.type or {prev.type, e.type} <= {"ID", "MRN"}
                if e.start < prev.end or (
                    same
                    and prev.type in self.JOIN_TYPES
                    and regex.fullmatch(r"[ \t]*,?[ \t]*", gap)
                ):
                    out[-1] = Entity(
                        prev.start, max(prev.end, e.end), prev.type, max(prev.score, e.score)
                    )
                    continue
            out.append(e)
        return out
