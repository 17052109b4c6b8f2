"""Render formulary data as readable text so answers can cite the formulary.

Works on the raw YAML shapes (drug file, interactions list, products list,
classes map) so ingestion does not depend on the dosing package's validation;
a malformed entry is rendered as far as it goes, validation reports it.
"""

from __future__ import annotations

from typing import Any

from ingest.document import Block


def _num(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) and abs(v) >= 10000 else str(v)


def _limit_line(lim: dict[str, Any], unit: str) -> str:
    who = {"adult": "Adults", "pediatric": "Children", "older_adult": "Older adults"}.get(
        lim.get("population", ""), "Patients"
    )
    route = f" ({lim['route']})" if lim.get("route") else ""
    parts = []
    if lim.get("max_single") is not None:
        parts.append(f"maximum single dose {_num(lim['max_single'])} {unit}")
    if lim.get("max_daily") is not None:
        parts.append(f"maximum {_num(lim['max_daily'])} {unit} per day")
    if lim.get("max_single_per_kg") is not None:
        parts.append(f"maximum {_num(lim['max_single_per_kg'])} {unit}/kg per dose")
    if lim.get("max_daily_per_kg") is not None:
        parts.append(f"maximum {_num(lim['max_daily_per_kg'])} {unit}/kg per day")
    ref = f" Reference: {lim['reference']}." if lim.get("reference") else ""
    return f"{who}{route}: " + "; ".join(parts) + "." + ref if parts else ""


def render_drug(d: dict[str, Any]) -> tuple[str, list[Block]]:
    name = str(d.get("display_name") or d.get("name", "")).strip()
    unit = str(d.get("unit", "mg"))
    blocks: list[Block] = []
    overview = [str(d.get("summary", "")).strip()]
    if d.get("routes"):
        overview.append(
            "Routes: " + ", ".join(map(str, d["routes"])) + f". Doses are expressed in {unit}."
        )
    if d.get("weekly_only"):
        overview.append(
            f"{name} is given once weekly by this route; daily dosing is a potentially fatal error."
        )
    blocks.append(Block("\n".join(x for x in overview if x), "Overview"))
    lines = [
        ln
        for ln in (_limit_line(lim, unit) for lim in d.get("limits") or [] if isinstance(lim, dict))
        if ln
    ]
    if d.get("frequencies"):
        lines.append("Usual frequencies: " + ", ".join(map(str, d["frequencies"])) + ".")
    if lines:
        blocks.append(Block("\n".join(lines), "Dosing limits"))
    renal = []
    for band in d.get("renal") or []:
        if isinstance(band, dict) and band.get("advice"):
            ref = f" Reference: {band['reference']}." if band.get("reference") else ""
            renal.append(str(band["advice"]).strip() + ref)
    if renal:
        blocks.append(Block("\n".join(renal), "Renal impairment"))
    if d.get("hepatic"):
        blocks.append(Block(str(d["hepatic"]), "Hepatic impairment"))
    # the reference list is bibliography, not evidence: each limit line already names its source
    return f"Formulary: {name}", blocks


def _side(x: Any) -> str:
    s = str(x)
    return s.removeprefix("class:").replace("_", " ") + (
        " (class)" if s.startswith("class:") else ""
    )


def render_formulary_yaml(data: Any) -> tuple[str, list[Block]] | None:
    if isinstance(data, dict) and "name" in data and ("limits" in data or "unit" in data):
        return render_drug(data)
    if (
        isinstance(data, list)
        and data
        and all(isinstance(x, dict) and "a" in x and "b" in x for x in data)
    ):
        blocks = []
        for it in data:
            text = " ".join(
                str(it.get(k, "")).strip() for k in ("effect", "mechanism", "action") if it.get(k)
            )
            ref = f" Reference: {it['reference']}." if it.get("reference") else ""
            sev = f"Severity: {it.get('severity', 'warning')}. "
            blocks.append(Block(sev + text + ref, f"{_side(it['a'])} + {_side(it['b'])}"))
        return "Formulary: drug interactions", blocks
    if (
        isinstance(data, list)
        and data
        and all(isinstance(x, dict) and "components" in x for x in data)
    ):
        blocks = []
        for p in data:
            comps = ", ".join(f"{k} {_num(v)}" for k, v in (p.get("components") or {}).items())
            syn = ""
            strengths = (
                f" Strengths: {', '.join(map(str, p['strengths']))}." if p.get("strengths") else ""
            )
            blocks.append(
                Block(
                    f"{p.get('name')} contains {comps} per {p.get('form', 'unit')}.{strengths}{syn}",
                    str(p.get("name")),
                )
            )
        return "Formulary: combination products", blocks
    if isinstance(data, dict) and "classes" in data:
        blocks = [
            Block(
                "\n".join(
                    f"- {v.get('label', k)}: {v.get('description', '')}"
                    for k, v in data["classes"].items()
                    if isinstance(v, dict)
                ),
                "Drug classes",
            )
        ]
        cross = [
            f"- Allergy to {c.get('allergy')}: {c.get('flags')} ({c.get('severity')}). {c.get('advice', '')}"
            for c in data.get("allergy_cross") or []
            if isinstance(c, dict)
        ]
        if cross:
            blocks.append(Block("\n".join(cross), "Allergy cross-sensitivity"))
        return "Formulary: drug classes and allergy cross-sensitivity", blocks
    return None


def render_formulary_csv_row(row: dict[str, str]) -> Block:
    name = row["name"].strip()
    fields = "; ".join(
        f"{k.replace('_', ' ')}: {v.strip()}"
        for k, v in row.items()
        if k != "name" and v and v.strip()
    )
    return Block(f"{name}. {fields}.", name)
