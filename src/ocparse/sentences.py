"""Split narrative paragraphs into sentences without breaking at abbreviations or decimals.

Contract of :func:`split_sentences`: every piece is one sentence *followed by the whitespace that
follows it*, and any whitespace before the first sentence belongs to the first piece, so
``"".join(split_sentences(text)) == text`` holds for every string. Pieces are never empty; the
empty string gives ``[]`` and a whitespace-only string gives ``[text]``. Use ``piece.strip()`` for
the bare sentence.

A boundary is a run of ``.``, ``!`` or ``?`` (optionally closed by quotes or brackets, as in
``.”`` or ``.)``) followed by whitespace and then by an upper-case letter or a digit, possibly
behind an opening quote or bracket. A full stop does not end a sentence when it belongs to an
ellipsis, a title or other known abbreviation (``Dr.``, ``St. Kitts``, ``e.g.``, ``approx.``),
an initial (``J. Smith``), a dotted acronym in mid-sentence (``the U.S. Navy``) or a reference
abbreviation before a number (``No. 5``, ``Jan. 2024``). Decimals (``5.5``) never qualify
because no whitespace follows their full stop.
"""

from __future__ import annotations

import regex

__all__ = ["split_sentences"]

# A candidate boundary: terminal punctuation, closers, the whitespace (group 1), then something
# that can open a sentence. Lower-case continuations are never boundaries.
_CANDIDATE = regex.compile(
    r"""[.!?…]+["'”’»)\]]*(\s+)(?=["'“‘«(\[]*[\p{Lu}\p{N}])""",
)
_LOOK_BEHIND = 40


def _words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


_DOTTED_ACRONYM = regex.compile(r"(?:\p{L}\.)+\p{L}")

# Never sentence-final in running text: titles, Latin and editorial shorthand.
_ALWAYS_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof sr jr st mt ft rev hon gen col lt maj capt cmdr sgt cpl gov sen rep
    amb pres supt insp det e.g eg i.e ie cf viz vs approx ca incl excl esp resp est dept
    univ assn bros messrs mssrs mme mlle
    """
)
# Abbreviations that are only non-final before a number ("No. 5", "Jan. 2024", "p. 12").
_NUMERIC_ABBREVIATIONS = _words(
    """
    no nos nr p pp vol vols art arts para paras sec secs ch chap fig figs op ed eds jan
    feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Words that typically open a sentence: after a dotted acronym ("... in the U.S. The ...") they
# mean the acronym ended the sentence; any other capitalised word is read as a name.
_SENTENCE_OPENERS = _words(
    """
    a an the this that these those it its there their they he she we his her our in on at
    as by for from with to of if when while although though however but and or nor yet so
    also moreover meanwhile furthermore nevertheless nonetheless despite since after
    before during such many most some several other others another each all both one two
    three according overall additionally similarly consequently further finally lastly
    still today recent recently criminal organized
    """
)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences whose concatenation is exactly ``text``.

    See the module docstring for the contract and the boundary rules.
    """
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, match):
            end = match.end(1)
            pieces.append(text[start:end])
            start = end
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _is_boundary(text: str, match: regex.Match[str]) -> bool:
    """Tell whether a candidate (punctuation + whitespace + capital) really ends a sentence."""
    punctuation = match.group(0)[: match.start(1) - match.start(0)].rstrip("\"'”’»)]")
    if "…" in punctuation or ".." in punctuation:
        return False
    if punctuation != ".":
        # "?" and "!" (alone or combined) always end a sentence.
        return "." not in punctuation
    # Only a short look-back is needed: the word right before the full stop.
    before = text[max(0, match.start(0) - _LOOK_BEHIND) : match.start(0)].rsplit(None, 1)
    word = before[-1].lstrip("\"'“‘«([") if before else ""
    return not word or not _is_abbreviation(word, text[match.end(1) : match.end(1) + _LOOK_BEHIND])


def _is_abbreviation(word: str, following: str) -> bool:
    """Tell whether ``word`` + "." is an abbreviation in front of ``following``."""
    lowered = word.lower()
    if lowered in _ALWAYS_ABBREVIATIONS:
        return True
    if lowered in _NUMERIC_ABBREVIATIONS:
        return _next_word(following)[:1].isdigit()
    if len(word) == 1 and word.isalpha() and word.isupper():
        # An initial ("J. Smith"); a lone capital rarely ends a sentence.
        return True
    # Most words before a full stop are plain words: the acronym test needs an inner dot.
    if "." in word and _DOTTED_ACRONYM.fullmatch(word):
        return _next_word(following).lower() not in _SENTENCE_OPENERS
    return False


def _next_word(following: str) -> str:
    """Return the first word of ``following``, without opening quotes or brackets."""
    stripped = following.lstrip("\"'“‘«([")
    end = 0
    while end < len(stripped) and (stripped[end].isalnum() or stripped[end] in "-’'"):
        end += 1
    return stripped[:end]
