"""Made-up demo data for trying the app, screenshots and benchmarks (``wristcare demo``).

Tooling, not a use case: it sits above clinic/ and export/ and writes through their use
cases, so demo records obey the same validation and audit trail as a practitioner's.
"""
