"""Near-duplicate detection (the same wire story from two outlets) with word shingles (pure)."""

from __future__ import annotations

import hashlib
import re

import numpy as np

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 64
BAND_ROWS = 4  # LSH: slots per band ...
BANDS = SIGNATURE_SIZE // BAND_ROWS  # ... and bands: see SignatureIndex
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
    """Signatures of known articles, found by MinHash LSH: BANDS bands of BAND_ROWS slots each,
    and only articles equal to a signature in a whole band are compared. An article with Jaccard
    0.9 shares a band with probability 1 - (1 - 0.9**4)**16 > 0.9999999, so near-duplicates are
    still found, while a look-up costs the same at 50,000 articles as at 1,000 (a scan of every
    signature cost 8 ms an article at 50,000). The stored signatures are loaded in bulk (each
    band's hashes sorted once: 50,000 in well under a second); those added during an ingest go
    into a dictionary per band."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._rows = np.zeros((0, SIGNATURE_SIZE), dtype=np.uint64)
        self._loaded = 0  # rows [0, _loaded) are in the sorted arrays
        self._sorted = np.zeros((BANDS, 0), dtype=np.uint64)  # band hashes, sorted per band
        self._order = np.zeros((BANDS, 0), dtype=np.int64)  # their rows
        self._added: list[dict[int, list[int]]] = [{} for _ in range(BANDS)]

    def load(self, ids: list[str], rows: np.ndarray) -> None:
        """The stored signatures (n x SIGNATURE_SIZE), in one go, into an empty index."""
        assert not self.ids, "load fills an empty index"
        self.ids = list(ids)
        self._rows = np.array(rows, dtype=np.uint64).reshape(len(ids), SIGNATURE_SIZE)
        hashes = _band_hashes(self._rows)  # BANDS x n
        self._order = np.argsort(hashes, axis=1, kind="stable")
        self._sorted = np.take_along_axis(hashes, self._order, axis=1)
        self._loaded = len(ids)

    def add(self, article_id: str, sig: np.ndarray) -> None:
        row = len(self.ids)
        if row == len(self._rows):
            grown = np.zeros((max(256, 2 * row), SIGNATURE_SIZE), dtype=np.uint64)
            grown[:row] = self._rows[:row]
            self._rows = grown
        self._rows[row] = sig
        self.ids.append(article_id)
        for band, key in zip(self._added, _band_hashes(sig[None, :])[:, 0], strict=True):
            band.setdefault(int(key), []).append(row)

    def candidates(self, sig: np.ndarray, threshold: float) -> list[str]:
        near: set[int] = set()
        keys = _band_hashes(sig[None, :])[:, 0]
        for b, key in enumerate(keys):
            if self._loaded:
                low, high = (
                    int(np.searchsorted(self._sorted[b], key, side="left")),
                    int(np.searchsorted(self._sorted[b], key, side="right")),
                )
                near.update(self._order[b, low:high].tolist())
            near.update(self._added[b].get(int(key), ()))
        if not near:
            return []
        rows = np.asarray(sorted(near))
        kept = rows[candidates(sig, self._rows[rows], threshold)]
        return [self.ids[r] for r in kept]


_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5])


def _band_hashes(rows: np.ndarray) -> np.ndarray:
    """BANDS x n: one 64-bit hash of each band of each signature (equal bands, equal hashes;
    a rare collision only adds a candidate, which the estimate then drops)."""
    banded = rows.reshape(len(rows), BANDS, BAND_ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = banded * _MIX.astype(np.uint64)[:BAND_ROWS]
    return np.bitwise_xor.reduce(mixed, axis=2).T.copy()


def candidates(sig: np.ndarray, others: np.ndarray, threshold: float) -> np.ndarray:
    """Row indexes of `others` (n x SIGNATURE_SIZE) whose estimated Jaccard may reach threshold."""
    if len(others) == 0:
        return np.zeros(0, dtype=np.int64)
    estimate = (others == sig[None, :]).mean(axis=1)
    return np.flatnonzero(estimate >= threshold - 0.15)  # loose: the exact check decides
