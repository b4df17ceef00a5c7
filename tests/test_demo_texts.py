"""Demo texts tell the facts of the seed articles (../shared/seeds/) in our own words.

No run of five consecutive words of a seed may appear in a demo text, comparing words only
(case, ё/е, punctuation and markup ignored). The seeds are not part of the repository, so the
check uses fingerprints of their five-word runs (tests/seed_fingerprints.txt: hashes, not the
text). When the seeds are at hand the fingerprints are checked against them; to rebuild them:

    .venv/bin/python -m tests.test_demo_texts ../shared/seeds
"""

import ast
import hashlib
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FINGERPRINTS = Path(__file__).with_name("seed_fingerprints.txt")
SEEDS = Path(os.environ.get("PORTAL_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
DEMO_MODULES = sorted(
    str(path.relative_to(ROOT))
    for pattern in (
        "news/demo.py",
        "news/events_demo/*.py",
        "resources/demo/*.py",
        "portal/demo/*.py",
    )
    for path in ROOT.glob(pattern)
)
RUN = 5


def words(text):
    text = re.sub(r"<[^>]+>", " ", text)
    return re.findall(r"\w+", text.lower().replace("ё", "е"))


def runs(text):
    found = words(text)
    return {" ".join(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def fingerprint(run):
    return hashlib.blake2b(run.encode(), digest_size=8).hexdigest()


def seed_fingerprints(directory):
    return sorted(
        {fingerprint(run) for path in directory.glob("*.txt") for run in runs(path.read_text())}
    )


def demo_texts():
    """Every string literal of the demo modules, with where it is."""
    for module in DEMO_MODULES:
        tree = ast.parse((ROOT / module).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield f"{module}:{node.lineno}", node.value


def copied_runs(fingerprints, texts):
    return [
        (where, run)
        for where, text in texts
        for run in sorted(runs(text))
        if fingerprint(run) in fingerprints
    ]


def test_demo_modules_are_found():
    assert len(DEMO_MODULES) >= 5
    assert sum(1 for _text in demo_texts()) > 200


def test_no_demo_text_repeats_five_words_of_a_seed():
    fingerprints = set(FINGERPRINTS.read_text().split())
    assert len(fingerprints) > 500

    assert copied_runs(fingerprints, demo_texts()) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not at hand")
def test_fingerprints_match_the_seeds_and_catch_a_copy():
    assert FINGERPRINTS.read_text().split() == seed_fingerprints(SEEDS)

    seed = sorted(SEEDS.glob("*.txt"))[0].read_text()
    sentence = " ".join(seed.split()[40:48])
    rephrased = f"<p>«{sentence.upper()}»!</p>"
    assert copied_runs(set(seed_fingerprints(SEEDS)), [("here", rephrased)])


if __name__ == "__main__":
    FINGERPRINTS.write_text("\n".join(seed_fingerprints(Path(sys.argv[1]))) + "\n")
