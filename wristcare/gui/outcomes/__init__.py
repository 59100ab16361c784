"""Outcome views: the hand symptom map (and, next, BCTQ entry and the progress view)."""
