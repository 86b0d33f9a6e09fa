"""The report's language: how Norwegian reports print numbers, and (from the spec's
`[locale]`) the words that carry meaning. Shared by every stage; imports only the model."""
