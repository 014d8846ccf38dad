"""Crawlers: one spider per feed, pure parsers, and the item pipeline into the store."""
