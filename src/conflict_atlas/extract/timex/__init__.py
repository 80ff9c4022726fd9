"""Building blocks of the temporal tagger (lexicon, rules, calendar values, context)."""
