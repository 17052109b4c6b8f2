"""Independent dose-check sets written blind (tests/dosing/independent/): the figures are printed every run.

set1 was written before the rules were changed (first run on the old checker: recall 0.202, 6 of 39 critical
cases at critical, false alarms 0.098) and has since been used to find and fix defects: a development set.
set2 was written blind after those fixes and never used for tuning; its first run (commit b0ad2a2) gave recall
0.875, 33 of 40 critical at critical, false alarms 0.031, not-checked/notation reported 0.952. Its misses were then
fixed (session 3), so it is a development set too.

set3 was written blind in session 3 (from the drug-name list only) and run once on commit 673a90a: recall 0.872
(68/78), 31 of 39 critical at critical, false alarms 0.074 (7/95), not-checked/notation 23/27
(set3_first_run.txt). Its misses were then fixed, so it is a development set as well.

set4 was written blind after the set-3 fixes (adding an infusion category) and run once on dosing code 9027098:
recall 0.797 (63/79), 27 of 41 critical at critical, false alarms 0.130 (12/92), not-checked/notation 28/29
(set4_first_run.txt), the honest figure of this session. After its fixes it is a development set too; four of its
misses are not fixed (see GOALS and the closing note), so its floor is below the goals.

set5 was written blind after the set-4 fixes and run once on dosing code 3edbaad: recall 0.875 (63/72), 34 of 42
critical at critical, false alarms 0.082 (8/98), not-checked/notation 20/30 (set5_first_run.txt), the final honest
figure of session 3. A few of its generic defects were then fixed (bag strengths read as doses, daily totals, whole
opioid regimens in conversions, drug-name abbreviations), and more with set 6's (session 7: rates, liquid
strengths, protocol lines, opioid-naive wording); its floor is its current score.

set6 was written blind in session 7 (from the drug-name list only, 120 cases) and run once on dosing code 75f57fa:
recall 0.808 (42/52), 17 of 22 critical at critical, false alarms 0.067 (3/45), not-checked/notation 21/23
(set6_first_run.txt). Its defects were then fixed, so it is a development set held to the goals. One scoring
change came with it: a finding names a case drug when one name is the other with a salt or form word added
("penicillin g" for "penicillin g benzathine"), and unknown-drug cases whose drug has since been added to the
formulary are scored as correct orders (set5's nimodipine case). set5's floor rose to its current score after set 7's fixes.

set7 was written blind in session 8 (from the drug-name list only, 160 cases by four authors, one group of
categories each) and run once on dosing code 1d71440: recall 0.838 (57/68), 27 of 41 critical at critical, false
alarms 0.111 (8/72), not-checked/notation 14/20 (set7_first_run.txt). Its defects were then fixed (opioid
escalations, naive PCA basal and q1h oral orders, route conversions of one opioid, pump rates in mL/h of a stated
bag, insulin infusions with low potassium, reduced DOAC doses without the criteria, high-alert duplicates at
critical, past and planned-overlap wording), so it is a development set held to the goals. One scoring change came
with it: its authors labelled "no weight" cases with rule weight_based, which the checker reports as not_checked.

set8 was written blind after the set-7 fixes (same method, 160 cases) and run once on dosing code 67a3cd0: recall
0.866 (58/67), 29 of 39 critical at critical, false alarms 0.110 (8/73), not-checked/notation 19/20
(set8_first_run.txt): the honest figure of session 8. Its defects were then fixed (pump rate against the ordered
rate, U-500 with U-100 syringes, shared aminopenicillin side chain, IM with low platelets, underdosed beta-lactam
intervals, aminoglycosides on adjusted weight, combination strengths written 5-325, intraperitoneal dosing, PRN-only
ceilings near the maximum as information), so it is a development set too.

set9 was written blind in session 9 (same method, 160 cases, new categories: interaction, duplicate, pregnancy,
multi-drug lists, electrolyte, antimicrobial, geriatric, route) and run once on dosing code 4456534: recall 0.855
(53/62), 29 of 35 critical at critical, false alarms 0.141 (10/71), not-checked/notation 27/27 (set9_first_run.txt).
Its defects were fixed in session 10 (documented interaction management and inapplicable contexts as formulary
data, monitor-only digoxin pairs, duplicated basal insulin and anticoagulants at critical, later stop orders,
titration and intra-op intervals, NSAIDs from 20 weeks of gestation, AGS Beers drugs from 65, milrinone rate by
CrCl, pump rates written after the ordered rate, rates written after the bag, basal insulin held in type 1
diabetes, IM vitamin K in adults, continuous hypertonic saline without severe symptoms), so it is a development set.

set10 was written blind in session 10 (160 cases from four new authors: neonatal, obstetric, psychiatry,
lactation, oncology, transplant, hepatic, TDM, ICU infusions, reversal and 10 more) and run once on d10f6e9: recall
0.732 (52/71), 30 of 42 critical at critical, false alarms 0.176 (12/68), not-checked/notation 19/21
(set10_first_run.txt). Its defects were fixed in session 11 (bags with no dose read at the pump rate or over the
stated time, QT pairs judged by the written QTc, reduced tacrolimus/thiopurine and ventilated sedation as
information, neonatal aminoglycoside intervals, extended-interval aminoglycosides in renal bands, benzodiazepines in
the Beers rule, clozapine/lamotrigine re-titration, calcium chloride via a peripheral line, naloxone in opioid
dependence, prasugrel after stroke/TIA, codeine/tramadol in breastfeeding, doses per m2), so it is a development
set. One miss stays: rifampin with a combined pill (ethinyl estradiol is not on the formulary).

set11 was written blind in session 11 after set 10's fixes (160 cases: ED, perioperative, sedation, inpatient ID,
paediatric/neonatal, obstetric/lactation, long-term care, palliative, dialysis, hepatology, anticoagulation,
diabetes, oncology supportive care, neuro/psych, ICU high-alert, discharge) and run once on c47a4e3: recall 0.825
(66/80), 36 of 47 critical at critical, false alarms 0.118 (8/68), not-checked/notation 12/12
(set11_first_run.txt). Most of its defects were fixed in the same session (no adult CrCl formula in children, end-of-
life sedation, negated drug lists, percent-strength volumes, titration ceilings, lamotrigine started beside
valproate, terbutaline tocolysis, succinylcholine in hyperkalaemia, nitrofurantoin at term, duplicate anaerobic
cover, cefazolin prophylaxis underdose, far-too-frequent renal intervals, occasional opioid use as naive): 0.963,
44 of 47, no false alarms. It is a development set with a floor at those figures until the last three misses are
fixed (apixaban before a neuraxial block, awake paralysis, paediatric vancomycin once daily).

set12 was written blind in session 11 after set 11's fixes (160 cases by four authors: addiction medicine,
surgical prophylaxis and OPAT, haematology, respiratory, paediatric ED, women's health, older adults, transitions of
care, transplant and CRRT, heart failure and arrhythmia, epilepsy and stroke, endocrine, critical-care electrolytes,
psychiatry, rheumatology, outpatient ID) and run once on dfbee19: recall 0.850 (68/80), 34 of 43 critical at
critical, false alarms 0.132 (9/68), not-checked/notation 12/12 (set12_first_run.txt). Its defects were fixed in
session 12 (drug-disease contraindications from the labels, "STOPPED -" med-rec tags, drugs named as avoided or
planned for later, step-down steroid regimens, combination products with their strengths spelt out in brackets, a
pen strength before the dose, restarts after refused doses, managed digoxin and prophylactic-LMWH pairs,
lamotrigine with valproate, methotrexate for ectopic pregnancy, montelukast by age, hydroxychloroquine per kg,
tacrolimus 10-fold, nimodipine via a PIV, concentrated dextrose peripherally): 0.963 (77/80), 42 of 43, no false
alarms. Three misses stay: prednisolone 4 mg/kg/day for asthma (the ITP regimen allows it), fluconazole underdosed on
CRRT, and levothyroxine 500 mcg in an older cardiac patient caught only as a warning.

set13 was written blind in session 12 after set 12's fixes (160 cases by four authors: oncology supportive care,
palliative care, perioperative and neuraxial, ICU sedation and vasopressors, NICU, paediatric wards, obstetrics,
adolescent and sexual health, ACS and anticoagulation, neurocritical care, DKA and perioperative insulin, cirrhosis,
toxicology, HIV/TB/travel, care homes, ED) and run once on 39360c5: recall 0.785 (51/65), 27 of 33 critical at
critical, false alarms 0.211 (15/71), not-checked/notation 22/24 (set13_first_run.txt). Its defects were fixed in the
same session (UK "QDS" and "6-hourly" frequencies, table rows, "(oxycodone/APAP 5/325)" and two-word component
names, brand duplicates summed per kg, negated allergies, "- STOP" and "WITHHOLD" verdicts, NSAIDs one after the
other, STEMI and ACS antithrombotic regimens, prophylactic heparin with aspirin, vitamin K below 10 mg with warfarin,
palliative rescue doses and subcutaneous routes, neuraxial fentanyl and hydromorphone, titration to effect, loads
beside maintenance doses, least doses for an indication, QTc with haloperidol, SGLT2 inhibitors on the day of
surgery, 23.4% saline peripherally, neonatal morphine infusions, carvedilol for varices), so it is a development set.

set14 was written blind in session 12 after set 13's fixes (160 cases: inpatient ID, transplant, dialysis, haem-onc,
paediatric ED/PICU, community pharmacy, mental health, contraception, heart failure, respiratory, endocrine,
neurology, frailty, surgical pain, rheumatology/dermatology, discharge reconciliation) and run once on 3af753c:
recall 0.828 (53/64), 25 of 32 critical at critical, false alarms 0.139 (10/72), not-checked/notation 23/24
(set14_first_run.txt), the honest figure after the set 12 and 13 fixes. Six false alarms were then fixed (a dosed stop
ending an earlier undosed mention, "replaces", "not tolerated" and "failed", "once a month", propranolol q4h in
thyroid storm); its misses are not fixed yet, so its floor is its current score.

set15 was written blind in session 12 after set 14's false-alarm fixes (160 cases: oral chemotherapy,
anticoagulation clinic and bridging, antimicrobials in kidney impairment, endocrine emergencies, infants, school
age and adolescents, obstetric medicine and breastfeeding, sickle cell, ICU infusions, PACU, trauma and burns,
outpatient neurology, home medication lists, primary care, hepatology, HIV and hepatitis) and run once on b9dd41c:
recall 0.797 (51/64), 22 of 32 critical at critical, false alarms 0.169 (12/71), not-checked/notation 24/25
(set15_first_run.txt): the honest figure of session 12. Its floor is that first run.

set16 was written blind in session 13 (160 cases by four authors in twenty settings new to our sets: emergency
surgery, burns, cardiothoracic ICU, cath lab, dermatology, ophthalmology/ENT, urology, bariatrics, eating
disorders, spinal cord injury, paediatric oncology, adolescent mental health, travel medicine, custody, street
medicine, zoonoses, sports medicine, pre-operative clinic, aeromedical retrieval, palliative syringe drivers) and
run once on 9cea07f: recall 0.806 (54/67), 29 of 36 critical at critical, false alarms 0.232 (16/69),
not-checked/notation 22/24 (set16_first_run.txt). One label was wrong (LABELS.md). Its false alarms and five misses
were fixed in session 13, so it is a development set; set15's false alarms too.

set17 was written blind in session 13 after the set 14-16 fixes (160 cases by four authors: orthogeriatrics,
neonatal transport, renal transplant, haemophilia, TB/DOT, cystic fibrosis, hyperbaric medicine, field hospital,
cruise ship, dispensing practice, virtual ward, OPAT, pain/ketamine clinic, detoxification, labour ward, paediatric
cardiology, neurosurgical ICU, biologics suite, sexual health/PrEP, school nursing) and run once on eeea102: recall
0.776 (52/67), 25 of 35 critical at critical, false alarms 0.072 (5/69), not-checked/notation 23/24
(set17_first_run.txt): the honest figure of session 13 before its own fixes. Its five false alarms and four misses
were then fixed (0.806, 27 of 35, no false alarms), so it is a development set too; six more misses were fixed in
session 16 (0.896, 28 of 35, no false alarms).

set18 was written blind in session 13 after the set 14-17 fixes (160 cases by four authors: memory clinic, stroke
unit, chemotherapy day unit, step-down/HDU, depot clinic, paediatric asthma/allergy, NICU, liver transplant, vascular
surgery, endoscopy, remote nursing post, prison pharmacy, mass casualty, mass gatherings, refugee camp, home PN,
epidural service, ophthalmic day case, sickle cell day unit, antenatal endocrine) and run once on a4a8ade: recall
0.900 (63/70), 33 of 38 critical at critical, false alarms 0.167 (11/66), not-checked/notation 22/24
(set18_first_run.txt): the honest figure of session 13. Its 7 misses, 11 false alarms and 2 unreported cases were
fixed in session 14 (1.000 / 38 of 38 / 0.000 / 24 of 24), so it is a development set.

set19 was written blind in session 14 after the set 18 fixes (160 cases by four authors: burns, renal transplant,
labour ward, sickle cell, TB clinic, paediatric oncology, eating disorders, cystic fibrosis, PICU, paediatric day
surgery, cardiothoracic recovery, heart failure, anticoagulation clinic, interventional radiology, neurology, prison
healthcare, addiction outreach, rheumatology infusions, dermatology, urology). First run on 7390551: recall 0.910
(61/67), critical at critical 0.892 (33/37), false alarms 0.029 (2/69), not-checked/notation 23/24
(set19_first_run.txt), the first honest figure of session 14. Its 6 misses, 2 false alarms and 1 unreported case
were then fixed (1.000 / 37 of 37 / 0.000 / 24 of 24), so it is a development set.

set20 was written blind in session 14 after the set 19 fixes (160 cases by four authors: military field hospital,
cruise ship, remote general practice, aeromedical retrieval, mass gatherings, paediatric ED, epilepsy and nephrology,
neonatal surgery, adolescent gynaecology, liver unit, haemophilia, BMT, sexual health, travel medicine, care homes,
virtual wards, discharge counselling, spinal injuries, bariatric surgery). First run on 2ee6908: recall 0.866
(58/67), critical at critical 0.914 (32/35), false alarms 0.029 (2/69), not-checked/notation 22/24
(set20_first_run.txt): the second honest figure of session 14. Its 9 misses, 2 false alarms and 2 unreported cases
were then fixed (1.000 / 35 of 35 / 0.000 / 24 of 24), so it is a development set.

set21 was written blind in session 14 after the set 20 fixes (160 cases by four authors: diving medicine,
occupational health, eye emergencies, ENT, maxillofacial surgery, paediatric cardiology, rheumatology, palliative care,
CAMHS, paediatric burns, acute oncology, haemodialysis, respiratory, OPAT, endocrinology, community pharmacy, dental
surgery, diabetic foot, antenatal clinic, gender identity clinic). First run on b07db18: recall 0.781 (50/64), critical
at critical 0.594 (19/32), false alarms 0.056 (4/72), not-checked/notation 23/24 (set21_first_run.txt): the third
honest figure of session 14, and the lowest. Ten of its 14 misses, all 4 false alarms and the unreported case were
then fixed, and the FRIII rate written as "0.1 units/kg/h = 80 mL/h" after it (0.969 / 31 of 32 / 0.000 / 24 of
24); the last two misses (a Truvada strength written component by component with dolutegravir taken with an
antacid, intravitreal vancomycin 10 mg/0.1 mL) were fixed in session 15 (1.000 / 32 of 32 / 0.000 / 24 of 24).

set22 was written blind in session 16 after the set 21 and set 17 fixes (160 cases by four authors: rural general
practice, prison healthcare, haemodialysis, sports medicine, neonatal surgery, paediatric nephrology, haematology and
emergency, orthogeriatrics, lung transplant, sickle cell, hospice, field hospital, street health, refugee health,
out-of-hours GP). First run on 4450d48: recall 0.547 (35/64), 23 of 40 critical at critical, false alarms 0.111
(8/72), not-checked/notation 16/24, 40 crashes (set22_first_run.txt): one author wrote every patient age as a string
("5 years"), which the patient overrides rejected. With ages read (patient.age now accepts a number with its unit) the
same code scored 0.719 / 31 of 40 / 0.153; the false alarms and nine misses were then fixed (0.844 / 33 of 40 / 0.000),
and with aspirin under 16 and the BAN name mapping in the scorer 0.875 / 34 of 40.

set23 was written blind in session 16 after the set22 fixes (160 cases: OPAT/HIV, adult CF, liver unit, critical care
outreach, paediatric oncology, PICU, NICU, paediatric endocrinology, care home, memory clinic, stroke rehabilitation,
heart failure clinic, obstetric HDU, early pregnancy unit, travel clinic, addiction service). First run on 88f9e92:
recall 0.734 (47/64), 30 of 40 critical at critical, false alarms 0.139 (10/72), not-checked/notation 21/24
(set23_first_run.txt). Six of its false alarms were fixed; its misses were not (held out for the next session).

The development sets are held to the issue's goals: recall >= 0.95, every critical case caught at critical,
false alarms <= 0.05 (never lower them to make a change pass).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdss.dosing import DoseChecker, Formulary
from tests.dosing.independent.scoring import load, score

pytestmark = pytest.mark.integration
HERE = Path(__file__).resolve().parent / "independent"
ROOT = HERE.parents[2]
# name: (min recall, min critical-at-critical, max false-alarm rate, min not-checked/notation reported)
GOALS = {
    "set1": (0.95, 1.0, 0.05, 0.95),
    "set2": (0.95, 1.0, 0.05, 0.95),
    "set3": (0.95, 1.0, 0.05, 0.95),
    "set4": (0.96, 0.92, 0.05, 0.95),
    "set5": (0.98, 1.0, 0.025, 0.93),
    "set6": (0.95, 1.0, 0.05, 0.95),
    "set7": (0.95, 1.0, 0.05, 0.95),
    "set8": (0.95, 1.0, 0.05, 0.95),
    "set9": (0.95, 1.0, 0.05, 0.95),
    "set10": (0.95, 1.0, 0.05, 0.95),
    "set11": (
        0.96,
        0.93,
        0.05,
        0.95,
    ),  # critical-at-critical below the goal: 3 misses left (see the closing note of issue 10)
    "set12": (
        0.96,
        0.97,
        0.05,
        0.95,
    ),  # critical-at-critical below the goal: one warning-only catch left
    # below the goals, floors at the current scores (session 13): their remaining misses are listed in the note
    "set13": (0.92, 0.9, 0.02, 0.9),
    "set14": (0.89, 0.93, 0.02, 0.95),
    # 0.96 -> 0.95 in session 17: a not-checked case for a drug now in the formulary (itraconazole) is scored as a
    # correct order, so the same single miss (hydroxycarbamide) is 1 of 24 instead of 1 of 25
    "set15": (0.9, 0.84, 0.03, 0.95),
    "set16": (0.89, 0.91, 0.02, 0.91),
    # held out until its first run on eeea102 (set17_first_run.txt); a development set since (session 13 fixes)
    "set17": (0.89, 0.8, 0.01, 0.95),
    # held out until its first run on a4a8ade (set18_first_run.txt); a development set since (session 14 fixes)
    "set18": (0.99, 0.99, 0.01, 0.99),
    # held out until its first run on 7390551 (set19_first_run.txt); a development set since (session 14 fixes)
    "set19": (0.99, 0.99, 0.01, 0.99),
    # held out until its first run on 2ee6908 (set20_first_run.txt); a development set since (session 14 fixes)
    "set20": (0.99, 0.99, 0.01, 0.99),
    # held out until its first run on b07db18 (set21_first_run.txt); a development set since (session 14 fixes)
    "set21": (0.99, 0.99, 0.01, 0.99),
    # held out until its first run on 4450d48 (set22_first_run.txt); a development set since (session 16 fixes)
    "set22": (0.87, 0.85, 0.01, 0.79),
    # held out: first run on 88f9e92 (set23_first_run.txt: 0.734 / 30 of 40 / 0.139 / 21 of 24); only its false alarms
    # were fixed (10 -> 4 of 72); its misses are left to measure the next session's changes against
    # a development set since session 17 (its misses were worked on: drugs added to the formulary, re-titration
    # gaps, heart-failure start ceilings, IV syringe pumps): 0.922 / 37 of 40 / 0.056 / 22 of 24
    "set23": (0.92, 0.92, 0.06, 0.91),
    # written blind in session 17 after the set 23 fixes, frozen, run once on f4c652a (set24_first_run.txt: 0.812 /
    # 31 of 40 / 0.042 / 22 of 24); held out, its floor is that first run, except that hyoscine butylbromide joined
    # the formulary after it: s24-C007 (written as an unknown drug) is now scored as a correct order, and the note's
    # fentanyl + midazolam warning makes it a false alarm (4 of 73)
    # a development set since session 18 (its misses were worked on: the body-surface-area rule, tenecteplase weight
    # bands, renal enoxaparin treatment doses, inhaler puffs, insulin volumes): 1.000 / 40 of 40 / 0.041 / 23 of 23
    "set24": (0.98, 0.97, 0.05, 0.95),
    # written blind in session 18 after the set 24 fixes, frozen (ed49155), run once on b60193e (set25_first_run.txt:
    # 0.859 / 35 of 40 / 0.069 / 22 of 24); a development set since (obstetric LMWH weight bands, paediatric
    # oseltamivir and chlorphenamine, epoprostenol in nanograms, dental cartridges, status readings): 1.000 / 40 of 40
    # / 0.000 / 24 of 24
    "set25": (0.98, 0.97, 0.02, 0.95),
    # written blind in session 18 while the set 24 and 25 fixes were made, frozen (83bde40), run once on ac91153
    # (set26_first_run.txt: 0.891 / 36 of 40 / 0.083 / 22 of 24); a development set since (limits tied to a setting:
    # procedural heparin, simvastatin 80 mg tolerated for years, urticaria up-dosing; contraindications by condition,
    # interaction dose caps, desensitisation): 1.000 / 40 of 40 / 0.000 / 24 of 24
    "set26": (0.98, 0.97, 0.02, 0.95),
    # written blind in session 18 while the set 25 and 26 fixes were made, run once on 5204a88 (set27_first_run.txt:
    # 0.828 / 33 of 40 / 0.153 / 24 of 24); a development set since session 19 (bag additives at a pump rate,
    # phase totals, AF apixaban, paediatric infusion and basal insulin ceilings, liver failure, restart gaps in hours,
    # naloxone in NAS newborns, status readings): 0.969 / 39 of 40 / 0.000 / 24 of 24
    "set27": (0.96, 0.97, 0.02, 0.95),
    # written blind in session 19 (16 new settings), frozen in 048a520 and run once on f9d5344, part-way through the
    # set27 fixes (set28_first_run.txt: 0.844 / 32 of 40 / 0.097 / 24 of 24); a development set since (buccal route,
    # loading-only limits, contraindications by condition, neonatal benzylpenicillin, ten-fold titration steps):
    # 0.984 / 40 of 40 / 0.000 / 24 of 24
    "set28": (0.98, 0.97, 0.02, 0.95),
    # written blind in session 19 while the set 27 and 28 fixes were made, frozen in a62d9de before
    # any run, and run once on 18a78f9 (set29_first_run.txt: 0.906 / 37 of 40 / 0.069 / 22 of 24); a development
    # set since (a premixed bag's shared route, strength then volume, GDM insulin after birth, thiazides in
    # hypercalcaemia, infant metoclopramide, per-m2 orders with no body size): 1.000 / 40 of 40 / 0.000 / 24 of 24
    "set29": (0.98, 0.97, 0.02, 0.95),
    # written blind in session 19 while the set 29 fixes were made, frozen in 68c2004 and run once on it
    # (set30_first_run.txt: 0.906 / 36 of 40 / 0.042 / 24 of 24); a development set since session 20 ("soln",
    # "24+6/40", neonatal maintenance after a load, a bolus ceiling beside an infusion, misspelt names, plain
    # lidocaine into a haematoma, a brand stop after the new regimen, "600 mg daily (300 mg BD)", insulin held
    # elsewhere in the note): 1.000 / 40 of 40 / 0.000 / 24 of 24
    "set30": (0.98, 0.97, 0.02, 0.95),
    # written blind in session 20 (16 new settings) while the set 30 fixes were made, frozen in d53dbbe and run once
    # on b55b546 (set31_first_run.txt: 0.828 / 29 of 40 / 0.153 / 23 of 24); a development set since (the repeat's
    # condition, brand stops, dispensing-label directions, "no opioids ever", unconfirmed methadone, DOACs in
    # pregnancy, flu vaccines, "NOT BD", "was", timed dose logs, bags over a set time, mg/m2/day, titrated opioids
    # in children): 0.938 / 34 of 40 / 0.056 / 23 of 24
    "set31": (0.93, 0.85, 0.06, 0.95),
    # written blind in session 20 (16 new settings) while the set 31 fixes were made, frozen in 525065f and run once
    # on it (set32_first_run.txt: 0.891 / 35 of 40 / 0.153 / 22 of 24); a development set since (a newborn's
    # gestation is no pregnancy, "tolerated cefalexin" is no allergy or second cephalosporin, end-of-life hourly SC
    # breakthrough doses, DOACs with a mechanical valve): 0.891 / 36 of 40 / 0.111 / 22 of 24; its misses are in
    # the closing note
    "set32": (0.89, 0.90, 0.12, 0.91),
}


@pytest.fixture(scope="module")
def checker() -> DoseChecker:
    return DoseChecker(Formulary.load(ROOT / "corpora" / "formulary"))


@pytest.mark.parametrize("name", sorted(GOALS))
def test_independent_set(checker: DoseChecker, name: str) -> None:
    s = score(checker, load(HERE / f"{name}.jsonl"))
    print(f"\n[{name}] {s.summary()}")
    for row in s.misses + s.critical_misses + s.alarms + s.info_misses:
        print("  ", row)
    recall, crit, far, info = GOALS[name]
    assert s.crashes == 0
    assert s.n >= 120  # set6 has 120 cases; every other set 150 or more
    assert s.recall >= recall
    assert s.critical_recall >= crit
    assert s.false_alarm_rate <= far
    assert s.info_rate >= info
