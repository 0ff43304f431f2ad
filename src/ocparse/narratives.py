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
  where a merged paragraph moves on) weighted most, because it says what the text is about;
* penalties for each indicator without text, for moving on to a new indicator in mid-paragraph
  (larger when the sentence still speaks of the current one), for continuing an indicator in a
  new paragraph, and for leaving a paragraph unassigned.

Dynamic programming finds the best labelling exactly in O(S·K) for S sentences and K indicators
(running maxima handle skipped indicators). A backward pass gives max-marginals: for every
sentence, the score of the best alignment that labels it otherwise. A paragraph's confidence is
the smallest soft-max share of its chosen labels over those alternatives, scaled down when its
own cue evidence is thin.
"""

from __future__ import annotations

import functools
import itertools
import importlib.resources
import json
import math
from collections.abc import Sequence

import attrs
import regex  # type: ignore[import-untyped, unused-ignore]

from ocparse.sentences import split_sentences

__all__ = ["LOW_CONFIDENCE", "Alignment", "ParagraphAlignment", "align"]

LOW_CONFIDENCE: float = 0.5
"""Confidence below which a paragraph's assignment carries a warning."""

# Scoring parameters, tuned on generated pages (benchmarks/alignment_accuracy.py).
_OPEN_WEIGHT = 3.0  # evidence weight of a sentence that opens an indicator's text
_BODY_WEIGHT = 1.0  # evidence weight of any later sentence
_SKIP = 2.0  # per indicator left without text
_MERGE = 2.0  # moving on to the next indicator inside a paragraph
_MERGE_CONTRAST = 1.5  # ...times the evidence that sentence still has for the current one
_CONTINUE = 2.5  # an indicator continuing into a further paragraph
_UNASSIGNED = 2.2  # a paragraph assigned to nothing
_TEMPERATURE = 1.0  # soft-max temperature turning score margins into confidences
_EVIDENCE_FULL = 1.5  # emission total from which evidence counts as solid

_NEG = -math.inf
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{N}]*(?:['’]\p{L}+)*|\p{N}+")
_STOPWORDS = frozenset({"and", "of", "in", "the", "for", "to", "a", "an", "on", "or"})


@attrs.frozen(slots=True)
class ParagraphAlignment:
    """The indicators one narrative paragraph covers, with each one's share of its text."""

    index: int
    """Paragraph index (0-based, input order)."""
    keys: tuple[str, ...]
    """Indicator keys the paragraph covers, in page order; empty if none."""
    spans: tuple[str, ...]
    """Text belonging to each key (whole sentences); the whole paragraph for a single key."""
    confidence: float
    """Confidence in ``keys`` and the split points, from 0 to 1."""
    warning: str | None
    """Why the assignment is doubtful (low confidence, nothing matched), else None."""


@attrs.frozen(slots=True)
class Alignment:
    """The alignment of a page's narrative paragraphs to its indicators."""

    paragraphs: tuple[ParagraphAlignment, ...]
    """One entry per input paragraph, in input order."""

    def narrative(self, key: str) -> str | None:
        """Return the indicator's own text (its spans joined by blank lines), or None."""
        spans = [
            span
            for paragraph in self.paragraphs
            for k, span in zip(paragraph.keys, paragraph.spans)
            if k == key
        ]
        return "\n\n".join(spans) if spans else None

    def paragraph_of(self, key: str) -> int | None:
        """Return the index of the first paragraph that covers the indicator, or None."""
        return next((p.index for p in self.paragraphs if key in p.keys), None)


def align(paragraphs: Sequence[str], keys: Sequence[str]) -> Alignment:
    """Align narrative paragraphs to indicators given in page order.

    ``keys`` may be any ordered subset of the indicator keys; keys unknown to the cue data are
    matched by their own words. Every paragraph appears in the result, unassigned if need be.
    """
    keys = tuple(keys)
    pieces = [split_sentences(text) if text.strip() else [] for text in paragraphs]
    sentences = [(p, piece) for p, paragraph in enumerate(pieces) for piece in paragraph]
    if not keys or not sentences:
        return Alignment(tuple(_unassigned(i, text, 0.0) for i, text in enumerate(paragraphs)))
    matcher = _matcher(keys)
    evidence = [matcher.evidence(piece) for _, piece in sentences]
    firsts = [i == 0 or sentences[i - 1][0] != p for i, (p, _) in enumerate(sentences)]
    solved = _Solved(keys, _Lattice(evidence, firsts, len(keys)))
    result = []
    start = 0
    for index, text in enumerate(paragraphs):
        result.append(solved.paragraph(index, text, pieces[index], start))
        start += len(pieces[index])
    return Alignment(tuple(result))


def _unassigned(index: int, text: str, confidence: float) -> ParagraphAlignment:
    """Return an empty assignment for a paragraph that nothing could be aligned to."""
    reason = "empty paragraph" if not text.strip() else "no indicator to align to"
    return ParagraphAlignment(index, (), (), confidence, f"{reason}; left unassigned")


# --- cue matching -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _cue_data() -> dict[str, tuple[str, ...]]:
    """Load the cue lists once from the package data."""
    resource = importlib.resources.files("ocparse") / "data" / "cues.json"
    raw = json.loads(resource.read_text(encoding="utf-8"))
    return {key: tuple(cues) for key, cues in raw.items() if not key.startswith("_")}


def _tokens(text: str) -> list[str]:
    """Return the normalised words of ``text``: lower case, no possessive, no apostrophes."""
    words = []
    for word in _TOKEN.findall(text.lower()):
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        words.append(word.replace("'", ""))
    return words


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


class _Matcher:
    """Scores sentences against the cues of one ordered key set."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.size = len(keys)
        self.root = _Node()
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        self.forms_cache: dict[str, tuple[str, ...]] = {}
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
        words = _tokens(cue)
        if not words:
            return ()
        if cue.rstrip().endswith("*"):
            self.prefixes.add(words[-1])
            words[-1] += "*"
            self.words.update(words[:-1])
        else:
            self.words.update(words)
        return tuple(words)

    def _insert(self, phrase: tuple[str, ...], hits: tuple[tuple[int, float], ...]) -> None:
        """Add a phrase to the trie."""
        node = self.root
        for word in phrase:
            node = node.children.setdefault(word, _Node())
        node.hits = hits

    def forms(self, token: str) -> tuple[str, ...]:
        """Return the cue words a text token can stand for (itself, its singular, a prefix)."""
        cached = self.forms_cache.get(token)
        if cached is not None:
            return cached
        candidates = [token]
        if token.endswith("s"):
            candidates.append(token[:-1])
            if token.endswith("es"):
                candidates.append(token[:-2])
            if token.endswith("ies"):
                candidates.append(token[:-3] + "y")
        found = [c for c in candidates if c in self.words]
        found += [token[:n] + "*" for n in self.prefix_lengths if token[:n] in self.prefixes]
        result = tuple(found)
        self.forms_cache[token] = result
        return result

    def evidence(self, sentence: str) -> list[float]:
        """Return the summed weight of cue matches per key (leftmost-longest, no overlaps)."""
        scores = [0.0] * self.size
        forms = [self.forms(token) for token in _tokens(sentence)]
        position = 0
        while position < len(forms):
            end, hits = self._longest(forms, position)
            for index, weight in hits:
                scores[index] += weight
            position = end if hits else position + 1
        return scores

    def _longest(
        self, forms: list[tuple[str, ...]], start: int
    ) -> tuple[int, tuple[tuple[int, float], ...]]:
        """Return the end and hits of the longest cue starting at ``start`` (hits empty if none)."""
        best: tuple[int, tuple[tuple[int, float], ...]] = (start, ())
        frontier = [self.root]
        position = start
        while frontier and position < len(forms):
            frontier = [
                child
                for node in frontier
                for form in forms[position]
                if (child := node.children.get(form)) is not None
            ]
            position += 1
            for node in frontier:
                if node.hits:
                    best = (position, node.hits)
        return best


@functools.lru_cache(maxsize=64)
def _matcher(keys: tuple[str, ...]) -> _Matcher:
    """Build (once per key set) the matcher for ``keys``."""
    return _Matcher(keys)


# --- alignment lattice --------------------------------------------------------------------


class _Lattice:
    """Forward and backward dynamic programming over per-sentence labels.

    A sentence's state is either "about key k" (k in 0..K-1) or "in an unassigned paragraph with
    c keys used so far" (c in 0..K). ``fx``/``fz`` hold the best score of a prefix ending in each
    state, ``bx``/``bz`` the best score of the rest of the page after it.
    """

    __slots__ = ("body", "bx", "bz", "firsts", "fx", "fz", "leaving", "opening", "size", "skips")

    def __init__(self, evidence: list[list[float]], firsts: list[bool], size: int) -> None:
        self.size = size
        self.firsts = firsts
        # Saturate: a second or third cue in one sentence adds little to what the first said.
        strength = [[1.0 - math.exp(-s) for s in row] for row in evidence]
        self.opening = [[_OPEN_WEIGHT * v for v in row] for row in strength]
        self.body = [[_BODY_WEIGHT * v for v in row] for row in strength]
        self.leaving = [[_MERGE + _MERGE_CONTRAST * v for v in row] for row in strength]
        self.skips = [_SKIP * k for k in range(size + 1)]
        self.fx, self.fz = self._forward()
        self.bx, self.bz = self._backward()

    def _forward(self) -> tuple[list[list[float]], list[list[float]]]:
        """Compute the best prefix scores for every sentence and state."""
        fx_all: list[list[float]] = []
        fz_all: list[list[float]] = []
        fx: list[float] = []
        fz: list[float] = [0.0] + [_NEG] * self.size
        for t, first in enumerate(self.firsts):
            if first:
                boundary = self._boundary(fx, fz) if t else fz
                fx = self._enter(boundary, self.opening[t])
                fz = [w - _UNASSIGNED for w in boundary]
            else:
                fx = self._within(fx, t)
            fx_all.append(fx)
            fz_all.append(fz)
        return fx_all, fz_all

    @staticmethod
    def _boundary(fx: list[float], fz: list[float]) -> list[float]:
        """Best score at a paragraph break by number of keys used so far."""
        return [fz[0]] + [max(x, z) for x, z in zip(fx, fz[1:])]

    def _enter(self, boundary: list[float], opening: list[float]) -> list[float]:
        """Scores of a paragraph's first sentence: a later key (skipping some) or the same one."""
        skips = self.skips
        # max over c <= k of boundary[c] - SKIP*(k-c), as a running maximum.
        reach = list(itertools.accumulate((w + s for w, s in zip(boundary, skips)), max))
        return [
            o + max(reach[k] - skips[k], boundary[k + 1] - _CONTINUE) for k, o in enumerate(opening)
        ]

    def _within(self, previous: list[float], t: int) -> list[float]:
        """Scores of a later sentence: same key as before, or moving on to a later one."""
        skips = self.skips
        leave = (p - c + s for p, c, s in zip(previous, self.leaving[t], skips))
        reach = list(itertools.accumulate(leave, max))
        switch = [_NEG] + [r - s for r, s in zip(reach, skips)]
        return [
            max(p + b, w + o) for p, b, w, o in zip(previous, self.body[t], switch, self.opening[t])
        ]

    def _backward(self) -> tuple[list[list[float]], list[list[float]]]:
        """Compute the best suffix scores (excluding the sentence's own evidence)."""
        k_total = self.size
        bx = [-self.skips[k_total - k - 1] for k in range(k_total)]
        bz = [-s for s in reversed(self.skips)]
        bx_all, bz_all = [bx], [bz]
        for nxt in range(len(self.firsts) - 1, 0, -1):
            gains = [o + b for o, b in zip(self.opening[nxt], bx)]
            ahead = self._ahead(gains)
            if self.firsts[nxt]:
                continued = [_NEG] + [g - _CONTINUE for g in gains]
                bz = [max(z - _UNASSIGNED, a, c) for z, a, c in zip(bz, ahead, continued)]
                bx = bz[1:]
            else:
                bx = [
                    max(d + b, a - c)
                    for d, b, a, c in zip(self.body[nxt], bx, ahead[1:], self.leaving[nxt])
                ]
            bx_all.append(bx)
            bz_all.append(bz)
        return bx_all[::-1], bz_all[::-1]

    def _ahead(self, gains: list[float]) -> list[float]:
        """For each c, the best gain of opening some key k >= c after skipping k - c keys."""
        skips = self.skips
        shifted = [g - s for g, s in zip(gains, skips)]
        suffix = list(itertools.accumulate(reversed(shifted), max))[::-1]
        return [m + s for m, s in zip(suffix, skips)] + [_NEG]

    def best_labels(self) -> list[int]:
        """Trace back the best labelling: a key index per sentence, -1 if unassigned."""
        k_total = self.size
        boundary = self._boundary(self.fx[-1], self.fz[-1])
        used = max(range(k_total + 1), key=lambda c: boundary[c] - self.skips[k_total - c])
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
            used = max(range(state + 1), key=lambda c: boundary[c] - self.skips[state - c])
            if boundary[state + 1] - _CONTINUE > boundary[used] - self.skips[state - used]:
                used = state + 1
            return self._source(fx, fz, used)
        if fx[state] + self.body[t][state] >= self.fx[t][state]:
            return state
        leaving = self.leaving[t]
        return max(range(state), key=lambda j: fx[j] - leaving[j] - self.skips[state - 1 - j])

    def shares(self, labels: list[int]) -> list[tuple[float, int]]:
        """Per sentence: the soft-max share of its label among alternatives, and the runner-up."""
        result = []
        for t, label in enumerate(labels):
            scores = [f + b for f, b in zip(self.fx[t], self.bx[t])]
            scores.append(max(f + b for f, b in zip(self.fz[t], self.bz[t])))
            top = max(scores)
            weights = [math.exp((s - top) / _TEMPERATURE) for s in scores]
            chosen = label if label >= 0 else self.size
            weights_left = weights[:chosen] + [-1.0] + weights[chosen + 1 :]
            runner = max(range(len(weights)), key=weights_left.__getitem__)
            result.append((weights[chosen] / sum(weights), runner if runner < self.size else -1))
        return result

    def support(self, key: int, sentences: Sequence[int]) -> float:
        """Own cue evidence of a segment, as a fraction (capped at 1) of solid evidence."""
        total = self.opening[sentences[0]][key] + sum(self.body[t][key] for t in sentences[1:])
        return min(1.0, total / _EVIDENCE_FULL)

    def best_key(self, sentences: Sequence[int]) -> int | None:
        """Key with the most evidence over ``sentences``, or None if nothing matched at all."""
        totals = [sum(self.body[t][k] for t in sentences) for k in range(self.size)]
        best = max(range(self.size), key=totals.__getitem__)
        return best if totals[best] > 0 else None


# --- result assembly ----------------------------------------------------------------------


class _Solved:
    """The best labelling of a page's sentences, turned into per-paragraph results."""

    __slots__ = ("keys", "labels", "lattice", "shares")

    def __init__(self, keys: tuple[str, ...], lattice: _Lattice) -> None:
        self.keys = keys
        self.lattice = lattice
        self.labels = lattice.best_labels()
        self.shares = lattice.shares(self.labels)

    def paragraph(self, index: int, text: str, pieces: list[str], start: int) -> ParagraphAlignment:
        """Build the result for one paragraph whose sentences start at ``start``."""
        if not pieces:
            return _unassigned(index, text, 1.0)
        window = range(start, start + len(pieces))
        weakest = min(window, key=lambda t: self.shares[t][0])
        share = self.shares[weakest][0]
        if self.labels[start] < 0:
            return ParagraphAlignment(index, (), (), share, self._unassigned_reason(window))
        segments = self._segments(window)
        keys = tuple(self.keys[k] for k, _ in segments)
        if len(segments) == 1:
            spans: tuple[str, ...] = (text,)
        else:
            spans = tuple("".join(pieces[t - start] for t in ts).strip() for _, ts in segments)
        support = min(self.lattice.support(k, ts) for k, ts in segments)
        confidence = min(share, support)
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
            key = min(own, key=lambda k: self.lattice.support(k, dict(segments)[k]))
            return f"weak evidence for {self.keys[key]!r} (confidence {confidence:.2f})"
        rival = self.shares[weakest][1]
        if rival < 0:
            return f"may belong to no indicator (confidence {confidence:.2f})"
        if rival in own or len(own) > 1 and own[0] < rival < own[-1]:
            names = " / ".join(repr(self.keys[k]) for k in own)
            return f"uncertain split between {names} (confidence {confidence:.2f})"
        return f"may be about {self.keys[rival]!r} instead (confidence {confidence:.2f})"

    def _unassigned_reason(self, window: range) -> str:
        """Explain why a paragraph was left unassigned."""
        best = self.lattice.best_key(window)
        if best is None:
            return "matches no indicator; left unassigned"
        return f"fits no indicator in order (closest: {self.keys[best]!r}); left unassigned"
