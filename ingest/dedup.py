"""Near-duplicate detection (the same wire story from two outlets) with word shingles (pure)."""

from __future__ import annotations

import hashlib
import re

import numpy as np

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 64
_MERSENNE = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20231004)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, (1 << 61) - 1, SIGNATURE_SIZE, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, SIGNATURE_SIZE, dtype=np.uint64)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """Hashed runs of `size` lower-cased words; short texts give one shingle of all their words."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {_hash(" ".join(words))} if words else set()
    return {_hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1)}


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little") >> 3


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def signature(shingle_set: set[int]) -> np.ndarray:
    """MinHash signature: the share of equal slots estimates the Jaccard similarity."""
    if not shingle_set:
        return np.full(SIGNATURE_SIZE, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = np.fromiter(shingle_set, dtype=np.uint64)
    with np.errstate(over="ignore"):
        hashed = (values[:, None] * _A[None, :] + _B[None, :]) % _MERSENNE
    return hashed.min(axis=0)


class SignatureIndex:
    """Signatures of known articles in one growing matrix, for vectorised candidate look-ups."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._rows = np.zeros((256, SIGNATURE_SIZE), dtype=np.uint64)

    def add(self, article_id: str, sig: np.ndarray) -> None:
        if len(self.ids) == len(self._rows):
            self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
        self._rows[len(self.ids)] = sig
        self.ids.append(article_id)

    def candidates(self, sig: np.ndarray, threshold: float) -> list[str]:
        rows = candidates(sig, self._rows[: len(self.ids)], threshold)
        return [self.ids[r] for r in rows]


def candidates(sig: np.ndarray, others: np.ndarray, threshold: float) -> np.ndarray:
    """Row indexes of `others` (n x SIGNATURE_SIZE) whose estimated Jaccard may reach threshold."""
    if len(others) == 0:
        return np.zeros(0, dtype=np.int64)
    estimate = (others == sig[None, :]).mean(axis=1)
    return np.flatnonzero(estimate >= threshold - 0.15)  # loose: the exact check decides
