"""The store's exceptions."""


class StoreError(Exception):
    """Base of the store's errors."""


class InvalidTransition(StoreError):
    """A change cannot move from its status to the one asked for."""


class StaleChange(StoreError):
    """Someone else saved the change first; reload it and apply the edit again."""
