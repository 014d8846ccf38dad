"""The offline demo and the local stand-ins for every source it and the tests crawl.

Not part of the product: nothing under crawlers/, classifier/, alerts/, store/, web/ or
worker.py imports it (tests/test_import_graph.py checks), and it is not installed with the
package. Run it from a clone with `make demo`, `python -m demo` or `regwatch demo`.
"""
