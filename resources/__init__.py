"""The data files WristCare ships (reference tables, fonts), installed as the package
``wristcare.resources`` so that ``importlib.resources`` finds them in any install."""
