"""Checks one part of a blind bedside set: python3 validate.py part_A"""
import json, sys, os, re, collections
SET = "b14"
here = os.path.dirname(os.path.abspath(__file__))
part = sys.argv[1]; letter = part.split("_")[-1]
norm = lambda s: re.sub(r"\s+", " ", s).strip().lower()
probs, rows = [], []
for i, line in enumerate(open(os.path.join(here, part + ".jsonl"), encoding="utf-8"), 1):
    if not line.strip(): continue
    try: r = json.loads(line)
    except Exception as e: probs.append(f"line {i}: not JSON ({e})"); continue
    rows.append(r)
    extra = set(r) - {"id", "question", "note", "gold_doc", "gold_phrase", "unanswerable"}
    if extra: probs.append(f"line {i}: unknown keys {sorted(extra)}")
    if not r.get("question", "").strip(): probs.append(f"line {i}: empty question")
    if r.get("unanswerable"):
        if r.get("gold_doc") or r.get("gold_phrase"): probs.append(f"line {i}: unanswerable with a gold")
        continue
    doc = os.path.join(here, "corpus", r.get("gold_doc", ""))
    if not r.get("gold_doc") or not os.path.isfile(doc): probs.append(f"line {i}: gold_doc {r.get('gold_doc')!r} not found under corpus/"); continue
    ph = r.get("gold_phrase", "")
    n = len(ph.split())
    if not 4 <= n <= 30: probs.append(f"line {i}: gold_phrase has {n} words (want 4-30)")
    if norm(ph) not in norm(open(doc, encoding="utf-8").read()): probs.append(f"line {i}: gold_phrase not found verbatim in {r['gold_doc']}")
ids = [r.get("id") for r in rows]
want = [f"{SET}-{letter}{k:03d}" for k in range(1, 63)]
if ids != want: probs.append(f"ids must be exactly {want[0]}..{want[-1]} in order")
un = sum(1 for r in rows if r.get("unanswerable"))
if un != 10: probs.append(f"{un} unanswerable, need 10")
docs = collections.Counter(r["gold_doc"] for r in rows if not r.get("unanswerable") and r.get("gold_doc"))
if len(docs) < 20: probs.append(f"only {len(docs)} gold documents, need at least 20")
print("\n".join(probs) if probs else f"OK: {len(rows)} questions, {len(docs)} documents")
