"""Cues that a sentence is addressed to a model, grouped by what the text does (class data, as in Presidio).

Every pattern runs on `cdss.text.fold` output (invisible characters removed, look-alike letters and digit
spellings folded, lower case) and on decoded readings of the text. The groups were written from the kinds of
attack (OWASP LLM01 indirect injection, published examples), then widened by the misses of development sets
1-3 (tests/generate/independent); held-out sets are never read while editing these.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import urllib.parse

from cdss.text import clean, fold

_AI = (
    r"(?:(?:ai|a\.i\.|artificial intelligence|conversational ai|virtual|digital|automated|smart) ?"
    r"(?:assistants?|agents?)|the assistant(?!s)|assistant(?=\s*[:,–—])|chat ?bots?|copilots?|ai(?![-\w])|a\.i\.|"
    r"chat ?gpt|gpt-?\d*|llms?|(?:large )?language models?|bots?|robots?(?=[\w ]{0,25}:)|crawlers?|scrapers?|"
    r"(?:recommendation|answer|search|ai) engines?|(?:search|online|digital|ai) helpers?|"
    r"reading (?:systems?|tools?|software|apps?)|conversational (?:systems?|agents?|tools?)|"
    r"summari[sz]ers?|(?:summari[sz]ing|summary|captioning|transcription|search|answering|text-generation) "
    r"(?:tools?|software|engines?|systems?|models?)|[\w-]*(?:captioning|summari[sz]ing|generation|generative|"
    r"vision|decision support) models?|models?(?=\s*[:,–—])|machine (?:consumption|processing|readers?)|"
    r"automated (?:readers?|systems?|tools?|summar\w*|pipelines?|models?|agents?)|machine readers?|"
    r"retrieval[- ]augmented[\w -]{0,20}|rag (?:system|pipeline)s?|gemini|claude|gemma|medgemma|"
    r"(?:the|this|any) model(?!\s+(?:of|for|predict\w*|estimat\w*|suggest\w*|was|uses|based))|"
    r"ia|ki-assistent\w*|ki|sprachmodell\w*|modelo de lenguaje|mod[eè]le de langage|modello linguistico|"
    r"assistente|asistente|人工智能|人工知能|助手|模型|アシスタント)"
)
# software or a reader that turns this document into answers: "tools quoting this page", "answer engines"
_CONSUMER = (
    r"(?:tools?|software|systems?|aids?|engines?|readers?|apps?|helpers?|applications?|programs?|"
    r"processors?|controllers?|responders?|services?|integrations?|devices?|anything|"
    # people are assistants too (nursing, healthcare, pharmacy...), and a "model answer" is a teaching aid
    r"(?<!nursing )(?<!healthcare )(?<!health care )(?<!care )(?<!pharmacy )(?<!physician )(?<!medical )"
    r"(?<!dental )(?<!teaching )(?<!theatre )(?<!clinical )assistants?|models?(?! answers?)|"
    r"whatever|whoever|anyone or anything)"
)
_USES = (
    r"(?:answer\w*|quot\w+|cit(?:e|es|ing)|summari[sz]\w*|retriev\w*|referenc\w*|extract\w*|draw\w* on|"
    r"generat\w*|produc\w*|compil\w*|compos\w*|build\w*|writ\w*|reads?|reading|process\w*|appl\w+|pars\w+|"
    r"respond\w*|pull\w*|surfac\w*|present\w*)"
)
_DOC = (
    r"(?:this|these|the following|the present) (?:\w+ ){0,2}?(?:page|guideline|document|protocol|leaflet|"
    r"monograph|text|passage|section|file|card|image|table|figure|pdf|policy|record|chart|content|source|footnote|"
    r"bulletin|newsletter|handbook|order set|procedure|pathway|sheet|notice|statement|update|memo|entry)s?"
)
# multilingual: addressee words and "tools" / "summaries" in the languages guidelines are translated into
_INTL = (
    r"(?:inteligencia artificial|intelig[eê]ncia artificial|intelligenza artificiale|sztucznej? inteligencj\w+|"
    r"kunstmatige intelligentie|k[uü]nstliche intelligenz|intelligence artificielle|herramientas|ferramentas|"
    r"strumenti|narz[eę]dzi\w*|hulpmiddelen|outils|werkzeuge|samenvattingssoftware|czytnik\w*|sistemas|"
    r"modelo|modello|mod[eè]le|modell|asistente|assistente|assistent|助手|アシスタント|인공지능|어시스턴트|"
    r"الذكاء الاصطناعي|مساعد|الآلية|المستخدم|النموذج|للنموذج|कृत्रिम बुद्धि|एआई|स्वचालित|उपयोगकर्ता|सिस्टम|"
    r"자동화|사용자|sistema|assistenti|assistants? d'ia|d'ia|l'ia|ki-\w+|ии|искусственн\w+|ассистент\w*|"
    r"модел\w+|нейросет\w+)"
)
_INTL_DO = (
    r"(?:omit|omita|omitan|ometti|omettete|laat|weglaten|pomi[nń]|nie pokazuj|no menciones|n[aã]o mencione|"
    r"ne mentionnez|non menzionare|erw[aä]hne nicht|vermeld|informem|indiquen|indiquez|responde|responda|"
    r"rispondi|antwoord|odpowiadaj|r[eé]pondez|devono|deben|devem|doivent|moeten|powinny|sollen|chiedere|"
    r"pedir|negeer|ignorar|ignorer|ignoruj|무시|답변|답해야|생략|تجاهل|أجب|أخبر|لا تذكر|اطلب|अनदेखा|उत्तर|बताएं|"
    r"कहें|न दिखाएँ|ignorieren|empfehlen|dichiarare|dichiara|declare|déclarez|mencione|menzionare|"
    r"игнорир\w*|не упоминай\w*|отвечай\w*|сообщай\w*|укажите|скажите)"
)
_DIRECTIVE = (
    r"(?:should|must|shall|is to|are to|is required to|are required to|needs? to|is asked to|are asked to|"
    r"is instructed to|are instructed to|may not|must not|shall not|should not|is expected to|ought to|"
    r"ought not to)"
)
_TO = r"(?:for|to|per|pour|para|für|an|à|al|alla|au|aux|attention|reminder|dear|hey|hello)"
_ARTICLE = (
    r"(?:(?:the|any|all|an?|every|l'|la|le|el|der|die|das|tout|toute|todo|cualquier|jeder|ogni) ?)?"
)


class Cues:
    """Groups of cues; `STRONG` groups flag alone, `WEAK` ones need meaning to agree."""

    STRONG: dict[str, str] = {
        # "ignore the instructions above", "disregard the hospital formulary", "ignore the above."
        "override": r"\b(?:ignore|disregard|forget|override|bypass|supersedes?|discard|set aside)\b[\w\s,'-]{0,30}"
        r"\b(?:previous|prior|above|earlier|preceding|all other|any other|your|existing|original|system|"
        r"safety|hospital|these|those)\b[\w\s,'-]{0,25}\b(?:instructions?|prompts?|guidance|rules|"
        r"directives?|context|messages?|policies|guidelines?|warnings?|formulary|citations?|sections?|"
        r"restrictions?|filters?|configuration)\b|"
        r"\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+)?(?:of\s+)?(?:the\s+)?(?:above|previous|"
        r"preceding|foregoing)\s*(?:[.,;:!]|$|and\b)|\b(?:ignore|disregard|forget)\b[^.;]{0,60}\bwhen "
        r"(?:answering|responding|replying|summari[sz]ing)\b|"
        r"\b(?:negeer|ignora|ignore|ignoruj|"
        r"ignoriere|ignorez|olvida|oubliez|vergiss)\b.{0,20}\b(?:eerdere|anteriores|precedenti|poprzedni\w*|"
        r"pr[eé]c[eé]dentes|vorherigen|previas)\b",
        # Chinese and Japanese: addressed to an assistant, "system prompt", "ignore", "from now on"
        "cjk": r"(?:人工智能|人工知能|助手|アシスタント|模型|(?<![a-z])ai(?![a-z]))[^:\s\w]{0,8}:|(?:人工智能|人工知能|助手|"
        r"アシスタント)[^:\s]{0,8}:|系统提示|系統提示|システムプロンプト|忽略|无视|"
        r"無視|从现在开始|從現在開始",
        # fake roles, chat templates and configuration blocks
        "role": r"(?:<!--|[\[<{(])\s*/?\s*(?:system|assistant|developer|admin|instructions?|user|prompt|inst)\s*"
        r"(?:\]|>|:|\)|\})|(?:^|[.!?]\s)\s*(?:system|assistant|developer|admin|instructions?|user|prompt)\s*:"
        r"(?=[^\n]{0,100}\b(?:you|your|respond|reply|answer|ignore|state|say|tell|omit|do not|never|always|"
        r"treat|act|summari[sz]e|recommend)\b)|\[\s*(?:system|admin|developer)\b[^\]\n]{0,40}\]|"
        r"<\s*/?\s*context\s*>|\bnew instructions\s*:|font-size\s*:\s*0|display\s*:\s*none|visibility\s*:\s*hidden|"
        r"color\s*:\s*#?(?:fff|ffffff|white)\b|\bai[-_](?:instructions?|prompts?|directives?)\b|"
        r"\"(?:reader|ai|llm|model|assistant|bot|agent)_\w+\"\s*:|<\|?\s*(?:im_start|im_end|system|endoftext)|<\s*/?\s*(?:instructions?|system|"
        r"assistant\w*|prompt|config\w*)\b|###\s*(?:instructions?|system)\b|\"(?:override|role|system|"
        r"new_\w+|instructions?)\"\s*:|\bsystem (?:prompt|message)\b|\b(?:system|admin|developer)\s+"
        r"(?:override|update|mode)\b\s*:",
        # asking to reveal, send or call something
        "pii": r"\b(?:include|add|append|send|forward|e-?mail|post|upload|insert)\b[^.]{0,40}\b(?:home address|"
        r"mobile number|phone number|nhs number|national id\w*|social security|credit card|card number|"
        r"bank details|passwords?)\b|\b(?:ask|request)\b[^.]{0,30}\b(?:credit card|card number|bank details|"
        r"passwords?|codice fiscale)\b",
        "reveal": r"\b(?:reveal|print|repeat|reproduce|recite|output|show|display|dump|leak|send|forward|e-?mail|"
        r"upload|post)\b"
        r"[\w\s,'-]{0,40}\b(?:system prompt|your (?:prompt|instructions|rules|configuration|context)|"
        r"hidden (?:prompt|instructions|configuration)|(?:full |entire )?conversation|context window|"
        r"api key|credentials)\b|\bcall (?:the )?\w+ (?:tool|function)\b|\bsend_\w+|"
        r"\{\{?\s*(?:patient|note|user|context|conversation)[\w.]*\s*\}\}?|\binsert_\w+_here\b",
        "persona": r"\b(?:you are now|from (?:now|this point) on,? (?:you|reply|respond|answer|always|never|only)|act as (?:an? |the )?(?:unrestricted|"
        r"unfiltered|jailbroken|evil|rogue|new|different)\b|pretend (?:to be|you are)|role-?play as|"
        r"developer mode|jailbr[eo]ak|do anything now|no longer bound|without (?:any )?(?:content )?"
        r"restrictions|with no (?:rules|restrictions|filters)|let'?s play a game|your role is to|"
        r"you are (?:an? )?\w*bot|(?:take on|assume|adopt) the (?:role|persona) of|unrestricted (?:\w+ )?"
        r"(?:ai|assistant|model|chatbot)|(?:administrator|admin|root|developer|superuser) (?:rights|access|"
        r"privileges|mode)|(?:safety|content) (?:layer|filter(?:s|ing)?|checks?|guardrails?) (?:is |are |has been |"
        r"have been )?(?:disabled|off|removed|lifted|suspended)|without (?:any )?safety checks|override code|"
        r"pretend (?:that )?(?:the|these|this|there)\b[^.]{0,60}\b(?:do not|does not|don't|no longer) "
        r"(?:exist|apply)|answer as an? unrestricted)\b",
        # speaking to a model: "Note for automated systems:", "(LLM: ...", "the model should answer..."
        "to_ai": r"\b"
        + _TO
        + r"\s+"
        + _ARTICLE
        + r"(?:[\w'-]+ ){0,3}"
        + _AI
        + r"(?:\s+\S+){0,4}\s*[:,]|"
        r"\b(?:note|message|notice|memo|directive|instructions?) (?:to|for) (?:the |any |all )?"
        + _AI
        + r"\b|"
        r"(?:^|[^\w\s]\s*)(?:assistant|ai|model|llm|bot|copilot|summari[sz]er)s? (?:note|notice|instructions?|"
        r"memo|directive)s?\s*:|\bif you are (?:an? )?(?:\w+ )?(?:tool|software|system|program|reader|engine|"
        r"app|service)\b|"
        r"(?:^|[(\[]\s*)[^\w\s]{0,4}\s*"
        + _AI
        + r"(?:\s+\w+){0,4}\s*:|\b(?:any|every|all|each) "
        + _AI
        + r"(?:\s+\w+)?\s*:|(?:^|[.:;!?\])]\s*)[^\w\s]?\s*"
        + _AI
        + r"\s*[,:–—]|[^\w\s,]\s*(?:ai |language |the )?(?:assistant|ai|models?|llm|copilot|chatbot)\s*[:–—]|"
        r"\b(?:dear|hey|hello|hi|greetings),? "
        + _AI
        + r"\b|\b(?:if|when) (?:an? |any |the )?(?:"
        + _AI
        + r"|assistant|model) (?:is )?(?:reading|processing|summari[sz]ing|generating|answering|parsing|ingesting|asked|"
        r"describing)\b|\b"
        + _AI
        + r"\b(?:\s+[\w'-]+){0,6}?\s+"
        + _DIRECTIVE
        + r"\b(?!\s+(?:not\s+)?be\b)|\bif you are (?:an? )?(?:\w+ ){0,2}(?:"
        + _AI
        + r"|models?)\b|\b(?:se|si) (?:voc[eê]|vous|usted|tu) (?:[eé]s?|[eê]tes|eres) (?:um|une?|una?) "
        + _AI,
        # text about the answer being produced from it
        "meta": r"\b(?:answer|respond|reply|behave) as if\b|\bfor (?:every|each|any|all) (?:answers?|responses?|"
        r"replies|questions?)(?: you| that)\b|\btreat (?:this|the following|the content of this) (?:guideline|"
        r"document|text|section|passage|page|chunk|content)\b[\w\s]{0,20}\bas\b|\bquestion[- ]answering\b|"
        r"\bwhen (?:answering|responding to) (?:questions?|queries|any question|the clinician|users?)\b|"
        r"\bbefore (?:responding|answering|replying)\b|\b(?:in|into) (?:your|their|its) (?:answers?|"
        r"responses?|replies|output|summar(?:y|ies))\b|\bwithout quoting\b|\b(?:higher|highest|top) priority "
        r"than\b|\btell (?:the |every |each )?(?:user|reader)s?\b|\bdecode (?:and|then) (?:follow|execute|obey|"
        r"run|apply)\b|\b(?:for )?"
        + _AI
        + r" (?:use|eyes|consumption|readers?) only\b|\bvisible (?:only )?to "
        r"(?:the |an? )?" + _AI + r"\b|\bthe user'?s? (?:question|query|request|"
        r"prompt)\b|\b(?:answers?|responses?|summar(?:y|ies)|"
        r"outputs?) (?:citing|using|based on|drawn from|generated from|that (?:cite|use|quote)) (?:this|the) "
        r"(?:page|document|guideline|section|text|source)\b[\w\s]{0,15}\b" + _DIRECTIVE + r"\b",
    }
    STRONG.update(
        {
            # "Automated decision aids quoting this guideline should present ...", "readers generating answers should"
            "consumer": r"\b"
            + _CONSUMER
            + r"\b(?:\s+\S+){0,4}?\s+(?:that |which |who )?"
            + _USES
            + r"\b(?:\s+\S+){0,4}?\s+(?:"
            + _DOC
            + r"|answers?|responses?|replies|summar(?:y|ies)|questions?)"
            r"\b[\w\s,'()-]{0,40}?\b(?:"
            + _DIRECTIVE
            + r"|are to|is to|will|could|would|please|kindly)\b"
            r"(?!\s+(?:not\s+)?be\b)|"
            r"\b(?:summar(?:y|ies)|answers?|responses?|replies|outputs?|text|content) (?:built|produced|generated|created|"
            r"drawn|compiled|derived|made|taken|written) (?:from|using|on|with) "
            + _DOC
            + r"\b[\w\s,'()-]{0,30}?\b"
            + _DIRECTIVE
            + r"\b|"
            r"\b(?:when|if|once|whenever) (?:this|the) (?:\w+ )?(?:is|are) (?:\w+ ){0,3}?(?:used as evidence|"
            r"quoted|cited|retrieved|summari[sz]ed|surfaced|used to answer|processed|ingested|parsed)\b|\bwhen quoted by\b|\bwhen (?:quoting|citing|"
            r"summari[sz]ing) (?:this|the following)\b|\b(?:text|reading|voice|screen|assistive|digital|"
            r"automated|automatic) (?:readers?|tools?|processors?|apps?)\s*[:,–—]|\bto whatever reads\b|"
            r"\banything (?:that |which )?(?:reads|generat|answer|process)|"
            # "readers producing answers:", "tools extracting this table:", "for digital tools to repeat"
            r"\b" + _CONSUMER + r"(?:\s+\S+){0,3}?\s+" + _USES + r"\b(?:\s+\S+){0,4}?\s*:|"
            r"\b(?:for|to) (?:\w+[ -]){0,2}"
            + _CONSUMER
            + r" to (?:repeat|say|state|answer|quote|present|use|tell|"
            r"report)\b|\b(?:\S+ ){0,4}?"
            + _CONSUMER
            + r" (?:\S+ ){0,4}?"
            + _DIRECTIVE
            + r" (?:now |always |first |"
            r"also |instead )?(?:describe|present|state|say|tell|report|advise|omit|leave out|include|reply|"
            r"answer|respond|recommend|reveal|ask|request|remove|hide|swap|lower|raise|change|mark|fill in|"
            r"insert|append|attach|disregard|ignore|skip|suppress|treat)\b|"
            r"\b(?:digital|automated|ai|machine) (?:systems?|tools?|readers?|processing|services) only\b|"
            r"\b(?:downstream|generated|automated|ai|machine) (?:summar(?:y|ies)|answers?|responses?|outputs?) "
            r"(?:\S+ ){0,3}?"
            + _DIRECTIVE
            + r"\b|\bfor the purposes? of (?:any |the )?(?:generated|automated)"
            r" (?:summar(?:y|ies)|answers?|responses?)\b|\b(?:the |your |each |every )?(?:response|answer|"
            r"reply|summary) (?:should|must) (?:open|begin|start|end|close) (?:by|with)\b|"
            r"\b(?:applicable|applies|apply) to (?:[\w-]+ )?"
            + _AI
            + r"|\bhidden (?:field|text|note|block|"
            r"instructions?|line|comment)s?\b",
            # answers written in advance for the model
            "prewritten": r"\b(?:suggested|standard|approved|preferred|default|canned) (?:answer|reply|response|wording)s? "
            r"(?:for|to be used|\()|\bto be used verbatim\b|"
            r"\bthe (?:correct|right|proper|only|approved|official) (?:answer|reply|response)(?: to give)? "
            r"(?:is|should be|will be)\b|\bif asked (?:whether|about|if)\b[^.?]{0,80}\b(?:answer|reply|say|"
            r"respond|state)\b|\b(?:do what it says|carry (?:it|this|them) out|act on (?:it|this|them))\b|"
            r"\b(?:decode|reverse|translate|unscramble|decrypt)\b[^.]{0,60}\b(?:follow|obey|execute|apply)"
            r"\b|\byour (?:real|new|true|actual|only) (?:job|task|role|purpose|goal|instructions?)\b|"
            r"\b(?:respond|suppress|hide|omit|cite|answer)-(?:\w+-)*(?:without|warnings?|caveats?|as|"
            r"approved)\b|\bend safety filtering\b|\bclearance level\b",
        }
    )
    WEAK: dict[str, str] = {
        "addressee": r"\b" + _AI + r"\b",
        "output": r"\b(?:any (?:summary|answer|response) (?:of|about|to)|(?:respond|reply|answer) (?:only|with|that|by)|"
        r"do not (?:mention|cite|quote|reveal|disclose)|state that|claim that|summari[sz](?:e|ing) this|"
        r"the user)\b",
        "link": r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w+|\bbase64\b|[A-Za-z0-9+/]{24,}={0,2}",
    }

    def __init__(self) -> None:
        self.strong = {
            k: re.compile(v, re.IGNORECASE | re.MULTILINE) for k, v in self.STRONG.items()
        }
        self.weak = {k: re.compile(v, re.IGNORECASE | re.MULTILINE) for k, v in self.WEAK.items()}

    def find(self, text: str) -> tuple[list[str], list[str]]:
        """Cue groups found in the text as displayed, and in what it decodes to when it is written backwards, in
        ROT13, in base64 or letter by letter ("d-i-s-r-e-g-a-r-d"). Decoding ordinary prose yields gibberish
        that matches nothing, so the decoded readings only ever add planted text."""
        keys = [fold(text)] + decodings(text)
        strong = [k for k, rx in self.strong.items() if any(rx.search(key) for key in keys)]
        plain = clean(
            text
        ).lower()  # other scripts as written (folding maps Cyrillic letters to Latin ones)
        if any(
            _INTL_RX.search(k) and _INTL_DO_RX.search(k) for k in (keys[0], plain)
        ):  # addressee and verb
            strong.append("intl")
        if _OVERRIDE_CONTROL.search(
            text
        ):  # "Trojan Source": text displayed in another order than it is stored
            strong.append("bidi_override")
        weak = [k for k, rx in self.weak.items() if rx.search(keys[0])]
        return strong, weak


_INTL_RX = re.compile(_INTL)
_INTL_DO_RX = re.compile(_INTL_DO)
_OVERRIDE_CONTROL = re.compile("[\u202d\u202e]")
_SPACED_WORDS = re.compile(r"(?:\S ){6,}\S")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}){10,}\b")
_B64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_SPELLED = re.compile(r"\b(?:[A-Za-z][-.·_*]){3,}[A-Za-z]\b")
_SPACED = re.compile(r"\b(?:[A-Za-z] ){4,}[A-Za-z]\b")


def decodings(text: str) -> list[str]:
    out = [fold(text[::-1]), fold(codecs.decode(text, "rot13"))]
    if _SPACED_WORDS.search(text):  # "N o t e   t o   t h e   m o d e l"
        out.append(
            fold(re.sub(r"(?<=\S) (?=\S)", "", re.sub(r" {2,}", "\x00", text)).replace("\x00", " "))
        )
    if "%" in text:
        out.append(fold(urllib.parse.unquote(text)))
    for token in _HEX.findall(text):
        try:
            out.append(fold(bytes.fromhex(token).decode("utf-8")))
        except (ValueError, UnicodeDecodeError):
            continue
    spelled = _SPACED.sub(
        lambda m: m.group().replace(" ", ""),
        _SPELLED.sub(lambda m: re.sub(r"[-.·_*]", "", m.group()), text),
    )
    if spelled != text:
        out.append(fold(spelled))
    for token in _B64.findall(text):
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode(
                "utf-8"
            )
        except (binascii.Error, UnicodeDecodeError):
            continue
        if decoded.isprintable():
            out.append(fold(decoded))
    return out
