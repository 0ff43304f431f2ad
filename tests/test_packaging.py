"""The source tree as it is packaged: one home for the grammar, no symlinks in src/."""

from ocparse import blocks
from support import ROOT


def test_editable_install_reads_the_grammar_from_the_top_level_grammars_directory() -> None:
    assert blocks.grammar_text() == (ROOT / "grammars" / "ocindex.lark").read_text("utf-8")
    assert not (ROOT / "src" / "ocparse" / "grammars").exists()


def test_no_symlinks_in_the_package_source() -> None:
    assert [path for path in (ROOT / "src").rglob("*") if path.is_symlink()] == []
