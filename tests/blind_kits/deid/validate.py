"""Checks one part of a blind de-identification set: python3 validate.py part_A"""
import re, sys, os, collections
SET = "h28"
part = sys.argv[1]
letter = part.split("_")[-1]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), part + ".md")
TYPES = {"PERSON", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "SSN", "MRN", "ID"}
MARK = re.compile(r"\[\[([A-Z]+)\|(.*?)\]\]|<<(.*?)>>", re.S)
HEAD = re.compile(r"^### id:\s*(\S+)\s*\|\s*style:\s*(.*?)\s*\|\s*country:\s*(.*?)\s*$")
md = open(path, encoding="utf-8").read()
lines = md.splitlines()
probs, warns, notes, cur, body = [], [], [], None, []
for ln in lines:
    h = HEAD.match(ln.strip())
    if h:
        if cur: probs.append(f"{cur}: no '### end' before next note")
        cur, body = h.group(1), []
        continue
    if ln.strip() == "### end":
        if not cur: probs.append("'### end' without a header"); continue
        notes.append((cur, "\n".join(body))); cur = None; continue
    if cur: body.append(ln)
if cur: probs.append(f"{cur}: no '### end'")
want = [f"{SET}-{letter}{k:02d}" for k in range(1, 11)]
if [n for n, _ in notes] != want: probs.append(f"ids must be exactly {want[0]}..{want[-1]} in order, got {[n for n, _ in notes]}")
tot = collections.Counter()
for nid, b in notes:
    keep = 0
    for m in MARK.finditer(b):
        if m.group(1):
            if m.group(1) not in TYPES: probs.append(f"{nid}: unknown type {m.group(1)}")
            v = m.group(2)
            if not v.strip() or v != v.strip(): probs.append(f"{nid}: empty or space-padded value {m.group(0)!r}")
            if "[[" in v or "<<" in v: probs.append(f"{nid}: nested markup {m.group(0)[:60]!r}")
            tot[m.group(1)] += 1
            s, e = m.start(), m.end()
            if s > 0 and (b[s-1].isalnum()) or e < len(b) and b[e].isalnum():
                warns.append(f"{nid}: markup touching a word (fine only if the real text glues them) near {b[max(0,s-10):e+10]!r}")
        else:
            keep += 1
    plain = MARK.sub(lambda m: m.group(2) if m.group(1) else m.group(3), b)
    if any(t in plain for t in ("[[", "]]", "<<", ">>")): probs.append(f"{nid}: unbalanced markup")
    w = len(plain.split())
    if not 120 <= w <= 520: probs.append(f"{nid}: {w} words (want 150-450)")
    if keep < 4: probs.append(f"{nid}: only {keep} <<clinical>> strings")
print(dict(tot))
print("\n".join(warns))
print("\n".join(probs) if probs else f"OK: {len(notes)} notes")
