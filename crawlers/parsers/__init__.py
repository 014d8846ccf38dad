"""Pure parsers: (bytes, url, date) -> ParseResult. No network, no database, no clock."""
