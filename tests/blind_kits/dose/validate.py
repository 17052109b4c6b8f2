"""Checks one part of a blind dose set: python3 validate.py part_A 31"""
import json, sys, collections, os
part, setn = sys.argv[1], sys.argv[2]
letter = part.split("_")[-1]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), part + ".jsonl")
names = {l.strip() for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "drug_names.txt"))}
KEYS = {"id", "category", "text", "patient", "expected", "severity", "drugs", "rules", "rationale"}
PK = {"age", "sex", "weight_kg", "height_cm", "egfr", "crcl", "scr", "potassium", "pregnant", "allergies"}
RULES = set("max_dose min_dose frequency renal hepatic pediatric neonatal weight opioid route concentration rate insulin allergy interaction duplicate pregnancy lactation geriatric disease not_checked weight_based unknown_drug notation units".split())
SEV = {"error": {"critical", "warning"}, "correct": {"none"}, "not_checked": {"info"}, "notation": {"info"}}
probs, rows = [], []
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    if not line.strip():
        continue
    try:
        r = json.loads(line)
    except Exception as e:
        probs.append(f"line {i}: not JSON ({e})"); continue
    rows.append(r)
    if set(r) != KEYS: probs.append(f"line {i}: keys {sorted(set(r) ^ KEYS)} wrong")
    if r.get("expected") not in SEV: probs.append(f"line {i}: expected {r.get('expected')!r}")
    elif r.get("severity") not in SEV[r["expected"]]: probs.append(f"line {i}: severity {r.get('severity')!r} for {r['expected']}")
    p = r.get("patient", {})
    if not isinstance(p, dict) or set(p) - PK: probs.append(f"line {i}: patient keys {sorted(set(p) - PK)}")
    if "allergies" in p and not isinstance(p["allergies"], list): probs.append(f"line {i}: allergies must be a list")
    if not r.get("rules") or set(r["rules"]) - RULES: probs.append(f"line {i}: rules {r.get('rules')}")
    if not isinstance(r.get("drugs"), list) or not r["drugs"]: probs.append(f"line {i}: drugs must be a non-empty list")
    if ":" not in r.get("category", ""): probs.append(f"line {i}: category must be '<setting>: <what>'")
ids = [r.get("id") for r in rows]
want = [f"s{setn}-{letter}{k:03d}" for k in range(1, 41)]
if ids != want: probs.append(f"ids must be exactly {want[0]}..{want[-1]} in order")
c = collections.Counter((r.get("expected"), r.get("severity")) for r in rows)
need = {("error", "critical"): 10, ("error", "warning"): 6, ("correct", "none"): 18, ("not_checked", "info"): 4, ("notation", "info"): 2}
for k, v in need.items():
    if c.get(k, 0) != v: probs.append(f"{k}: {c.get(k, 0)} cases, need {v}")
drugs = collections.Counter(d for r in rows for d in set(r.get("drugs") or []))
for d, n in drugs.items():
    if n > 3: probs.append(f"drug {d} used in {n} cases (max 3)")
unk = sorted(d for d in drugs if d not in names)
print("drugs not in drug_names.txt (fine only for unknown_drug cases or as co-drugs):", unk)
print("\n".join(probs) if probs else "OK: 40 cases, mix right")
