"""The red-flag screen and referrals in the note window and on the patient record."""
