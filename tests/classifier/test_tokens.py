"""classifier.tokens gives the tokens, ORTH ids and spaced texts that `words` and spaCy give."""

from __future__ import annotations

import random

import numpy as np
import pytest
from spacy.strings import get_string_id
from spacy.symbols import IDS

from classifier.corpus import default_corpus_paths, read_corpus, read_jsonl
from classifier.pipeline import FastTokenizer, item_features
from classifier.tokens import IdSet, batch_tokens, plain_form, string_ids


def _expected(
    texts: list[str], tokenizers: list[FastTokenizer]
) -> tuple[list[int], list[int], list[str]]:
    words = [tok.words(text) for text, tok in zip(texts, tokenizers, strict=True)]
    ids = [get_string_id(w) for ws in words for w in ws]
    return ids, [len(ws) for ws in words], ["".join(f"{w} " for w in ws) for ws in words]


def _check(texts: list[str], tokenizers: list[FastTokenizer]) -> None:
    got = batch_tokens(texts, tokenizers)
    ids, lengths, spaced = _expected(texts, tokenizers)
    assert got.ids.dtype == np.uint64
    assert got.ids.tolist() == ids
    assert got.lengths.tolist() == lengths
    assert got.texts == spaced


def _tokenizers(shipped, langs: list[str]) -> list[FastTokenizer]:
    by_lang = shipped._batch.by_lang
    return [by_lang.get(lang, by_lang["es"])[0] for lang in langs]


def test_batch_tokens_equal_words_on_the_corpus(shipped):
    items = read_corpus(default_corpus_paths())
    features = [item_features(item) for item in items]
    for start in range(0, len(features), 512):
        chunk = features[start : start + 512]
        _check([t for t, _ in chunk], _tokenizers(shipped, [lang for _, lang in chunk]))


@pytest.mark.reference
def test_batch_tokens_equal_words_on_the_devset(shipped, reference_dir):
    features = [item_features(r) for r in read_jsonl(reference_dir / "labels" / "devset.jsonl")]
    for start in range(0, len(features), 512):
        chunk = features[start : start + 512]
        _check([t for t, _ in chunk], _tokenizers(shipped, [lang for _, lang in chunk]))


@pytest.mark.parametrize(
    "alphabet",
    ["ab09-. ,;", "ab09-./ ", "as09-.' _", "st'n-. 9", "a1-.'/\u0661 ", "a\x01'\x00s \t-"],
)
def test_batch_tokens_equal_words_on_dense_random_text(shipped, alphabet):
    rng = random.Random(11)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    langs = [rng.choice(["es", "en", "fr"]) for _ in texts]
    _check(texts, _tokenizers(shipped, langs))


def test_batch_tokens_handles_edge_batches(shipped):
    en, es = _tokenizers(shipped, ["en", "es"])
    _check([""], [es])
    _check(["", "", "..."], [es, en, es])
    _check(["agency's rule won't apply", "cbp's u.s.'s 's", "x'sa 's_ 'st"], [en, en, en])
    _check(["a" * 70 + " " + "b" * 23, "number case det"], [es, en])  # long words, symbols


def test_plain_form_leaves_words_that_need_the_regex(shipped):
    en, es = _tokenizers(shipped, ["en", "es"])
    assert plain_form("5/2024", es) is None
    assert plain_form("list/crew 5 /x", es) == "list/crew 5 /x"
    assert plain_form("cbp's a/b", en) is not None
    assert plain_form("cbp's 2/3", en) is None
    assert plain_form("ley aduanera", es) == "ley aduanera"
    assert plain_form("won't", en) is None
    assert plain_form("aviso\u00e9", es) is None
    assert plain_form("d'or", es) == "d'or"  # Spanish: the apostrophe is a separator


def test_string_ids_equal_spacy_on_every_length_and_the_symbols():
    rng = random.Random(12)
    words = ["".join(rng.choice("az09-.'\u00e9") for _ in range(n)) for n in range(1, 70)] * 3
    words += [name for name in IDS if name and " " not in name and "\n" not in name]
    words = [w for w in words if w.strip() == w and " " not in w]
    raw = [w.encode() for w in words]
    buffer = b" ".join(raw) + bytes(8)
    starts = np.cumsum([0] + [len(r) + 1 for r in raw[:-1]]).astype(np.int64)
    sizes = np.array([len(r) for r in raw], dtype=np.int64)
    assert string_ids(buffer, starts, sizes).tolist() == [get_string_id(w) for w in words]


def test_id_set_positions():
    members = IdSet([5, 2**64 - 1, 2**40 + 7])
    ids = np.array([1, 5, 2**40 + 7, 5 + 2**16, 2**64 - 1], dtype=np.uint64)
    where, which = members.positions(ids)
    assert where.tolist() == [1, 2, 4]
    assert members.sorted[which].tolist() == [5, 2**40 + 7, 2**64 - 1]
    empty = IdSet([])
    assert empty.positions(ids)[0].tolist() == []
