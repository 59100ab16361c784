"""The Patients view: the list, the record, health history and consent."""
