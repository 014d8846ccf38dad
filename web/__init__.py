"""The web app: staff moderation queue, member pages, committee summary, archive and feeds."""

TOPICS: tuple[str, ...] = ("customs", "labor", "tax", "immex")
