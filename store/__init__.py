"""Storage: SQLAlchemy 2.0 models, sessions, queries and Alembic migrations.

`store` imports none of the other packages; everything else imports `store`.
"""
