"""Documents and data that leave WristCare: care-plan and progress PDFs (ReportLab),
JSON/CSV exports and FHIR bundles. Below the GUI: no Qt here.

Empty until the care-plan issue lands; it exists now so that the layering test
(tests/test_layers.py) guards it from the start.
"""
