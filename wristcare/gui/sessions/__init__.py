"""Session notes: the lists of sessions, the note editor, signing and amendments."""
