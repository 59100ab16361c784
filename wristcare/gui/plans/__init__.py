"""The treatment plan editor, its lists, the home-care library page and the care-plan export."""
