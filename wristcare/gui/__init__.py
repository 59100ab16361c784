"""The PySide6 desktop interface. Views call wristcare.clinic and get plain data back."""
