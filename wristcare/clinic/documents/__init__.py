"""The facts each printed document states, read from the record in one transaction.

A document's facts are plain frozen values: ``export/`` maps them to the document and
renders it, and never opens the database itself.
"""
