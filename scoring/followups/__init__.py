"""Follow-up questions (追问): which part an answer misses, one natural question built from the
candidate's own words (`generate`), templates as data HR can edit (`templates`), and scoring an
answer together with its follow-up, with evidence saying which sentences came from which
(`combine`)."""
