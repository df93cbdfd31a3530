"""The memory bounds of ``planlint report``, in one place.

A report is built from plans nobody has reviewed, so its size must not follow
the input without limit (a 1.35 MB plan made a 114 MB page with each finding's
explain text repeated; 2,000 plans needed 1.9 GB). What a page spends is bounded
per plan by what one plan may draw, and per page by the characters its plan
sections may take; past a bound the page says what it left out, and the exit
code stays that of ``check`` (every finding is still counted).
"""

#: Sessions a plan's timeline, charts and tables draw (the default ``max-sessions``):
#: a plan with more (a raised limit) gets a card with its verdict and findings instead.
MAX_SESSIONS_DRAWN = 10_000
#: Findings listed (and pinned on the timeline) per plan; the others are counted in a note.
MAX_FINDINGS_LISTED = 5_000
#: Characters of plan sections per page (about its size in bytes): once reached, the
#: plans after get a card with their verdict and counts only.
MAX_PAGE_CHARACTERS = 64 * 1024 * 1024
