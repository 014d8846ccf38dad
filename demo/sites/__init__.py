"""The project's own fake sources: pages in each source's real format, generated for any
date, served on loopback by `demo.fake_sources` for tests, `regwatch demo` and benches.

Every text here is invented; nothing is copied from the reference captures.
"""
