"""Is a medication mention an active order? Sections, allergy lines and the words around the mention decide.

Headings are indexed once per text (`Sections`), so finding the heading above a mention is a binary search:
extraction stays linear in the size of the note, however many medication lines it holds. An allergy heading
with items on its own line covers that line only up to a break (". ", "|", " - <order>", another heading), so
"Allergies: penicillin (anaphylaxis). Otitis media: amoxicillin 500 mg PO TID" keeps the amoxicillin order.
"""

from __future__ import annotations

import bisect
import re

_HEADER = re.compile(r"(?m)^[ \t]*[-*]?[ \t]*([A-Za-z][A-Za-z /&()\-]{1,40}?)[ \t]*:")
_INLINE_HEADER = re.compile(
    r"(?:(?<=[.|;])|(?<=\s[-–—]))\s*([A-Z][A-Za-z /&()\-]{1,40}?|(?i:allerg\w*|adrs?|intolerances?))\s*:"
)
# "CF ward - 35F, wt 55 kg, allergies: tobramycin (...)": an allergy label after a comma heads what follows too
_INLINE_ALLERGY = re.compile(r"(?<=,)\s*((?i:allerg(?:y|ies)|adrs?|intolerances?))\s*:")
_BREAK = re.compile(
    r"(?<!\d)\.\s|\||;|\s[-–—]\s|\s--+\s|->|→|=>|\bbut\b|\bhowever\b|\bnow\b|\border(?:ed|ing)\b|\bplan\b|"
    r"\bstart(?:ed|ing)?\b"
)
ALLERGY_SECTION = re.compile(
    r"(?i)allerg|adverse (?:drug )?reaction|\badrs?\b|intoleran|^\s*ALL\s*$"
)
HELD_SECTION = re.compile(
    r"(?i)discontinu|stopped|\bheld\b|\bhold\b|past med|previous med|prior med|inactive|completed|"
    r"finished|\bexpired\b|"
    r"medications? (?:to )?stop|\bpmh\b|past (?:medical )?history|\bhistory\b|tried|failed|"
    r"not taking|declined"
)
INACTIVE = re.compile(
    r"(?i)\b(discontinu\w*|stopp?(?:ed|ing)?(?!\s+dates?\b)|d/?c'?d|d/c(?=\s)|held|hold(?:ing)?|off\s+(?:of\s+)?|no longer|previously|formerly|"
    r"completed(?:\s+(?:a\s+)?(?:\d+|one|two|three|six)[- ](?:mo(?:nths?)?|wks?|weeks?|days?|yrs?|years?)(?:\s+(?:of|course of))?)?|"
    r"history of|hx of|h/o|was on|used to|allerg\w*|intoleran\w*|reaction to|tolerated|not (?:on|taking|to)|not(?=\s+$)|never|denies|declined|"
    r"refused|avoid(?:ed|ing)?|contraindicated|failed|after failing|intolerant of|replac(?:es|ing|ed)|"
    # "E. coli, sens nitrofurantoin, R amoxicillin": a susceptibility result names the drug, it does not order it
    r"resistant to|(?<=[,;(]\s)R(?=\s+$)|(?<=[,;(])R(?=\s+$)|sensitive to|susceptible to|sens(?:itive)?\s*:|"
    r"consider(?:ing)?|if\s+(?:needed|pain|\w+)|may (?:need|require)|"
    r"would (?:start|consider)|could (?:start|consider)|instead of|rather than|switched from|changed from|"
    r"converted from|transitioned from|in place of|chosen over|"
    # "no azathioprine or mercaptopurine on profile": every drug of a negated list
    r"no(?=\s+[A-Za-z][\w-]*(?:\s*(?:,|/|\bor\b|\bnor\b)\s*[A-Za-z][\w-]*)*\s*(?:,|/|\bor\b|\bnor\b)\s*$)|preferred over|in preference to|no(?=\s+(?:(?:more|further|other|iv|po|sl|sc|im|home|regular|prn|current|long-acting|topical|concomitant)\s+)?$))\b"
)
# "transition heparin drip to apixaban": the drug right after a switch verb is the one being stopped
_SWITCH_FROM = re.compile(
    r"(?i)\b(transition|switch|convert|change|wean)(?:ing)?\s+(?:(?:the|pt|patient|him|her)\s+)?"
    r"(?:from\s+)?(?:(?:iv|po|sc|home)\s+)?$"
)
STATUS_AFTER = re.compile(
    # a decimal point ("3.75 mg ... -- patient DECLINED") does not end the clause
    r"(?i)^(?:[^.;\n]|(?<=\d)\.(?=\d)){0,80}?(?:\b(?:was|were|has been|have been|is|being)\s+)?\b(discontinued|stopped|"
    r"held|d/c'?d|dc'd|cancell?ed|declined|refused|not started|on hold|self-discontinued|avoided|not used|"
    r"not tolerated|poorly tolerated|failed|intolerant|"
    r"tapered off|weaned off|came off|came off of|no longer taking|ran out|off since|"
    # "start apixaban when the next rivaroxaban dose would have been due": the timing of a switch, not an order
    r"dose\s+(?:would\s+have\s+been|would\s+be|was|is|falls)\s+due|"
    # "metformin 1000 mg BID: HOLD (AKI/contrast)": a hold written as the line's verdict after a colon or dash
    r"(?<=:\s)hold\b(?!\s+(?:if|for\s*[<>]|parameters?))|(?<=[-–]\s)hold\b(?!\s+(?:if|for\s*[<>]|parameters?))|"
    # "omeprazole 20 mg daily - STOP (interaction)": the med-rec verdict after the order
    r"(?<=[-–:]\s)(?:stop|withhold|suspend|pause|omit|discontinue|d/?c|not on|avoid)\b(?!\s+(?:if|when|at|after|once))|"
    r"withheld|suspended|not (?:needed|required|indicated|prescribed)|unnecessary|"
    # "lorazepam IV if access obtained and still seizing": an alternative for later, not an order now
    r"(?<!hold )(?<!hold\s)if\s+(?:IV\s+)?(?:access|still|no\s+(?:response|improvement|IV)|unable|seizing|seizure|fails?)\b|"
    r"hold(?:ing)?(?=\s+(?:x\s*\d|for\s+\d|\d+\s*h|until|today|tonight|after|before|pending|while|"
    r"the\s+am|am\b|pm\b|prior))|"
    r"(?<!be )(?<!been )(?:completed|finished)(?!\s+(?:on|by|tomorrow|today|in|after)\b)|"
    # "last dose 3 days ago": taken before, not now (a dose hours ago still counts as current)
    r"last (?:dose|taken|used|took)\b[^.;\n]{0,12}?\b(?:[2-9]|\d{2,}|two|three|four|five|several|a few)\s+"
    r"(?:days?|weeks?|wks?|months?|years?|yrs?)\s+ago|last (?:dose|taken|used) (?:\d+\s+)?(?:weeks?|months?|years?) ago)\b"
    r"(?!\s+(?:if|when|parameters?|for\s+(?:sbp|dbp|hr|bp|map|rr|glucose|bg|k|inr|plt|sedation|rass|"
    r"pulse|heart rate|blood pressure)\b|for\s*[<>]))"
)
_LINE_TAG = re.compile(
    r"(?i)[ \t*•-]*(stopped|discontinued|d/?c'?d|held|hold|on hold|removed|deleted|cancell?ed)\s*[-–—:>]+\s*"
)
# "plan switch to methimazole in 2nd trimester": a switch planned for later, not an order now
_PLANNED_SWITCH = re.compile(
    r"(?i)\bplan(?:ned|ning)?\s+(?:to\s+)?(?:switch|change|convert|transition|step down)\w*\s+(?:\w+\s+)?to\s+$"
)
_RESUMED = re.compile(r"(?i)\b(?:re-?start|resum|re-?initiat)\w*|\bcontinu(?:e|es|ed|ing|ation)\b")
_RESTART = re.compile(
    r"(?i)\b(restart|resume|start|continue|begin|increase|decrease|change to|switch to|convert to|"
    r"ordered|order|give|given|prescribed|rx)\w*\b"
)
_COORDINATED = re.compile(r"\s*(?:,|and|or|&|/|\+)\s*")
_DOSED_TAIL = re.compile(r"\)?\s*(?:\([^)\n]{0,30}\)\s*)?\d")
_SENTENCE = re.compile(r"(?<!\d)[.;!?|]\s|\s[-–—]\s")


class Sections:
    """Headings of one text and the span each one covers."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, int, str]] = []
        heads = [(m.start(), m.end(), m.group(1)) for m in _HEADER.finditer(text)]
        heads += [(m.start(1), m.end(), m.group(1)) for m in _INLINE_HEADER.finditer(text)]
        heads += [(m.start(1), m.end(), m.group(1)) for m in _INLINE_ALLERGY.finditer(text)]
        heads.sort()
        for i, (_start, end, label) in enumerate(heads):
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            nxt = heads[i + 1][0] if i + 1 < len(heads) else len(text)
            inline = text[end:line_end].strip()
            if (
                inline
            ):  # items on the heading's own line: they end at a break or at the next heading
                b = _BREAK.search(text, end, line_end)
                cover = min(line_end, b.start() if b else line_end, nxt)
            else:  # a heading alone on its line covers the lines below it up to a blank line or the next heading
                blank = text.find("\n\n", end)
                cover = min(nxt, blank if blank >= 0 else len(text))
            self.starts.append(end)
            self.spans.append((end, cover, label))

    def at(self, pos: int) -> str:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0:
            start, cover, label = self.spans[i]
            if start <= pos < cover:
                return label
        return ""


_REACTION_AFTER = re.compile(
    r"(?i)\)?(?:\s*\([^)\n]{0,40}\))?\s*[-–:,]\s*(?:severe\s+|possible\s+|probable\s+|previous\s+)?"
    r"(?:stevens[- ]johnson|SJS\b|TEN\b|toxic epidermal|anaphyla\w*|angio-?o?edema|urticaria|hives|rash|"
    r"bronchospasm|DRESS\b|agranulocytosis|(?:allergic )?reaction)"
)
_ASIDE = re.compile(r"\([^)]*\)")
_ALLERGY_AFTER = re.compile(
    r"(?i)[ \t-]*(?:allerg(?:y|ies|ic)|intoleran(?:ce|t)|hypersensitivity|anaphylaxis)\b"
)
_LAB_AFTER = re.compile(
    r"(?i)\s*(?:level|levels|trough|peak|concentration|conc\b|random|fasting|check|checks|monitoring|"
    r"\d+(?:\.\d+)?\s*(?:ng/ml|mcg/ml|mg/dl|mmol/l|nmol/l))\b"
)
_LAB_BEFORE = re.compile(
    r"(?i)\b(?:poc|point[- ]of[- ]care|fingerstick|finger[- ]stick|capillary|serum|plasma|blood|urine|"
    r"random|fasting|bedside|cbg|check)\s*$"
)


def status(
    text: str, sections: Sections, start: int, end: int, limit: int, name_end: int | None = None
) -> tuple[str, str]:
    """(status, reason) for the statement at text[start:end] whose drug name ends at `name_end`; `limit` is where
    the next mention starts."""
    name_end = end if name_end is None else name_end
    if _LAB_AFTER.match(text, name_end) or _LAB_BEFORE.search(text[max(0, start - 20) : start]):
        return "inactive", "a level or monitoring check, not an order"
    if _WAS_AFTER.match(text, name_end):  # "Pred was 25mg OD. Plan: reduce prednisolone to 20mg"
        return "inactive", "a previous dose ('was')"
    section = sections.at(start)
    if _ALLERGY_AFTER.match(text, name_end):  # "charted as heparin allergy", "sulfa allergic"
        return "allergy", "an allergy named after the drug"
    if _REACTION_AFTER.match(
        text, name_end
    ):  # "Hx: co-trimoxazole (Septrin) - Stevens-Johnson syndrome 2015"
        return "allergy", "a reaction named after the drug"
    # "Rescue pack issued (penicillin allergic):" heads an order list; a bracketed aside does not name the section
    if section and ALLERGY_SECTION.search(_ASIDE.sub("", section)):
        return "allergy", "listed under allergies"
    if section and HELD_SECTION.search(section):
        return "inactive", f"listed under '{section.strip()}'"
    line_start = text.rfind("\n", 0, start) + 1
    tag = _LINE_TAG.match(text, line_start, start)
    if (
        tag and tag.end() == start
    ):  # "STOPPED - simvastatin 40 mg daily": a med-rec verdict leading the line
        return "inactive", f"'{tag.group(1).lower()}' before the drug"
    before = text[max(line_start, start - 60) : start]
    before = _SENTENCE.split(before)[-1]  # the current sentence or segment only
    if (
        ":" in before
    ):  # "not on dialysis: rivaroxaban": a negation before a colon is about another thing
        head, _, tail = before.rpartition(":")
        before = (
            tail
            if not INACTIVE.search(tail)
            and not re.search(r"(?i)(?:hold|held|stop\w*|d/?c'?d?)\s*$", head)
            else before
        )
    if _PLANNED_SWITCH.search(before):
        return "inactive", "'planned' before the drug"
    m = INACTIVE.search(before)
    if _SWITCH_FROM.search(before) and not re.match(
        r"(?i)\s*(?:to|->|→)\s*\d", text[name_end : name_end + 12]
    ):
        return (
            "inactive",
            "being switched to another drug",
        )  # "change digoxin to 1.25 mg" is a dose change
    if (
        m
        and "," in before[m.end() :]
        and _DOSED_TAIL.match(text, name_end)
        and not m.group(1).lower().startswith(("allerg", "intoleran", "reaction"))
    ):
        m = None  # "hold warfarin, vit K 10 mg IM x1": the hold ends at the comma; a dosed order follows it
    if m and not _RESTART.search(before[m.end() :]):
        word = m.group(1).lower()
        if word.startswith(("allerg", "intoleran", "reaction")):
            return "allergy", f"'{word}' before the drug"
        return "inactive", f"'{word}' before the drug"
    after = text[start : max(end, min(limit, end + 60))]
    if _COORDINATED.fullmatch(text, name_end, limit) and not _DOSED_TAIL.match(text, name_end):
        # "doxycycline and primaquine avoided in pregnancy": two undosed names share the verdict after the second
        after = text[start : min(len(text), limit + 60)]
    m2 = STATUS_AFTER.search(after)
    # "restarted today (had stopped in 2020)": the stop is history; the order is active
    lead = after[: m2.start(1)] if m2 else ""
    if (
        m2
        and not _RESUMED.search(lead)
        and not re.search(r"(?i)\b(?:had|not|never|wasn'?t|was not|isn'?t)\s+$", lead)
        # "0.21 mg IV stat, repeat in 5 min if no improvement": the condition is the repeat's, the order stands
        and not (m2.group(1).lower().startswith("if") and _REPEAT.search(lead))
    ):
        return "inactive", f"'{m2.group(1).lower()}' after the drug"
    return "active", ""


# the drug name then "was" and a dose: the dose before a change, not the order
_WAS_AFTER = re.compile(r"(?i)[^\S\n]+(?:was|were|previously)[^\S\n]+(?:on[^\S\n]+)?\d")
# "repeat in 5 min", "rpt after 5 min", "may repeat x1": the condition after it is the repeat's
_REPEAT = re.compile(r"(?i)\b(?:repeat\w*|rpt|re-?dose|further\s+dose)\b")

_REASON_WORD = re.compile(r"'([^']+)' (?:before|after) the drug")


def reason_word(reason: str) -> str:
    """The word that made a statement inactive, from the reason `status` wrote ("'hold' before the drug" ->
    "hold"); empty for other reasons. Rules ask this instead of parsing the message themselves."""
    m = _REASON_WORD.match(reason)
    return m.group(1).lower() if m else ""
