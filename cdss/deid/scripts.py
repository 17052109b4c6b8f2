"""Names written in another script: "陳美玲 CHAN Mei-ling", "Patient: นาย สมศักดิ์ แสงทอง", "Rita Abou Jaoudé — ريتا أبو جودة".

The NER model and the gazetteers read Latin script. Notes about patients from Hong Kong, Korea, Thailand, Ethiopia
or Lebanon write the name twice, once in the patient's own script, and a de-identifier that removes only the
romanised half leaks the other. This layer runs after the analyzer, on its results, and marks a run of letters in
a non-Latin script (with its combining marks: Thai and Devanagari vowels are marks, not letters) as a PERSON when
- it sits right beside a detected name (a transliteration pair, either order), or
- a name label, title or relation word comes just before it ("Patient:", "Name:", "Nom de la mère :", "son",
  "Dr", "นาย", "አቶ", "Ασθενής:"), or a native honorific just after it ("교수", "先生", "さん").
A romanised transliteration in brackets right after such a name ("佐藤 美咲 (sato misaki)") is marked too.
Nothing here depends on the language of the note, and no word list of those scripts is needed.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

# a run of one non-Latin script's letters and marks, words joined by single spaces (at most four words)
_SCRIPTS = (
    r"\p{Han}\p{Hiragana}\p{Katakana}ー",
    r"\p{Hangul}",
    r"\p{Thai}",
    r"\p{Ethiopic}/",
    r"\p{Arabic}\u200c",  # Persian joins name parts with a zero-width non-joiner ("رحیمی‌نژاد")
    r"\p{Hebrew}",
    r"\p{Greek}",
    r"\p{Cyrillic}",
    r"\p{Devanagari}",
    r"\p{Bengali}",
    r"\p{Tamil}",
    r"\p{Georgian}",
    r"\p{Armenian}",
)
_RUN = regex.compile(
    "|".join(rf"(?:[{s}][{s}\p{{M}}]*(?:[ \t][{s}][{s}\p{{M}}]*){{0,5}})" for s in _SCRIPTS)
)
_LABEL_BEFORE = regex.compile(
    r"(?i)(?:\b(?:name|patient|pt|client|resident|nom|nom de (?:la mère|le père|naissance)|prénom|mother|father|"
    r"son|daughter|wife|husband|brother|sister|dr|mr|mrs|ms|miss|mlle|mme|ato|requesting|requested by|"
    r"pathologist|physician|consultant|nurse|rn|reported by|signed|caller|contact|next of kin|nok|guardian|"
    r"informant|mother's name|father's name|patronymic)\b\.?|"
    # the scripts' own labels and titles
    r"환자명|성명|이름|의뢰의|판독의|담당의|患者名?|氏名|姓名|病人|病者|先生|医師|ชื่อ|ผู้ป่วย|นาย|นางสาว|นาง|ด\.ช\.|ด\.ญ\.|"
    r"คุณ|นพ\.|พญ\.|አቶ|ወ/ሮ|ወ/ሪት|ዶ/ር|ስም|Ασθενής|Όνομα|Επώνυμο|Πατρώνυμο|Μητρώνυμο|Ιατρός|Пациент|Пациентка|"
    r"Больной|Больная|ФИО|Ф\.И\.О\.|Врач|Хирург|اسم|المريض|المريضة|السيد|السيدة|د\.|שם|המטופל|بالعربية|بالعربي|"
    r"نام|نام پدر|نام و نام خانوادگی|الاسم|اسم الأب|اسم الأم|የአባት ስም|"
    r"in arabic|arabic|in cyrillic|"
    # Chinese attending and family-physician titles: "主治医师 Attending: 王建国", "張醫師 (張淑芬)"
    r"attending|主治医师|主治醫師|医师|醫師|醫生|医生|家庭医师|family physician)"
    r"[ \t]*[:：(（]?[ \t]*$"
)
_HONORIFIC_AFTER = regex.compile(
    r"[ \t]*(?:교수|선생님|님|씨|환자|先生|さん|様|氏|医師|教授|女士|小姐|ครับ|ค่ะ|M\.D\.|, M\.D\.|MD\b)"
)
# a run that begins with its own title: "ወ/ሮ አልማዝ", "นาย สมศักดิ์"
_TITLE_INSIDE = regex.compile(r"(?:ወ/ሮ|ወ/ሪት|አቶ|ዶ/ር|นาย|นางสาว|นาง|คุณ|นพ\.|พญ\.)[ \t]*\S")
_HONORIFIC_END = regex.compile(r"[ \t](?:교수|선생님|님|씨|先生|様|さん|氏|教授|女士|小姐)$")
_GAP = regex.compile(
    r"^[\s()\[\]—–\-/,:]{0,6}$"
)  # "Rania Khalil Mahmoud Odeh  /  رانية خليل محمود عودة"
_LATIN_PAREN = regex.compile(
    r"(?:,?[ \t]*(?:M\.D\.|MD|Ph\.D\.|RN))?[ \t]*\((?:(?:Mr|Mrs|Ms|Miss|Dr|Ato|W/ro|Mlle|Mme)\.?[ \t]+)?"
    r"(?P<v>[\p{Latin}][\p{Latin}\p{M}'’\-]*(?:[ \t]+[\p{Latin}][\p{Latin}\p{M}'’\-]*){0,3})[ \t]*[,)]"
)


BRACKET_WORDS = frozenset(
    "intern staff resident registrar consultant nurse doctor patient male female man woman son daughter mother "
    "father wife husband brother sister aunt uncle grandson granddaughter grandmother grandfather friend neighbour "
    "neighbor carer caregiver guardian interpreter nickname aka called goes by known as medicine surgery ward bed "
    "unit department dept clinic hospital the of and or in".split()
)


def _latin_share(text: str) -> float:
    letters = regex.findall(r"\p{L}", text)
    if not letters:
        return 1.0
    return sum(1 for c in letters if regex.match(r"\p{Latin}", c)) / len(letters)


def _beside(text: str, s: int, e: int, p: RecognizerResult) -> bool:
    """A detected name within a few separator characters before or after text[s:e]."""
    if p.start >= e:
        gap = text[e : p.start]
    elif p.end <= s:
        gap = text[p.end : s]
    else:
        return False
    return bool(_GAP.match(gap))


def script_names(
    text: str, results: list[RecognizerResult], common: frozenset[str] = frozenset()
) -> list[RecognizerResult]:
    """`results` plus the non-Latin-script names beside detected names, labels or honorifics, and the romanised
    transliteration in brackets after them. `common` holds words that are never a transliteration (English and
    clinical vocabulary)."""
    # a pair needs a confident half: a capitalised herb name the unknown-word layer guessed at is not one
    persons = [r for r in results if r.entity_type == "PERSON" and r.score >= 0.85]
    # "PARK, Soon" (confident) + "Soon-ja" (weak): the name ends where the overlapping weaker detection ends
    weak = [r for r in results if r.entity_type == "PERSON" and r.score < 0.85]
    persons = [
        RecognizerResult(
            "PERSON",
            p.start,
            max([p.end] + [w.end for w in weak if w.start < p.end < w.end]),
            p.score,
        )
        for p in persons
    ]
    latin_note = _latin_share(text) >= 0.5
    extra: list[RecognizerResult] = []
    for m in _RUN.finditer(text):
        s, e = m.start(), m.end()
        tail = _HONORIFIC_END.search(m.group(0))
        if tail:  # "최민수 교수": the honorific is part of the run; the name is before it
            e = s + tail.start()
        line_start = text.rfind("\n", 0, s) + 1
        before = text[line_start:s]
        beside = latin_note and any(_beside(text, s, e, p) for p in persons)
        labelled = (
            bool(_LABEL_BEFORE.search(before))
            or bool(_HONORIFIC_AFTER.match(text, e))
            or bool(_TITLE_INSIDE.match(m.group(0)))
            or tail is not None
        )
        if not (beside or labelled):
            continue
        extra.append(RecognizerResult("PERSON", s, e, 0.86))
        tr = _LATIN_PAREN.match(text, e)
        if tr:
            words = [w.lower() for w in regex.findall(r"[\p{L}'’]+", tr.group("v"))]
            if words and not all(w in common for w in words):
                extra.append(RecognizerResult("PERSON", tr.start("v"), tr.end("v"), 0.86))
    return results + extra
