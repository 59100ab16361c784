"""The outcome scores as stored: recording and correcting them (records), a patient's
course of scores, points and events read in one go (course), and a plan's goals against
that course (plan_goals). The rules they apply are the pure ones in clinic/outcomes/."""
