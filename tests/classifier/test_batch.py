"""The batched inference path gives exactly what the spaCy Doc path gives, piece by piece."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from spacy.strings import get_string_id
from spacy.tokens import Doc

from classifier import LABELS
from classifier.batch import BowTextcat
from classifier.corpus import default_corpus_paths, read_corpus, read_jsonl
from classifier.decision import DecisionConfig, decide, decide_batch, round4
from classifier.model import BATCH_SIZE, Classifier
from classifier.normalize import _ACCENTS, collapse_spaces, strip_accents
from classifier.patterns import REGEX_RULES
from classifier.pipeline import (
    _NEEDLES,
    PATTERN_COMPONENT,
    FastTokenizer,
    _needles_by_prefix,
    combine_hits,
    evidence_row,
    item_features,
    make_docs,
    regex_hits,
    regex_hits_batch,
)

# Invented items for the paths the corpus does not take: no lang or source, an unknown
# language, English clitics, non-Latin-1 text, long text, punctuation only, empty text.
ODD_ITEMS: list[dict[str, object]] = [
    {"text": ""},
    {"text": "   ...  ;;  "},
    {"text": "CSMS # 12345678 - GUIDANCE: Section 301 duties on widgets"},
    {"text": "U.S. Customs and Border Protection; Agency's proposal won't change 19 CFR 101"},
    {"text": "Aviso de la NOM-035-STPS-2018 y la NOM-151-TUR-2001", "lang": "fr"},
    {"text": "ΟΔΟΣ “Ley Aduanera” — Σ importación temporal de IVA", "lang": "es"},
    {"text": "Reglas Generales de Comercio Exterior, anexos 1, 22 y 24. " * 40, "lang": "es"},
    {"text": "Excise taxes on imported goods; ref: 1234567", "agency": "Treasury Department"},
    {"text": "Decreto IMMEX\tdel  5/2024\n\nDIEMSE", "source": "dof", "agency": "SE"},
    {"text": "Tipo de cambio\u00a0para solventar obligaciones", "lang": "ES"},
]


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abz09-./' _,;:()éñAZ\u00b2\u0661\u00a0\t\n“”Σx"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def _same(shipped: Classifier, items: list[dict[str, object]]) -> None:
    fast = shipped.classify(items)
    slow = list(shipped.iter_classify_docs(items))
    assert len(fast) == len(slow) == len(items)
    for item, a, b in zip(items, fast, slow, strict=True):
        assert (a.labels, a.scores, a.flag_reason) == (b.labels, b.scores, b.flag_reason), item


def test_batch_path_is_used_for_the_shipped_model(shipped):
    assert shipped._batch is not None


def test_batch_path_equals_doc_path_on_the_corpus(shipped):
    records = read_corpus(default_corpus_paths())
    _same(shipped, records)
    _same(shipped, [{"text": r["text"]} for r in records[:800]])


def test_batch_path_equals_doc_path_on_odd_items(shipped):
    _same(shipped, ODD_ITEMS)
    _same(shipped, [{"text": t, "lang": "en"} for t in _random_texts(1, 300)])


def test_batch_path_spans_several_batches(shipped):
    records = read_corpus(default_corpus_paths())[: BATCH_SIZE * 2 + 7]
    assert [p.labels for p in shipped.classify(records)] == [
        p.labels for p in shipped.iter_classify_docs(records)
    ]


@pytest.mark.reference
def test_batch_path_equals_doc_path_on_the_devset(shipped, reference_dir):
    _same(shipped, read_jsonl(reference_dir / "labels" / "devset.jsonl"))


def test_phrase_index_finds_what_the_phrase_matcher_finds(shipped):
    component = shipped.nlp.get_pipe(PATTERN_COMPONENT)
    items = read_corpus(default_corpus_paths())[:1500] + ODD_ITEMS
    docs = [component(doc) for doc in make_docs(shipped.nlp, component.tokenizers, items)]
    for item, doc in zip(items, docs, strict=True):
        text, lang = item_features(item)
        tokenizer, phrases = shipped._batch.by_lang.get(lang, shipped._batch.by_lang["es"])
        found = set(phrases.hits(tokenizer.words(text)))
        regex = {hit for hit in doc.user_data["rw_hits"] if hit not in found}
        assert found | regex == set(doc.user_data["rw_hits"]), item


def test_textcat_features_equal_spacy_extract_ngrams(shipped):
    component = shipped.nlp.get_pipe(PATTERN_COMPONENT)
    textcat = shipped.nlp.get_pipe("textcat_multilabel")
    extract = next(layer for layer in textcat.model.walk() if layer.name == "extract_ngrams")
    items = read_corpus(default_corpus_paths())[:300] + ODD_ITEMS
    docs: list[Doc] = list(make_docs(shipped.nlp, component.tokenizers, items))
    expected = extract.predict(docs)
    bow = shipped._batch.textcat
    unigrams = np.array([get_string_id(t.text) for d in docs for t in d], dtype=np.uint64)
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    for mine, theirs in zip(bow._features(unigrams, lengths), expected, strict=True):
        assert mine.dtype == theirs.dtype
        assert np.array_equal(mine, theirs)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_tokenizer_words_equal_the_regex(shipped, lang):
    tokenizer: FastTokenizer = shipped._batch.by_lang[lang][0]
    rng = random.Random(6)
    clitics = ["".join(rng.choice("ans't' .-/19") for _ in range(12)) for _ in range(5000)]
    samples = ["agency's rule won't apply to u.s. 5/2024 t-mec", "cbp's 2/3 rule", "isn'ts"]
    for text in _random_texts(2, 5000) + clitics + samples:
        assert tokenizer.words(text) == tokenizer.pattern.findall(text), text


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("alphabet", ["ab09-. ,;", "ab09-./ ", "as09-./' ", "a1-.'/\u0661 "])
def test_tokenizer_ascii_forms_equal_the_regex(shipped, lang, alphabet):
    # Dense in the characters whose handling differs between the forms in `words`.
    tokenizer: FastTokenizer = shipped._batch.by_lang[lang][0]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert tokenizer.words(text) == tokenizer.pattern.findall(text), text


def test_strip_accents_equals_the_full_table():
    pool = [chr(c) for c in range(0x300)] + list("“”‘’–—\u0130Σ€")
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert strip_accents(text) == text.translate(_ACCENTS), text


def test_collapse_spaces_equals_split_and_join():
    whitespace = [chr(c) for c in range(0x3100) if chr(c).isspace()]
    pool = list("ab  ") + whitespace + list("\x00\u200b\xad\x7f\x1f~")
    rng = random.Random(4)
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert collapse_spaces(text) == " ".join(text.split()), repr(text)
    for code in range(0x100):
        text = f"a{chr(code)}b"
        assert collapse_spaces(text) == " ".join(text.split()), repr(text)


def test_decide_batch_equals_decide():
    rng = random.Random(5)
    config = DecisionConfig(thresholds={"customs": 0.65, "labor": 0.5, "tax": 0.5, "immex": 0.5})
    edges = [0.0, 1.0, 1e-7, 0.5, 0.9999999, 0.2689414213699951]
    probs = [[rng.choice([*edges, rng.random()]) for _ in LABELS] for _ in range(3000)]
    weights = [0.0, 1.5, 3.0, 6.0, -4.0, -12.0, 4.5, -2.5]
    evidence = [[rng.choice(weights) for _ in LABELS] for _ in range(3000)]
    high = [rng.choice([[], ["ley aduanera"], ["t-mec", "usmca", "ieepa", "repse"]]) for _ in probs]
    batch = decide_batch(np.array(probs), np.array(evidence), high, config)
    for p, e, h, got in zip(probs, evidence, high, batch, strict=True):
        want = decide(
            dict(zip(LABELS, p, strict=True)), dict(zip(LABELS, e, strict=True)), h, config
        )
        assert (got.labels, got.scores, got.flag_reason) == (
            want.labels,
            want.scores,
            want.flag_reason,
        )


def test_unknown_textcat_falls_back_to_the_doc_path(shipped, monkeypatch):
    monkeypatch.setattr(BowTextcat, "supports", staticmethod(lambda nlp: False))
    other = Classifier(shipped.nlp, shipped.config, shipped.model_version)
    assert other._batch is None
    assert [p.labels for p in other.classify(ODD_ITEMS)] == [
        p.labels for p in shipped.classify(ODD_ITEMS)
    ]


def test_no_items_give_no_predictions(shipped):
    assert shipped.classify([]) == []


def test_round4_equals_python_round_near_halves():
    rng = random.Random(8)
    values = [rng.random() for _ in range(20000)] + [0.0, 1.0, 1e-300, 5e-5, 0.99995]
    for k in range(10000):
        half = (k + 0.5) / 1e4
        values += [half, float(np.nextafter(half, 0)), float(np.nextafter(half, 1)), k / 1e4]
    assert round4(np.array(values)) == [round(v, 4) for v in values]


def test_regex_hits_batch_equals_regex_hits(shipped):
    texts = [item_features(r)[0] for r in read_corpus(default_corpus_paths())[:3000]]
    texts += [item_features(item)[0] for item in ODD_ITEMS]
    rng = random.Random(9)
    pieces = [*_NEEDLES, " ", "nom-035-", "anexo 24", "ref: 123456", "\0", "19 cfr 101", "."]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    texts += ["", "stps", "csms", "", "stp", "s"]
    # With a NUL in some text the batch takes the str.find search, else the numpy one.
    for batch in (texts, [t for t in texts if "\0" not in t], texts[-6:], ["comercio exterior"]):
        found = regex_hits_batch(batch)
        assert [found.get(i, []) for i in range(len(batch))] == [regex_hits(t) for t in batch]
    assert regex_hits_batch([]) == {}
    assert _needles_by_prefix(texts) is None
    assert _needles_by_prefix([t for t in texts if "\0" not in t]) is not None


_PLAIN_NOM_IMPORT = re.compile(
    r"\b(nom-|norma oficial mexicana)[^;]{0,250}?\bimport(acion|aciones|ar|en|ados?|adas?)\b"
)


def _same_nom_import_matches(texts: list[str]) -> None:
    # The rule's regex is written for speed; it must find what its plain form finds.
    fast = next(p for _, _, needle, p, _ in REGEX_RULES if needle == "import")
    for text in texts:
        a, b = _PLAIN_NOM_IMPORT.search(text), fast.search(text)
        assert (a and a.group(0)) == (b and b.group(0)), text


def test_nom_import_rule_matches_as_its_plain_form():
    texts = [item_features(r)[0] for r in read_corpus(default_corpus_paths())]
    rng = random.Random(13)
    pieces = ["nom-", "norma oficial mexicana", "xnom-", "_nom-", "importacion", "importar"]
    pieces += ["import", " ", ";", "n", "onom-", "\u00e9", "1", "importados", "\u00e9nom-"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    _same_nom_import_matches(texts)


@pytest.mark.reference
def test_nom_import_rule_matches_as_its_plain_form_on_the_devset(reference_dir):
    records = read_jsonl(reference_dir / "labels" / "devset.jsonl")
    _same_nom_import_matches([item_features(r)[0] for r in records])


def test_evidence_row_equals_combine_hits():
    rng = random.Random(14)
    labels = [*LABELS, "*", "customs,labor,immex", "tax"]
    weights = [6.0, 3.0, 1.5, 1.5, 4.5, -4.0, -12.0, -2.5, 0.5]
    phrases = ["ley aduanera", "rmf", "t-mec", "imss", "x"]
    for _ in range(20000):
        hits = []
        for _ in range(rng.randint(0, 7)):
            weight = rng.choice(weights)
            label = rng.choice(labels if weight < 0 else list(LABELS))
            hits.append((label, weight, rng.choice(phrases), rng.random() < 0.3))
        combined = combine_hits(hits)
        assert evidence_row(hits) == [combined[label] for label in LABELS], hits


@pytest.mark.parametrize(
    "items",
    [
        [{"text": ""}],
        [{"text": "..."}] * 3,
        [{"text": "x" * 5000}],
        [{"text": "a" * 599 + "-b"}],
        [{"text": "\x00\x01 número 5/2024 CBP's", "lang": "en"}],
    ],
)
def test_batch_path_equals_doc_path_on_edge_batches(shipped, items):
    _same(shipped, items)
