"""Which sentences of a plain rewrite say which sentences of its original.

A rewrite keeps its original's order but splits, merges, drops and rewords sentences, so
sentences are paired by the words they share ("Both men and women can get it." says "While both
men and women can develop the condition, ..."), keeping the order: a monotone alignment, as
sentence aligners of parallel texts make. Sentences that share too few words to pair ("It is not
thought to be passed down in families." for "... the disease is not considered hereditary.") stay
in the group of the pair before them, where the fact guard compares them as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_SHARED = 2  # words two sentences must share to be paired
MIN_SIMILARITY = 0.4  # of the shorter sentence's words


@dataclass(frozen=True)
class Group:
    """Original sentences and the rewrite sentences that say them, in order."""

    originals: tuple[str, ...]
    rewrites: tuple[str, ...]
    paired: tuple[str, ...]  # the originals a rewrite sentence of the group is paired with
    unpaired_rewrites: tuple[str, ...]  # rewrite sentences paired with none: they may say any original of the group

    @property
    def trailing(self) -> tuple[str, ...]:
        """The unpaired rewrite sentences after the group's last pair: they stand just before the next group's first
        pair, so they may say its originals as well ("MS is not usually passed down from your parents." before the
        pair of "MS is not usually inherited, although ...", with which it shares too few words to pair)."""
        paired = [k for k, r in enumerate(self.rewrites) if r not in self.unpaired_rewrites]
        return self.rewrites[paired[-1] + 1 :] if paired else self.rewrites


def similarity(a: set[str], b: set[str]) -> float:
    shared = len(a & b)
    value = shared / min(len(a), len(b)) if shared >= MIN_SHARED else 0.0
    return value if value >= MIN_SIMILARITY else 0.0


def align(originals: Sequence[str], rewrites: Sequence[str], words: Callable[[str], set[str]]) -> list[Group]:
    """Groups of original and rewrite sentences, each from a pair to the next; what comes before the first pair joins the first group."""
    if not rewrites:
        return []
    bags_o, bags_r = [words(s) for s in originals], [words(s) for s in rewrites]
    anchors = _pairs([[similarity(o, r) for o in bags_o] for r in bags_r], len(originals))
    if not anchors:
        return [Group(tuple(originals), tuple(rewrites), (), tuple(rewrites))]
    paired = sorted(set(anchors.values()))
    starts_o = [0, *paired[1:]]
    starts_r = [0, *(min(j for j, i in anchors.items() if i == a) for a in paired[1:])]
    groups = []
    for k in range(len(paired)):
        span_o = range(starts_o[k], starts_o[k + 1] if k + 1 < len(paired) else len(originals))
        span_r = range(starts_r[k], starts_r[k + 1] if k + 1 < len(paired) else len(rewrites))
        groups.append(
            Group(
                tuple(originals[i] for i in span_o),
                tuple(rewrites[j] for j in span_r),
                tuple(originals[i] for i in sorted({anchors[j] for j in span_r if j in anchors})),
                tuple(rewrites[j] for j in span_r if j not in anchors),
            )
        )
    return groups


def _pairs(score: list[list[float]], n: int) -> dict[int, int]:
    """rewrite index -> original index, in order (several rewrites may say one original), sharing most in all."""
    m = len(score)
    # best[j][i]: the highest total over rewrites [0, j) with every pair at an original <= i
    best = [[0.0] * n for _ in range(m + 1)]
    choice: dict[tuple[int, int], str] = {}
    for j in range(1, m + 1):
        for i in range(n):
            options = [(best[j - 1][i], "skip")]
            if i:
                options.append((best[j][i - 1], "left"))
            if score[j - 1][i] > 0:
                options.append((best[j - 1][i] + score[j - 1][i], "pair"))
            best[j][i], choice[j, i] = max(options, key=lambda o: o[0])
    pairs: dict[int, int] = {}
    j, i = m, n - 1
    while j > 0 and i >= 0:
        step = choice[j, i]
        if step == "pair":
            pairs[j - 1] = i
            j -= 1
        elif step == "skip":
            j -= 1
        else:
            i -= 1
    return pairs
