"""Storage errors, worded for the practitioner."""

from wristcare.errors import WristCareError


class DatabaseError(WristCareError):
    """The database could not be opened or used."""


class DatabaseLockedError(DatabaseError):
    """Another program holds the database; trying again later may work."""


class DatabaseCorruptError(DatabaseError):
    """The file is not a readable WristCare database."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer WristCare than this one."""


class ConcurrentEditError(DatabaseError):
    """Someone else saved the same record since it was opened."""
