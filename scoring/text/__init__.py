"""Chinese text helpers for scoring: lexicon, tokens, sentences, quantities, STAR roles, style."""
