"""Demo texts tell the facts of the seed articles in our own words.

The demo texts are every string in the demo's data files (home/demo/data/*.toml). No run of
five consecutive words of a seed may appear in one, comparing words only (case, ё/е,
punctuation and markup ignored). The seed articles are not part of the repository, so the
check uses fingerprints of their five-word runs (tests/seed_fingerprints.txt: hashes, not the
text). When the seeds are at hand (PORTAL_SEEDS_DIR) the fingerprints are checked against
them; to rebuild them from a folder of seed articles:

    .venv/bin/python -m tests.test_demo_texts SEEDS_DIR
"""

import hashlib
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FINGERPRINTS = Path(__file__).with_name("seed_fingerprints.txt")
SEEDS = Path(os.environ.get("PORTAL_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
DEMO_DATA = sorted(ROOT.glob("home/demo/data/*.toml"))
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


def strings(value, where):
    """Every string in a parsed TOML value, at any depth, with its dotted path."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from strings(item, f"{where}.{name}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from strings(item, f"{where}[{number}]")


def demo_texts(paths=DEMO_DATA):
    """Every string of the demo's data files, with where it is."""
    for path in paths:
        with path.open("rb") as file:
            yield from strings(tomllib.load(file), path.name)


def copied_runs(fingerprints, texts):
    return [
        (where, run)
        for where, text in texts
        for run in sorted(runs(text))
        if fingerprint(run) in fingerprints
    ]


def test_demo_data_is_found():
    assert len(DEMO_DATA) >= 5
    assert sum(1 for _text in demo_texts()) > 800


def test_a_copied_run_anywhere_in_a_data_file_is_caught(tmp_path):
    seed = "Пять слов подряд из статьи попали в демо"
    data = tmp_path / "news.toml"
    data.write_text(
        '[[news]]\nkey = "x"\n[[news.ru.steps]]\n'
        'checklist = ["Начало", "<p>Слов ПОДРЯД из статьи, попали!</p>"]\n'
    )

    found = copied_runs({fingerprint(run) for run in runs(seed)}, demo_texts([data]))
    assert found == [("news.toml.news[0].ru.steps[0].checklist[1]", "слов подряд из статьи попали")]


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
