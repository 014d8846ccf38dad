"""The classifier's exception hierarchy: retryable versus permanent, as elsewhere in RegWatch."""


class ClassifierError(Exception):
    """Base of every error the classifier raises on purpose."""


class RetryableError(ClassifierError):
    """Trying again later may succeed (for example a model directory being replaced)."""


class PermanentError(ClassifierError):
    """Trying again will not help until someone fixes the input, the model or the settings."""


class ModelNotFoundError(PermanentError):
    """The model directory is missing or incomplete."""


class BadInputError(PermanentError):
    """An input record is not a JSON object with a text."""


class CorpusError(PermanentError):
    """A training or evaluation file cannot be read as labelled JSON lines."""
