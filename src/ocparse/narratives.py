"""Align narrative paragraphs to the indicators they discuss, splitting merged paragraphs.

A country page gives its narrative paragraphs in indicator order, but not one per indicator: a
paragraph may cover several consecutive indicators, an indicator may have no paragraph, and one
indicator may run over several paragraphs. :func:`align` recovers the mapping.

Model. Every paragraph is split into sentences (:func:`ocparse.sentences.split_sentences`) and
every sentence gets a score per indicator from cue words and phrases (``data/cues.json``). The
alignment labels each sentence with an indicator, or marks a whole paragraph as unassigned, such
that labels never go backwards in the indicator order. Its score is the sum of

* evidence: a saturating function of the cue weight a sentence carries for its indicator, with
  the sentence that opens an indicator's text (a paragraph's first sentence, or the sentence
  where a merged paragraph moves on) weighted most, because it says what the text is about
  (the first sentence of a paragraph that continues an indicator counts as ordinary text);
* penalties for each indicator without text, for moving on to a new indicator in mid-paragraph,
  for continuing an indicator in a new paragraph, and for leaving a paragraph unassigned.

Cues in a sentence's first words count extra (they name its subject), and an opening sentence
with little evidence for its indicator costs, so a stray paragraph is not pinned on an indicator
whose text is missing.

Dynamic programming finds the best labelling in O(S·K) for S steps and K indicators (running
maxima handle skipped indicators). A backward pass gives max-marginals: for every step and
label, the score of the best alignment that gives the step that label.

Most paragraphs are about one indicator, so the page is solved in two rounds. First every
paragraph is one step, all its sentences taking one label (about five times fewer steps). Then
the page is solved again sentence by sentence, over the keys in between, only where that reading
may hide a split (see ``_windows``): keys left without text (a merged paragraph takes one of
its keys and leaves the other unused), a paragraph it is unsure of, or a sentence that leans to
a neighbouring paragraph's key. This is a shortcut, not a proof: on every page tried (the bench
corpus, 6,000 generated pages of benchmarks/alignment_accuracy.py, 14,400 pages of shuffled
sample sentences and cue words) the labels are those of one sentence-level round over the
whole page, and a test checks it on seeded pages.

A paragraph's confidence is the smallest soft-max share (over the max-marginals of the round
that labelled it) of the labels chosen for its sentences, times a factor from 0.5 to 1 for how
much cue evidence its own text has: ambiguity lowers it, and so does an assignment that rests on
position alone.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from operator import add, itemgetter
from typing import TypeVar

import attrs
import regex

from ocparse.sentences import split_sentences

__all__ = ["LOW_CONFIDENCE", "Alignment", "ParagraphAlignment", "align", "cue_keys", "cues_of"]

LOW_CONFIDENCE: float = 0.4
"""Confidence below which a paragraph's assignment carries a warning."""

# Scoring parameters, tuned on generated pages (benchmarks/alignment_accuracy.py).
_OPEN_WEIGHT = 6.0  # evidence weight of a sentence that opens an indicator's text
_OPEN_BASELINE = 0.6  # evidence an opening sentence is expected to have (less costs)
_EARLY_TOKENS = 8  # cues within a sentence's first words name its subject...
_EARLY_BONUS = 0.6  # ...and weigh this much more
_BODY_WEIGHT = 3.0  # evidence weight of any later sentence
_SKIP = 1.5  # per indicator left without text
_MERGE = 2.5  # moving on to the next indicator inside a paragraph
_CONTINUE = 0.9  # an indicator continuing into a further paragraph
_UNASSIGNED = 0.7  # a paragraph assigned to nothing
_SURE = 0.9  # a paragraph read whole with a smaller share is read again sentence by sentence
_TEMPERATURE = 2.0  # soft-max temperature turning score margins into confidences
_SUPPORT_FULL = 1.0  # saturated evidence (opening + half the rest) that counts as solid

_NEG = -math.inf
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{N}]*(?:['’]\p{L}+)*|\p{N}+")
# Non-ASCII punctuation common in the narratives. Like any character that is no letter, digit
# or apostrophe, it only parts words, so it becomes a space: more text then takes the faster
# ASCII pattern below.
_WIDE_SEPARATORS = "‘“”–—"
# By whether the text is ASCII: the token rule; for lower-case ASCII text, where letters are
# a-z and digits 0-9, in the standard library's faster engine.
_TOKENS: dict[bool, re.Pattern[str] | regex.Pattern[str]] = {
    False: _TOKEN,
    True: re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)*|[0-9]+"),
}
# Words (and tokens) remembered by the matchers' memories; past this many a memory starts
# afresh, and a longer one is worked out every time, so distinct words cannot fill them.
_WORDS_KEPT = 1 << 15
_LONGEST_KEPT = 64
_STOPWORDS = frozenset({"and", "of", "in", "the", "for", "to", "a", "an", "on", "or"})


@attrs.frozen(slots=True)
class ParagraphAlignment:
    """The indicators one narrative paragraph covers, with each one's share of its text."""

    index: int
    """Paragraph index (0-based, input order)."""
    keys: tuple[str, ...]
    """Indicator keys the paragraph covers, in page order; empty if none."""
    spans: tuple[str, ...]
    """Text belonging to each key; the whole paragraph, unchanged, for a single key.

    With several keys, each span is a run of whole sentences without surrounding whitespace, so
    the spans joined by the whitespace between them give back the paragraph.
    """
    confidence: float
    """Confidence in ``keys`` and the split points, from 0 to 1."""
    warning: str | None
    """Why the assignment is doubtful (low confidence, nothing matched), else None."""


@attrs.frozen(slots=True)
class Alignment:
    """The alignment of a page's narrative paragraphs to its indicators."""

    paragraphs: tuple[ParagraphAlignment, ...]
    """One entry per input paragraph, in input order."""
    # key -> (index of its first paragraph, its spans): built once, as every key is asked for.
    _by_key: dict[str, tuple[int, list[str]]] = attrs.field(init=False, repr=False, eq=False)

    @_by_key.default
    def _index(self) -> dict[str, tuple[int, list[str]]]:
        by_key: dict[str, tuple[int, list[str]]] = {}
        for paragraph in self.paragraphs:
            for key, span in zip(paragraph.keys, paragraph.spans, strict=True):
                by_key.setdefault(key, (paragraph.index, []))[1].append(span)
        return by_key

    def narrative(self, key: str) -> str | None:
        """Return the indicator's own text (its spans joined by blank lines), or None."""
        found = self._by_key.get(key)
        return "\n\n".join(found[1]) if found else None

    def paragraph_of(self, key: str) -> int | None:
        """Return the index of the first paragraph that covers the indicator, or None."""
        found = self._by_key.get(key)
        return found[0] if found else None


def align(
    paragraphs: Sequence[str], keys: Sequence[str], *, own_names: Iterable[str] = ()
) -> Alignment:
    """Align narrative paragraphs to indicators given in page order.

    ``keys`` may be any ordered subset of the indicator keys; keys unknown to the cue data are
    matched by their own words. Every paragraph appears in the result, unassigned if need be.
    ``own_names`` are names of the page's own country (see
    :func:`ocparse.countries.names_of`): they are no cue there, since "Colombian groups" on
    Colombia's page are not foreign actors.
    """
    keys = tuple(keys)
    pieces = [split_sentences(text) if text.strip() else [] for text in paragraphs]
    if not keys or not any(pieces):
        return Alignment(tuple(_unassigned(i, text) for i, text in enumerate(paragraphs)))
    rows, ranges = _read(pieces, keys, own_names)
    solved = _Solved(keys, rows, ranges)
    result = []
    start = 0
    for index, text in enumerate(paragraphs):
        result.append(solved.paragraph(index, text, pieces[index], start))
        start += len(pieces[index])
    return Alignment(tuple(result))


def _read(
    pieces: list[list[str]], keys: tuple[str, ...], own_names: Iterable[str]
) -> tuple[_Rows, list[range]]:
    """Read the cue evidence of every sentence and the sentence range of each paragraph.

    ``pieces`` are each paragraph's sentences; paragraphs without any get no range.
    """
    ranges = []
    start = 0
    for piece in pieces:
        if piece:
            ranges.append(range(start, start + len(piece)))
        start += len(piece)
    matcher = _matcher(keys)
    excluded = matcher.nodes_of(own_names)
    evidence = [row for paragraph in pieces for row in matcher.evidence(paragraph, excluded)]
    firsts = [t == sentences.start for sentences in ranges for t in sentences]
    return _Rows(evidence, firsts, len(keys)), ranges


def _unassigned(index: int, text: str) -> ParagraphAlignment:
    """Return the assignment of an empty paragraph, or of any paragraph when there are no keys."""
    if not text.strip():
        return ParagraphAlignment(index, (), (), 1.0, "empty paragraph; left unassigned")
    return ParagraphAlignment(index, (), (), 0.0, "no indicator to align to; left unassigned")


# --- cue matching -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _cue_data() -> dict[str, tuple[str, ...]]:
    """Load the cue lists once from the package data."""
    resource = importlib.resources.files("ocparse") / "data" / "cues.json"
    raw = json.loads(resource.read_text(encoding="utf-8"))
    return {key: tuple(cues) for key, cues in raw.items() if not key.startswith("_")}


def _tokens(text: str) -> list[str]:
    """Return the normalised words of ``text``: lower case, no possessive, no apostrophes."""
    text = text.lower().replace("’", "'")
    for mark in _WIDE_SEPARATORS:
        text = text.replace(mark, " ")
    found: list[str] = _TOKENS[text.isascii()].findall(text)
    if "'" not in text:
        return found
    return [_plain(word) if "'" in word else word for word in found]


@functools.lru_cache(maxsize=4096)
def _cue_words(cue: str) -> tuple[str, ...]:
    """A cue's words (:func:`_tokens`); a prefix cue's last word keeps its ``*`` (no token has one).

    Every matcher reads the cues of its keys: a page with its own key set (a damaged page) makes
    a matcher of its own, and the words of a cue are worked out once.
    """
    words = _tokens(cue)
    if words and cue.rstrip().endswith("*"):
        words[-1] += "*"
    return tuple(words)


def _plain(word: str) -> str:
    """A word without its possessive "'s" and without apostrophes."""
    return (word[:-2] if word.endswith("'s") else word).replace("'", "")


def _cues_for(key: str) -> tuple[str, ...]:
    """Return the cues of ``key``, always including its own name; unknown keys use their words."""
    name = key.replace("_", " ")
    words = tuple(w for w in key.split("_") if w and w not in _STOPWORDS)
    cues = _cue_data().get(key) or words
    return (name, *cues)


class _Node:
    """A trie node over normalised words; ``hits`` are (key index, weight) for a cue ending here."""

    __slots__ = ("children", "hits")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.hits: tuple[tuple[int, float], ...] = ()


_STARTS = itemgetter(1)  # an entry's trie nodes: empty unless its token starts a cue
# A token's entry: the cue words it can stand for, the trie nodes of those that start a cue, the
# hits of its one-word cue (empty if none), and the words that can follow it in a longer cue.
_Hits = tuple[tuple[int, float], ...]
_Entry = tuple[tuple[str, ...], tuple[_Node, ...], _Hits, frozenset[str]]
_CLOSED: _Entry = ((), (), (), frozenset())  # a sentence end: no cue word, so no cue runs on


_T = TypeVar("_T")


def _remember(memory: dict[str, _T], key: str, value: _T) -> _T:
    """Keep ``value`` for ``key`` within the bounds of ``_WORDS_KEPT`` and ``_LONGEST_KEPT``."""
    if len(key) <= _LONGEST_KEPT:
        if len(memory) >= _WORDS_KEPT:
            memory.clear()
        memory[key] = value
    return value


class _Entries(dict[str, _Entry]):
    """Token -> entry, computed by the matcher on first sight of a token."""

    __slots__ = ("matcher",)

    def __init__(self, matcher: _Matcher) -> None:
        super().__init__()
        self.matcher = matcher

    def __missing__(self, token: str) -> _Entry:
        return _remember(self, token, self.matcher.entry(token))


class _Words(dict[str, tuple[str, ...]]):
    """Whitespace-separated word -> its tokens (:func:`_tokens`), computed on first sight.

    No token holds whitespace, so the tokens of a text are those of its words in turn; and
    narratives use the same words again and again, so a word is tokenised once. The tokens
    do not depend on the keys: every matcher reads through one memory, so a matcher made for
    a new key set (a damaged page) finds the words known.
    """

    __slots__ = ()

    def __missing__(self, word: str) -> tuple[str, ...]:
        return _remember(self, word, tuple(_tokens(word)))


_WORDS = _Words()


class _Matcher:
    """Scores sentences against the cues of one ordered key set."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.size = len(keys)
        self.root = _Node()
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        self.entries = _Entries(self)
        owners: dict[tuple[str, ...], set[int]] = {}
        for index, key in enumerate(keys):
            for cue in _cues_for(key):
                phrase = self._phrase(cue)
                if phrase:
                    owners.setdefault(phrase, set()).add(index)
        for phrase, indices in owners.items():
            # Longer phrases are more specific; a cue shared by several keys says less about each.
            weight = (1.0 + 0.5 * (len(phrase) - 1)) / len(indices)
            self._insert(phrase, tuple((i, weight) for i in sorted(indices)))
        self.prefix_lengths = sorted({len(p) for p in self.prefixes}, reverse=True)

    def _phrase(self, cue: str) -> tuple[str, ...]:
        """Turn a cue into its word sequence, registering its words (``*`` marks a prefix)."""
        words = _cue_words(cue)
        if words and words[-1].endswith("*"):
            self.prefixes.add(words[-1][:-1])
            self.words.update(words[:-1])
        else:
            self.words.update(words)
        return words

    def _insert(self, phrase: tuple[str, ...], hits: tuple[tuple[int, float], ...]) -> None:
        """Add a phrase to the trie."""
        node = self.root
        for word in phrase:
            child = node.children.get(word)
            if child is None:
                child = node.children[word] = _Node()
            node = child
        node.hits = hits

    def entry(self, token: str) -> _Entry:
        """Return the cue words a token can stand for and the trie nodes of cues it starts.

        A token stands for itself, its singular (plural "s", "es", "ies") and any cue prefix.
        """
        candidates = [token]
        if token.endswith("s"):
            candidates.append(token[:-1])
            if token.endswith("es"):
                candidates.append(token[:-2])
            if token.endswith("ies"):
                candidates.append(token[:-3] + "y")
        found = [c for c in candidates if c in self.words]
        found += [token[:n] + "*" for n in self.prefix_lengths if token[:n] in self.prefixes]
        starts = self.root.children
        nodes = tuple(starts[form] for form in found if form in starts)
        # As in _longest: the last of several one-word cues is the one that counts.
        word = next((n.hits for n in reversed(nodes) if n.hits), ())
        return tuple(found), nodes, word, frozenset(w for n in nodes for w in n.children)

    def nodes_of(self, names: Iterable[str]) -> frozenset[_Node]:
        """Return the trie nodes where these names (read as words) end as cues; others are none."""
        nodes = []
        for name in names:
            node: _Node | None = self.root
            for word in _tokens(name):
                node = node.children.get(word) if node else None
            if node is not None and node.hits:
                nodes.append(node)
        return frozenset(nodes)

    def evidence(
        self, sentences: Sequence[str], excluded: frozenset[_Node] = frozenset()
    ) -> list[dict[int, float]]:
        """Return, per sentence, the summed weight of its cue matches by key index.

        Matches are leftmost-longest without overlaps and never cross a sentence end. Cues
        ending at an ``excluded`` node (see :meth:`nodes_of`) do not count. Keys without a
        match are left out: most sentences name one or two indicators at most.
        """
        return [self._sentence(text, excluded) for text in sentences]

    def _row(self, text: str) -> list[_Entry]:
        """The entry of every token of ``text``, then a closing one (so every word has a next)."""
        tokens = itertools.chain.from_iterable(map(_WORDS.__getitem__, text.split()))
        row = list(map(self.entries.__getitem__, tokens))
        row.append(_CLOSED)
        return row

    def _sentence(self, text: str, excluded: frozenset[_Node]) -> dict[int, float]:
        """The cue weights of one sentence by key index."""
        row = self._row(text)
        scores: dict[int, float] = {}
        free = 0  # the first position not inside an earlier match
        # Most words start no cue: only visit those that do.
        for position in itertools.compress(itertools.count(), map(_STARTS, row)):
            if position < free:
                continue
            _, nodes, word, follow = row[position]
            # Most cue words are not followed by the rest of a longer cue: no trie walk then.
            if follow.isdisjoint(row[position + 1][0]) and excluded.isdisjoint(nodes):
                end, hits = position + 1, word
            else:
                end, hits = self._longest(row, position, excluded)
            if hits:
                boost = 1.0 + _EARLY_BONUS if position < _EARLY_TOKENS else 1.0
                for index, weight in hits:
                    scores[index] = scores.get(index, 0.0) + weight * boost
                free = end
        return scores

    @staticmethod
    def _longest(row: list[_Entry], start: int, excluded: frozenset[_Node]) -> tuple[int, _Hits]:
        """Return the end and hits of the longest cue starting at ``start`` (hits empty if none)."""
        best: tuple[int, _Hits] = (start, ())
        frontier: Sequence[_Node] = row[start][1]
        position = start + 1
        while True:
            for node in frontier:
                if node.hits and node not in excluded:
                    best = (position, node.hits)
            # Most cues are single words: stop at leaves instead of reading one more word.
            frontier = [node for node in frontier if node.children]
            if not frontier or position >= len(row):
                return best
            forms = row[position][0]
            frontier = [
                child
                for node in frontier
                for form in forms
                if (child := node.children.get(form)) is not None
            ]
            position += 1


@functools.lru_cache(maxsize=64)
def _matcher(keys: tuple[str, ...]) -> _Matcher:
    """Build (once per key set) the matcher for ``keys``."""
    return _Matcher(keys)


# --- alignment lattice --------------------------------------------------------------------


class _Rows:
    """Per-sentence cue evidence by key index, and the scores the lattice reads from it."""

    __slots__ = ("firsts", "size", "strength")

    def __init__(self, evidence: list[dict[int, float]], firsts: list[bool], size: int) -> None:
        self.size = size
        self.firsts = firsts
        # Saturate: a second or third cue in one sentence adds little to the first.
        self.strength = [{k: 1.0 - math.exp(-s) for k, s in row.items()} for row in evidence]

    def scores(self, t: int, lo: int, hi: int) -> tuple[list[float], list[float]]:
        """Gain and body weight of sentence ``t`` for keys ``lo`` to ``hi``.

        The gain is what opening a key's text there adds; mid-paragraph, less the merge.
        """
        earned = _SKIP if self.firsts[t] else _SKIP - _MERGE
        gain = [_OPEN_WEIGHT * -_OPEN_BASELINE + earned] * (hi - lo + 1)
        body = [0.0] * (hi - lo + 1)
        for k, v in self.strength[t].items():
            if lo <= k <= hi:
                gain[k - lo] = _OPEN_WEIGHT * (v - _OPEN_BASELINE) + earned
                body[k - lo] = _BODY_WEIGHT * v
        return gain, body

    def whole(self, sentences: range) -> tuple[list[float], list[float]]:
        """Gain and body weight of a paragraph whose sentences all take one key."""
        gain, body = self.scores(sentences[0], 0, self.size - 1)
        for t in sentences[1:]:
            for k, v in self.strength[t].items():
                gain[k] += _BODY_WEIGHT * v
                body[k] += _BODY_WEIGHT * v
        return gain, body

    def leans(self, sentences: Sequence[int], key: int, other: int) -> bool:
        """Whether one of ``sentences`` has more evidence for ``other`` than for ``key``."""
        return any(
            self.strength[t].get(other, 0.0) > self.strength[t].get(key, 0.0) for t in sentences
        )

    def support(self, key: int, sentences: Sequence[int]) -> float:
        """Own cue evidence of a segment, as a fraction (capped at 1) of solid evidence."""
        strength = self.strength
        later = sum(strength[t].get(key, 0.0) for t in sentences[1:])
        return min(1.0, (strength[sentences[0]].get(key, 0.0) + 0.5 * later) / _SUPPORT_FULL)

    def best_key(self, sentences: Sequence[int]) -> int | None:
        """Key with the most evidence over ``sentences``, or None if nothing matched at all."""
        totals = [0.0] * self.size
        for t in sentences:
            for k, v in self.strength[t].items():
                totals[k] += v
        best = max(range(self.size), key=totals.__getitem__)
        return best if totals[best] > 0 else None


def _larger(a: Iterable[float], b: Iterable[float]) -> list[float]:
    """Element-wise maximum, as ``list(map(max, a, b))`` gives it."""
    return [x if x >= y else y for x, y in zip(a, b, strict=True)]


def _running_max(values: Iterable[float]) -> list[float]:
    """Prefix maxima, as ``list(itertools.accumulate(values, max))`` gives them."""
    found = []
    best = _NEG
    for value in values:
        if value > best:
            best = value
        found.append(best)
    return found


class _Lattice:
    """Forward and backward dynamic programming over per-step labels.

    A step is a sentence, or a whole paragraph read as one unit. A step's state is either "about
    key k" (k in 0..K-1) or "in an unassigned paragraph with c keys used so far" (c in 0..K).
    ``fx``/``fz`` hold the best score of a prefix ending in each state, ``bx``/``bz`` the best
    score of the rest of the page after it.

    The penalty for keys without text is counted the other way round: every path pays it for all
    K keys (a constant, left out), and opening a key's text earns it back. A skipped key then
    needs no bookkeeping, so each pass is a running maximum and a few element-wise operations.
    """

    __slots__ = ("body", "bx", "bz", "firsts", "fx", "fz", "gain", "size")

    def __init__(
        self, gain: list[list[float]], body: list[list[float]], firsts: list[bool]
    ) -> None:
        self.size = len(gain[0])
        self.gain = gain
        self.body = body
        self.firsts = firsts
        self.fx, self.fz = self._forward()
        self.bx, self.bz = self._backward()

    # The passes below run once per step and key: sums use map() over operator.add (a C loop),
    # maxima the comparisons of _larger and _running_max (map(max, ...) is three times slower).

    def _forward(self) -> tuple[list[list[float]], list[list[float]]]:
        """Compute the best prefix scores for every sentence and state."""
        fx_all: list[list[float]] = []
        fz_all: list[list[float]] = []
        fx: list[float] = []
        fz: list[float] = [0.0] + [_NEG] * self.size
        for t, first in enumerate(self.firsts):
            if first:
                boundary = self._boundary(fx, fz) if t else fz
                fx = self._enter(boundary, t)
                fz = [w - _UNASSIGNED for w in boundary]
            else:
                fx = self._within(fx, t)
            fx_all.append(fx)
            fz_all.append(fz)
        return fx_all, fz_all

    @staticmethod
    def _boundary(fx: list[float], fz: list[float]) -> list[float]:
        """Best score at a paragraph break by number of keys used so far."""
        return [fz[0], *_larger(fx, fz[1:])]

    def _enter(self, boundary: list[float], t: int) -> list[float]:
        """Scores of a paragraph's first sentence: a later key (skipping some) or the same one."""
        opened = map(add, self.gain[t], _running_max(boundary))
        # A continued indicator's new paragraph need not name it again: score it as body text.
        continued = map(add, self.body[t], [c - _CONTINUE for c in boundary[1:]])
        return _larger(opened, continued)

    def _within(self, previous: list[float], t: int) -> list[float]:
        """Scores of a later sentence: same key as before, or moving on to a later one."""
        reach = itertools.chain((_NEG,), _running_max(previous))
        return _larger(map(add, previous, self.body[t]), map(add, reach, self.gain[t]))

    def _backward(self) -> tuple[list[list[float]], list[list[float]]]:
        """Compute the best suffix scores (excluding the sentence's own evidence)."""
        bx = [0.0] * self.size
        bz = [0.0] * (self.size + 1)
        bx_all, bz_all = [bx], [bz]
        for nxt in range(len(self.firsts) - 1, 0, -1):
            ahead = self._ahead(list(map(add, self.gain[nxt], bx)))
            if self.firsts[nxt]:
                continued = [c - _CONTINUE for c in map(add, self.body[nxt], bx)]
                unassigned = [z - _UNASSIGNED for z in bz]
                bz = _larger(_larger(unassigned, ahead), [_NEG, *continued])
                bx = bz[1:]
            else:
                bx = _larger(map(add, self.body[nxt], bx), ahead[1:])
            bx_all.append(bx)
            bz_all.append(bz)
        return bx_all[::-1], bz_all[::-1]

    @staticmethod
    def _ahead(gains: list[float]) -> list[float]:
        """For each c, the best gain of opening some key k >= c."""
        suffix = _running_max(reversed(gains))
        suffix.reverse()
        suffix.append(_NEG)
        return suffix

    def best_labels(self) -> list[int]:
        """Trace back the best labelling: a key index per sentence, -1 if unassigned."""
        boundary = self._boundary(self.fx[-1], self.fz[-1])
        used = max(range(self.size + 1), key=boundary.__getitem__)
        state = self._source(self.fx[-1], self.fz[-1], used)
        labels = []
        for t in range(len(self.firsts) - 1, -1, -1):
            labels.append(max(state, -1))
            if t:
                state = self._previous(t, state)
        return labels[::-1]

    @staticmethod
    def _source(fx: list[float], fz: list[float], used: int) -> int:
        """State (key k, or -(c + 1) for unassigned) giving the best boundary with ``used`` keys."""
        if used and fx[used - 1] >= fz[used]:
            return used - 1
        return -(used + 1)

    def _previous(self, t: int, state: int) -> int:
        """State at sentence ``t - 1`` on the best path into ``state`` at ``t``."""
        fx, fz = self.fx[t - 1], self.fz[t - 1]
        if state < 0:
            return self._source(fx, fz, -state - 1) if self.firsts[t] else state
        if self.firsts[t]:
            boundary = self._boundary(fx, fz)
            used = max(range(state + 1), key=boundary.__getitem__)
            opened = self.gain[t][state] + boundary[used]
            if self.body[t][state] + (boundary[state + 1] - _CONTINUE) > opened:
                used = state + 1
            return self._source(fx, fz, used)
        if fx[state] + self.body[t][state] >= self.fx[t][state]:
            return state
        return max(range(state), key=fx.__getitem__)

    def _weights(self, t: int) -> list[float]:
        """Soft-max weights of sentence ``t``'s labels (keys, then "unassigned")."""
        scores = list(map(add, self.fx[t], self.bx[t]))
        scores.append(max(map(add, self.fz[t], self.bz[t])))
        top = max(scores)
        return [math.exp((s - top) / _TEMPERATURE) for s in scores]

    def shares(self, labels: list[int]) -> list[float]:
        """Per sentence: the soft-max share of its label among the alternatives."""
        result = []
        for t, label in enumerate(labels):
            weights = self._weights(t)
            result.append(weights[label if label >= 0 else self.size] / sum(weights))
        return result

    def runner_up(self, t: int, label: int) -> int:
        """The label with the most weight after ``label`` at sentence ``t`` (-1: unassigned)."""
        weights = self._weights(t)
        chosen = label if label >= 0 else self.size
        weights[chosen] = -1.0
        runner = max(range(len(weights)), key=weights.__getitem__)
        return runner if runner < self.size else -1


# --- result assembly ----------------------------------------------------------------------


class _Solved:
    """The best labelling of a page's sentences, turned into per-paragraph results.

    Most paragraphs are about one indicator, so the page is first solved paragraph by paragraph
    (each read as one unit). Only where that reading leaves keys without text, is unsure of a
    paragraph, or has a sentence leaning to a neighbour's key is the page solved again sentence
    by sentence, over the keys in between (``_windows``).
    """

    __slots__ = ("keys", "labels", "rows", "shares", "where")

    def __init__(self, keys: tuple[str, ...], rows: _Rows, ranges: list[range]) -> None:
        self.keys = keys
        self.rows = rows
        units = [rows.whole(sentences) for sentences in ranges]
        outline = _Lattice([g for g, _ in units], [b for _, b in units], [True] * len(ranges))
        chosen = outline.best_labels()
        shares = outline.shares(chosen)
        self.labels: list[int] = []
        self.shares: list[float] = []
        # Per sentence: the lattice that labelled it, its step there, that lattice's first key.
        self.where: list[tuple[_Lattice, int, int]] = []
        for p, sentences in enumerate(ranges):
            self.labels += [chosen[p]] * len(sentences)
            self.shares += [shares[p]] * len(sentences)
            self.where += [(outline, p, 0)] * len(sentences)
        for first, last, lo, hi in _windows(chosen, shares, len(keys), self._borrows(ranges)):
            self._refine(range(ranges[first].start, ranges[last].stop), lo, hi)

    def _borrows(self, ranges: list[range]) -> Callable[[int, int, int, int], bool]:
        """Whether paragraph p's later sentences or q's first lean to the other's key."""

        def borrows(p: int, q: int, k: int, j: int) -> bool:
            return self.rows.leans(ranges[p][1:], k, j) or self.rows.leans(ranges[q][:1], j, k)

        return borrows

    def _refine(self, sentences: range, lo: int, hi: int) -> None:
        """Label ``sentences`` one by one with keys ``lo`` to ``hi``."""
        rows = [self.rows.scores(t, lo, hi) for t in sentences]
        steps = self.rows.firsts[sentences.start : sentences.stop]
        lattice = _Lattice([g for g, _ in rows], [b for _, b in rows], steps)
        labels = lattice.best_labels()
        shares = lattice.shares(labels)
        for step, t in enumerate(sentences):
            self.labels[t] = labels[step] + lo if labels[step] >= 0 else -1
            self.shares[t] = shares[step]
            self.where[t] = (lattice, step, lo)

    def _runner_up(self, t: int) -> int:
        """The label with the most weight after sentence ``t``'s own (-1: unassigned)."""
        lattice, step, lo = self.where[t]
        label = self.labels[t]
        runner = lattice.runner_up(step, label - lo if label >= 0 else -1)
        return runner + lo if runner >= 0 else -1

    def paragraph(self, index: int, text: str, pieces: list[str], start: int) -> ParagraphAlignment:
        """Build the result for one paragraph whose sentences start at ``start``."""
        if not pieces:
            return _unassigned(index, text)
        window = range(start, start + len(pieces))
        weakest = min(window, key=self.shares.__getitem__)
        share = self.shares[weakest]
        if self.labels[start] < 0:
            return ParagraphAlignment(index, (), (), share, self._unassigned_reason(window))
        segments = self._segments(window)
        keys = tuple(self.keys[k] for k, _ in segments)
        if len(segments) == 1:
            spans: tuple[str, ...] = (text,)
        else:
            spans = tuple("".join(pieces[t - start] for t in ts).strip() for _, ts in segments)
        # Thin own evidence halves the confidence at most: position alone is some evidence.
        support = 0.5 + 0.5 * min(self.rows.support(k, ts) for k, ts in segments)
        confidence = share * support
        warning = None
        if confidence < LOW_CONFIDENCE:
            warning = self._doubt(segments, weakest, confidence, support < share)
        return ParagraphAlignment(index, keys, spans, confidence, warning)

    def _segments(self, window: range) -> list[tuple[int, list[int]]]:
        """Group a paragraph's sentences into runs with the same key."""
        segments: list[tuple[int, list[int]]] = []
        for t in window:
            if segments and segments[-1][0] == self.labels[t]:
                segments[-1][1].append(t)
            else:
                segments.append((self.labels[t], [t]))
        return segments

    def _doubt(
        self, segments: list[tuple[int, list[int]]], weakest: int, confidence: float, weak: bool
    ) -> str:
        """Explain a low confidence: thin evidence, an uncertain split, or a rival key."""
        own = [k for k, _ in segments]
        if weak:
            key = min(own, key=lambda k: self.rows.support(k, dict(segments)[k]))
            return f"weak evidence for {self.keys[key]!r} (confidence {confidence:.2f})"
        rival = self._runner_up(weakest)
        if rival < 0:
            return f"may belong to no indicator (confidence {confidence:.2f})"
        if rival in own or (len(own) > 1 and own[0] < rival < own[-1]):
            names = " / ".join(repr(self.keys[k]) for k in own)
            return f"uncertain split between {names} (confidence {confidence:.2f})"
        return f"may be about {self.keys[rival]!r} instead (confidence {confidence:.2f})"

    def _unassigned_reason(self, window: range) -> str:
        """Explain why a paragraph was left unassigned."""
        best = self.rows.best_key(window)
        if best is None:
            return "matches no indicator; left unassigned"
        return f"fits no indicator in order (closest: {self.keys[best]!r}); left unassigned"


def _windows(
    chosen: list[int], shares: list[float], size: int, borrows: Callable[[int, int, int, int], bool]
) -> list[tuple[int, int, int, int]]:
    """Paragraph runs (first, last) and key ranges (lo, hi) to label sentence by sentence.

    ``chosen`` gives each paragraph's key when read whole (-1: unassigned), ``shares`` how sure
    that reading is. Two assigned paragraphs p and q (keys k and j) open a window over the
    paragraphs from p to q when the keys between them have no text, when one of these
    paragraphs is doubtful, or when ``borrows(p, q, k, j)``: a sentence of one leans to the
    other's key. Keys before the first or after the last paragraph's open one too. Windows that
    share a paragraph are joined.
    """
    assigned = [(p, k) for p, k in enumerate(chosen) if k >= 0]
    if not assigned:
        return [(0, len(chosen) - 1, 0, size - 1)]
    # Sentinels: key -1 before the first paragraph, key ``size`` after the last.
    bounded = [(0, -1), *assigned, (len(chosen) - 1, size)]
    found = []
    for (p, k), (q, j) in itertools.pairwise(bounded):
        if (
            j > k + 1
            or any(shares[r] < _SURE for r in range(p, q + 1))
            or (0 <= k < j < size and borrows(p, q, k, j))
        ):
            found.append((p, q, max(k, 0), min(j, size - 1)))
    windows: list[tuple[int, int, int, int]] = []
    for first, last, lo, hi in found:
        if windows and windows[-1][1] >= first:
            windows[-1] = (windows[-1][0], last, windows[-1][2], hi)
        else:
            windows.append((first, last, lo, hi))
    return windows


# --- the cue rule for others (the strategies write text that this matcher must read) ------


def cues_of(key: str) -> tuple[str, ...]:
    """Return the cue words and phrases of an indicator, as ``data/cues.json`` lists them.

    A cue ending in ``*`` is a word prefix; an unknown key has none.
    """
    return _cue_data().get(key, ())


def cue_keys(text: str, keys: Sequence[str], *, own_names: Iterable[str] = ()) -> frozenset[str]:
    """Return the keys whose cues ``text`` holds, matched exactly as :func:`align` does.

    Whole words, plural forms and ``*`` prefixes count, leftmost-longest without overlaps,
    among the cues of ``keys`` (and their own names); ``own_names`` are no cues, as in
    :func:`align`.

    >>> sorted(cue_keys("Heroin and drugs", ["heroin_trade", "cocaine_trade"]))
    ['heroin_trade']
    """
    keys = tuple(keys)
    matcher = _matcher(keys)
    excluded = matcher.nodes_of(own_names)
    return frozenset(keys[index] for index in matcher.evidence([text], excluded)[0])
