"""Staff and patient initials: two to four letters that identify someone in the place where notes sign.

"(SN, GR)" after a task, "transcribed by: kjw", "taken by: lmc", "Present: DF, LK", "Technologist: AW",
"Subject initials: RTD", "- tk, rn" at the end of a handover, "J. Thornbury (JT)". Initials are short, so they
are only taken where a signing or listing word says so, and never when they are clinical abbreviations (PO, IV,
BP) or English words ("reviewed labs").
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cdss.deid.base import NAME, ClinicalPatternRecognizer, Pat
from cdss.deid.gazetteers import english_words

_SIGN = (
    r"(?:transcribed|typed|dictated|taken|reviewed|signed|entered|recorded|documented|checked|witnessed|verified|"
    r"prepared|scribed|keyed|co-?signed|countersigned|completed|administered|given|read)"
)
_ROLE = (
    r"(?:technologist|tech|sonographer|radiographer|scribe|initials|subject initials|patient initials|pt initials|"
    r"present|attendees?|attending|cc|copy|nurse|rn|by|author|caller|operator|interpreter|witness|checker|"
    r"2nd check|second check|verifier|staff|team|recibe|recibido por|entrega|entregado por|spi|cspi|handover to|"
    r"received by|log checked|checked)"
)
# common clinical abbreviations that look like initials
_CLINICAL = frozenset(
    """po iv im sc sl pr bp hr rr sat spo2 gcs ct mri ecg ekg cxr us xr abg vbg inr ptt wbc hb hgb plt
crp esr bmp cmp lft lfts tsh ua ucx bcx icu ed er or ot pt slp rt np pa md do rn lpn cna hca prn bid tid qid qd qhs stat
npo nkda nka dnr dni hcp poa sob cp ha n/v afib af chf copd dm htn ckd aki uti dvt pe mi cva tia gi gu ent ob gyn ivf
ns lr d5w tpn ng og peg picc cvc art io ivc svc lv rv la ra ef abx vanc zosyn tx rx dx hx sx fx ok no yes nil na neg
pos wnl nad rom aox aaox ams loc lol ems ems als bls gp sho spr fy ya cc cv kg mg ml lb oz am pm ft in cm mm""".split()
)


class InitialsRecognizer(ClinicalPatternRecognizer):
    """Initials in signing and listing positions."""

    ENTITY = "PERSON"
    INI = r"[A-Za-z]{2,4}"
    PATTERNS: ClassVar[tuple[Pat, ...]] = (
        Pat(
            "signed_by",
            rf"(?i:\b{_SIGN}(?:[ \t]+by)?[ \t]*[:\-]?[ \t]*)(?P<v>{INI})\b(?![ \t]*[:/.]\d)",
            0.85,
        ),
        Pat(
            "role_colon",
            rf"(?i:\b{_ROLE}[ \t]*[:\-][ \t]*)(?P<v>[A-Z]{{2,4}}|[a-z]{{2,4}})\b(?![\w.'’])",
            0.85,
        ),
        Pat("after_name", rf"{NAME}[ \t]*\((?P<v>\p{{Lu}}{{2,4}})\)", 0.9),
        Pat(
            "handover_signoff",
            r"(?m)^[ \t]*[-–—/][ \t]*(?P<v>[a-z]{2,4}|[A-Z]{2,4}),?[ \t]+(?i:rn|md|np|pa|do|lpn|rt|pt|ot|cna|"
            r"hca|slp|pharmd|rph)\b",
            0.85,
        ),
        # "Dana McGuire, PharmD (DMcG)", "inf. clinicienne (NGR)", "RN, CWON (JRT)": initials after a credential
        Pat(
            "after_credential",
            r"(?i:\b(?:md|rn|np|pa-?c|pharmd|rph|do|mbbs|cwon|cwocn|lpn|rd|slp|pt|ot|clinicienne|clinicien|inf\.|"
            r"nurse|midwife|physio|dietitian|pharmacist|consultant|registrar|district nurse))\.?,?[ \t]*(?:\(\w+\)[ \t]*)?"
            r"[(/][ \t]*(?P<v>[A-Z][A-Za-z]{1,3}[A-Z]?)[ \t]*\)?(?![\w])",
            0.85,
        ),
        # "Sign: FQ", "Sign: B.O.O.", "Initials: E.K."
        Pat(
            "sign_label",
            r"(?i:\b(?:(?:sign(?:ed)?|signature|sgd|initials?)(?:[ \t]+of[ \t]+\w+)?[ \t]*[:\-][ \t]*|"
            r"(?:signature|signed|sgd)[ \t]+))"
            r"(?P<v>[A-Z](?:\.?[ \t]?[A-Z]){1,3}\.?)(?![\w])",
            0.85,
        ),
        # "... updated by phone. KJ" / "Evaluate Monday. MBH": capitals alone after the last sentence of a line
        Pat(
            "line_end",
            r"(?m)(?<=[.!?)][ \t]+)(?P<v>[A-Z]{2,4}|[A-Z][a-z]?[A-Z]{1,2})[ \t]*$",
            0.75,
        ),
        # a theatre list's staff: "OR1 AMB/KTL; OR2 RCC/JDV", and a role with initials in brackets: "(PA GMB)"
        Pat(
            "theatre_pair",
            r"(?<=\b(?:OR|Theatre|Th|Rm)[ \t]?\d{1,2}[ \t]+(?:\p{Lu}{2,3}/)?)(?P<v>\p{Lu}{2,3})(?=/\p{Lu}{2,3}\b|[ \t]*[;,\n]|$)",
            0.85,
            regex.MULTILINE,
        ),
        Pat(
            "role_in_brackets",
            r"\((?:PA|RN|NP|Dr|SW|OT|PT|HCA|ODP|RM|SN|MO|CNS|ANP|ACP)[ \t]+(?P<v>\p{Lu}{2,4})\)",
            0.85,
        ),
        # "NIC nights: CMcC", "| CMcC" in a handover column: initials holding Mc or Mac are never an abbreviation
        Pat("mac_initials", r"(?<![\w])(?P<v>\p{Lu}{1,2}Ma?c\p{Lu}{1,2})(?![\w])", 0.85),
        # "TV / kp", "Emergency Psychiatry / IAC" at the end of a line: author / scribe
        Pat(
            "pair_signoff",
            r"(?m)(?:^|[.)][ \t]+|[a-z][ \t]+)(?P<v>[A-Z]{2,4})[ \t]*/[ \t]*(?:[a-z]{2,4}|[A-Z]{2,4})[ \t]*$",
            0.8,
        ),
        Pat(
            "slash_signoff",
            r"(?:^|[ \t])/[ \t]?(?P<v>[a-z]{2,4}|[A-Z]{2,4})(?=[ \t]*$|[ \t]*[\r\n])",
            0.85,
            regex.MULTILINE,
        ),
    )
    LIST = regex.compile(
        r"(?:(?i:present|attendees?|cc|copies to|team|staff|initials)[ \t]*:[ \t]*|\()"
        r"((?:[A-Z]{2,3})(?:[ \t]*(?:,|and|&|/)[ \t]*[A-Z]{2,3})+)[ \t]*\)?"
    )

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        v = text[start:end]
        low = v.lower()
        if low in _CLINICAL or low in self.terms:
            return False
        return not (low in english_words() and not v.isupper())

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        results += self._defined_again(text, results)
        for m in self.LIST.finditer(text):  # "(SN, GR)", "Present: DF, LK, MO"
            items = list(regex.finditer(r"[A-Z]{2,3}", m.group(1)))
            people_label = not m.group(0).startswith(
                "("
            )  # "Present: CB, AT, PO" names people whatever the letters
            if not people_label and any(
                x.group(0).lower() in _CLINICAL | self.terms for x in items
            ):
                continue  # "(BP, HR)": abbreviations, so probably not people
            base = m.start(1)
            results += [
                RecognizerResult(
                    self.ENTITY,
                    base + x.start(),
                    base + x.end(),
                    0.8,
                    recognition_metadata={
                        "recognizer_name": type(self).__name__,
                        "pattern": "list",
                    },
                )
                for x in items
            ]
        return results

    def _defined_again(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """ "Study nurse: Pia Østergaard (PØ)" defines PØ: the same capitals standing alone elsewhere in the note (a
        log's "by" column) are that person again."""
        defined = {
            text[r.start : r.end]
            for r in results
            if (r.recognition_metadata or {}).get("pattern") == "after_name"
        }
        taken = {(r.start, r.end) for r in results}
        out = []
        for v in defined:
            for m in regex.finditer(rf"(?<![\w.]){regex.escape(v)}(?![\w.])", text):
                if m.span() not in taken:
                    out.append(
                        RecognizerResult(
                            self.ENTITY,
                            m.start(),
                            m.end(),
                            0.85,
                            recognition_metadata={
                                "recognizer_name": type(self).__name__,
                                "pattern": "defined_again",
                            },
                        )
                    )
        return out
