"""Alerts: members and subscriptions, bilingual digests, translation, senders and jobs."""
