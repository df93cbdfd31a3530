"""'Did you mean ...?': the closest known word to a misspelt one."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(word, choices: Iterable) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""`` when none is close."""
    if not isinstance(word, str) or len(word) > 100:  # nothing known is that long, or a number
        return ""
    import difflib  # only when a word is unknown

    match = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of two neighbouring letters
    (``strenght``) needed to turn ``a`` into ``b`` (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def only_close_match(word, choices: Iterable) -> str | None:
    """The one choice ``word`` is a misspelling of, for a fix: the only choice within one
    typing slip (two for words longer than five letters); None when there is none, or more
    than one (``rep``: ``ref`` or ``reps``?), or when ``word`` is itself a choice. A case
    slip (``Strain``) is the choice spelt the same in other letters, when only one is."""
    word = str(word)
    choices = [str(c) for c in choices]
    if word in choices or len(word) > 100:
        return None
    same_letters = [c for c in dict.fromkeys(choices) if c.lower() == word.lower()]
    if same_letters:
        return same_letters[0] if len(same_letters) == 1 else None
    if len(word) < 3:
        return None
    allowed = 1 if len(word) <= 5 else 2
    close = [c for c in dict.fromkeys(choices) if edit_distance(word, c) <= allowed]
    return close[0] if len(close) == 1 else None
