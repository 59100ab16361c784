"""The practitioner's use cases, called by the GUI, the command line and the tests.

Plain data in and out; each public function that writes owns one transaction. No Qt here.
"""
