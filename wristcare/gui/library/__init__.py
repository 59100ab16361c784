"""The Library view: the acupoint reference."""
