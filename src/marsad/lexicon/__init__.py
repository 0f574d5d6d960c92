"""lexicon stage."""
