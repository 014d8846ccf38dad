"""The crawl's garbage-collector setting is temporary."""

from __future__ import annotations

import gc

import pytest

from crawlers.runner import _fewer_collections


def test_threshold_is_raised_during_a_crawl_and_restored_after():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), _fewer_collections(50_000):
        assert gc.get_threshold()[0] == max(50_000, before[0])
        raise RuntimeError("the crawl broke")
    assert gc.get_threshold() == before
