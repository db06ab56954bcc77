"""Text before rules: the tokenizer and spaCy pipeline (`nlp`), message layout (`layout`)
and zones per channel (`zones`), syllable counts for readability (`syllables`) and surrogate-safe strings
(`textsafety`). Nothing here knows about rules, scores or reports."""
