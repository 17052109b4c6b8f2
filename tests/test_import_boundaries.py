"""The house's import rules, checked on the source: data flows one way (ingest builds on cdss, and inside cdss
only the command layer reaches into ingest), and no two cdss modules import each other, directly or round a
loop (imports inside functions count: a cycle there is the same knot, only postponed)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def graph() -> dict[str, set[str]]:
    files = [p for top in ("cdss", "ingest") for p in (ROOT / top).rglob("*.py")]
    modules = {module_name(p): p for p in files}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative import
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            for t in targets:
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != name:
                    edges[name].add(t)
    return edges


def test_only_the_command_layer_imports_ingest() -> None:
    bad = sorted(
        f"{m} -> {t}"
        for m, ts in graph().items()
        if m.startswith("cdss") and not m.startswith("cdss.commands")
        for t in ts
        if t.split(".")[0] == "ingest"
    )
    assert not bad, bad


def test_no_import_cycles_among_cdss_modules() -> None:
    edges = {
        m: {t for t in ts if t.startswith("cdss")}
        for m, ts in graph().items()
        if m.startswith("cdss")
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles[:10])


def test_batch_audit_and_the_pipeline_do_not_depend_on_the_web_layer() -> None:
    g = graph()
    bad = sorted(
        f"{m} -> {t}"
        for m, ts in g.items()
        if m.startswith(("cdss.audit", "cdss.pipeline", "cdss.dosing", "cdss.deid", "cdss.fhir"))
        for t in ts
        if t.startswith("cdss.web")
    )
    assert not bad, bad
