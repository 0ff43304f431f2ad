"""The scores-only path: ``align=False`` and ``--no-align`` skip narrative alignment only."""

import io
import json
from pathlib import Path

import attrs
import pytest

import ocparse
from ocparse.lines import decode
from ocparse.stream import iter_pages, iter_profiles, merge
from support import CASES, SAMPLE
from test_cli import VERSIONS, run


def _unaligned(doc: ocparse.Document) -> ocparse.Document:
    """What the full job gives, with every trace of the alignment taken out."""
    profiles = tuple(
        attrs.evolve(
            p,
            sections=tuple(
                attrs.evolve(
                    s,
                    indicators=tuple(
                        attrs.evolve(i, narrative=None, paragraph=None) for i in s.indicators
                    ),
                )
                for s in p.sections
            ),
            paragraphs=tuple(attrs.evolve(g, indicators=()) for g in p.paragraphs),
        )
        for p in doc.profiles
    )
    diagnostics = tuple(d for d in doc.diagnostics if d.code != "weak-alignment")
    return attrs.evolve(doc, profiles=profiles, diagnostics=diagnostics)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_everything_but_the_alignment_is_the_full_job(path: Path) -> None:
    text = decode(path.read_bytes())
    full = ocparse.parse(text, lenient=True)
    scores = ocparse.parse(text, lenient=True, align=False)
    assert scores == _unaligned(full)
    assert all(i.narrative is None for p in scores.profiles for i in p.indicators)


def test_full_job_aligns_what_the_scores_only_path_leaves_out() -> None:
    full = ocparse.parse_file(SAMPLE)
    scores = ocparse.parse_file(SAMPLE, align=False)
    assert full != scores  # the sample's narratives are aligned by default
    assert any(i.narrative for p in full.profiles for i in p.indicators)
    assert [len(p.paragraphs) for p in scores.profiles] == [
        len(p.paragraphs) for p in full.profiles
    ]
    assert [g.index for g in scores.profiles[1].paragraphs] == list(
        range(len(scores.profiles[1].paragraphs))
    )


def test_streaming_readers_take_the_option(sample_text: str) -> None:
    expected = ocparse.parse(sample_text, align=False)
    pages = iter_pages(io.StringIO(sample_text), align=False)
    assert merge(pages) == expected
    assert list(iter_profiles(io.StringIO(sample_text), align=False)) == list(expected.profiles)
    assert list(iter_profiles(io.StringIO(sample_text), align=False, jobs=2)) == list(
        expected.profiles
    )


def test_cli_convert_and_validate_no_align() -> None:
    result = run("convert", "--no-align", SAMPLE)
    assert result.returncode == 0, result.stderr
    doc = ocparse.parse_file(SAMPLE, align=False)
    assert json.loads(result.stdout) == {**VERSIONS, **ocparse.to_dict(doc)}
    ndjson = run("convert", "--no-align", "-f", "ndjson", SAMPLE)
    assert len(ndjson.stdout.splitlines()) == len(doc.profiles) == 2
    assert all(
        i["narrative"] is None
        for line in ndjson.stdout.splitlines()
        for s in json.loads(line)["sections"]
        for i in s["indicators"]
    )
    checked = run("validate", "--no-align", "--info", SAMPLE)
    assert checked.returncode == 0, checked.stderr
    assert "weak-alignment" not in checked.stdout
