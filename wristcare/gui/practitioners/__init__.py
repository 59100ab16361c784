"""Who is using WristCare: the first-run question, choosing at start, and the list."""
