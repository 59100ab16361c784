"""Outcome measures as pure rules: the measure table, BCTQ scoring, rating scales, grip and
pinch, the hand symptom map with its Katz rating, and the improvement rules (change from
baseline, clinically important change, progress against a plan goal, "not improving").

No database and no Qt here (tests/clinic/test_pure_rules.py proves it): plain frozen values
in and out, so the storage (clinic/outcome_store/), the views, the reports and the red-flag
screen all score and judge the same way.
"""
