"""Time the article-intake extractor on a ~1,500-word article.

    .venv/bin/python bench/intake_timing.py [--runs 20] [--words 1500]

The article is built from the evaluation articles in tests/intake_tests/articles: whole
paragraphs, in order, until it reaches the word count. The script prints the median of the runs
in milliseconds, first with the evaluation set's known sources, then with 1,000 extra
synthetic sources (a larger sources table), because the alias index is built on every call.
No Django settings are needed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.intake import KnownSource, extract  # noqa: E402

EVAL = ROOT / "tests" / "intake_tests"


def build_article(words: int) -> str:
    labels = json.loads((EVAL / "labels.json").read_text(encoding="utf-8"))
    paragraphs: list[str] = []
    count = 0
    while count < words:
        for article in labels["articles"]:
            text = (EVAL / "articles" / article["file"]).read_text(encoding="utf-8")
            for para in text.split("\n"):
                if not para.strip():
                    continue
                paragraphs.append(para)
                count += len(para.split())
                if count >= words:
                    return "\n\n".join(paragraphs)
    return "\n\n".join(paragraphs)


def known_sources() -> list[KnownSource]:
    labels = json.loads((EVAL / "labels.json").read_text(encoding="utf-8"))
    return [KnownSource(s["slug"], tuple(s["names"]), s["kind"]) for s in labels["sources"]]


def synthetic_sources(n: int) -> list[KnownSource]:
    return [
        KnownSource(
            f"synthetic-{i}", (f"Synthetic Gazette {i}", f"SG{i}", f"The {i} Daily Observer"), "outlet"
        )
        for i in range(n)
    ]


def median_ms(text: str, sources: list[KnownSource], runs: int) -> float:
    published = datetime.date(2024, 8, 16)
    extract(text, sources=sources, published_on=published)  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        extract(text, sources=sources, published_on=published)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--words", type=int, default=1500)
    args = parser.parse_args()
    text = build_article(args.words)
    sources = known_sources()
    attributions = len(extract(text, sources=sources).attributions)
    print(f"article: {len(text.split()):,} words, {len(text):,} characters, {attributions} attributions")
    small = median_ms(text, sources, args.runs)
    print(f"median of {args.runs} runs, {len(sources)} known sources: {small:.1f} ms")
    big = sources + synthetic_sources(1000)
    large = median_ms(text, big, args.runs)
    print(f"median of {args.runs} runs, {len(big):,} known sources: {large:.1f} ms")


if __name__ == "__main__":
    main()
