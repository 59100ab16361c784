"""Storage: ORM models, engine set-up, migrations and integrity checks. No Qt here."""
