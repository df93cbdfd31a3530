"""gitignore patterns, matched as git matches them, in time linear in the path.

A repository under review supplies its own ``.gitignore`` files, so their
patterns are untrusted input. Translating a glob to a backtracking regular
expression (what pathspec does) lets a 19-byte line such as
``*a*a*a*a*a*a*a*a*b`` take exponential time on a long file name. Here a
pattern is read once into a small automaton (one state per character the
pattern consumes, ``*`` and ``**`` as loops on a state) and a path is matched
by advancing the set of live states one byte at a time, the set held as the
bits of one integer: no backtracking, so a match costs at most the path's
length times the pattern's (and a pattern longer than the path is refused at
once). Fast paths (a literal name, ``*.ext``, a literal prefix or suffix)
settle most patterns with one string comparison.

The semantics are git's own (``dir.c`` and ``wildmatch.c``, as of git 2.39),
byte for byte, and ``tests/test_gitignore.py`` checks them against ``git
check-ignore`` on a generated corpus: trailing spaces trimmed unless escaped,
``!`` negates, a trailing ``/`` matches folders only, a pattern without a
slash matches the name at any depth, ``*``/``?``/``[...]`` never match a
``/``, ``**`` between slashes matches any number of folders, and the last
matching line of a file decides. A malformed pattern (an unterminated ``[``,
an unknown ``[:class:]``, a trailing backslash) matches nothing, as in git;
in planlint's own ``exclude`` settings it is a configuration error instead
(:func:`check_setting`), as is a range that can only match its first character
(``[z-a]``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

_SLASH = ord("/")
_BACKSLASH = ord("\\")
_STAR = ord("*")
_QUESTION = ord("?")
_OPEN = ord("[")
_CLOSE = ord("]")
_GLOB_SPECIAL = frozenset(b"*?[\\")


def _table(members: Iterable[int]) -> frozenset[int]:
    return frozenset(members)


_UPPER = range(ord("A"), ord("Z") + 1)
_LOWER = range(ord("a"), ord("z") + 1)
_DIGIT = range(ord("0"), ord("9") + 1)
#: ``[:name:]`` classes as git's own ctype defines them: ASCII only.
_CLASSES: dict[bytes, frozenset[int]] = {
    b"alnum": _table([*_UPPER, *_LOWER, *_DIGIT]),
    b"alpha": _table([*_UPPER, *_LOWER]),
    b"blank": _table(b" \t"),
    b"cntrl": _table([*range(32), 127]),
    b"digit": _table(_DIGIT),
    b"graph": _table(range(0x21, 0x7F)),
    b"lower": _table(_LOWER),
    b"print": _table(range(0x20, 0x7F)),
    b"punct": _table(c for c in range(0x21, 0x7F) if not chr(c).isalnum()),
    b"space": _table(b" \t\n\r"),
    b"upper": _table(_UPPER),
    b"xdigit": _table([*_DIGIT, *b"abcdefABCDEF"]),
}


class PatternError(ValueError):
    """A pattern git would never match (said about planlint's own settings)."""


# --------------------------------------------------------------------------- one glob


class _Malformed(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


#: Token kinds (see _Glob).
_LITERAL, _ANY_BYTE, _SET, _NOTHING = 0, 1, 2, 3


class _Glob:
    """One wildmatch pattern (``WM_PATHNAME``) as an automaton.

    State ``i`` means "the first ``i`` tokens are matched". A token consumes one
    byte (a literal, ``?`` or a bracket set, the last two never ``/``) or, for
    the empty token, none. A loop lets a state consume more bytes before its
    token: ``*`` any but ``/``, ``**`` any. ``**/`` between slashes is the empty
    token, a ``**`` loop on the state after it, then ``/``; from before the empty
    token a match may also skip to after the ``/`` (``a/**/b`` matches ``a/b``).
    The live states are the bits of one integer, advanced a byte at a time.

    Stored compactly (a few bytes per token, sets as 256-bit integers shared when
    equal), so that a hostile megabyte-long line costs megabytes, not gigabytes.
    """

    __slots__ = (
        "kinds",
        "values",
        "sets",
        "star",
        "any",
        "skip",
        "size",
        "least",
        "suffix",
        "empty_range",
        "_masks",
        "_close",
        "_fixed",
    )

    def __init__(self, pattern: bytes) -> None:
        kinds = bytearray()  # per token: _LITERAL, _ANY_BYTE, _SET or _NOTHING
        values = bytearray()  # per token: the literal byte (else 0)
        sets: list[int] = []  # the bitmaps of the _SET tokens, in order
        interned: dict[int, int] = {}
        star = bytearray()  # per state: a "*" loop
        anything = bytearray()  # per state: a "**" loop
        skip = bytearray()  # per state: "**/" may match no folder from here
        self.empty_range = False
        self._close = -1  # where the last "]" search ended (each search starts later)

        def token(kind: int, value: int = 0) -> None:
            kinds.append(kind)
            values.append(value)
            star.append(0)
            anything.append(0)
            skip.append(0)

        star.append(0)  # state 0
        anything.append(0)
        skip.append(0)
        i, n = 0, len(pattern)
        while i < n:
            c = pattern[i]
            if c == _BACKSLASH:
                if i + 1 >= n:
                    raise _Malformed("it ends with a backslash, which escapes nothing")
                token(_LITERAL, pattern[i + 1])
                i += 2
            elif c == _QUESTION:
                token(_ANY_BYTE)
                i += 1
            elif c == _OPEN:
                members, i = self._bracket(pattern, i)
                sets.append(interned.setdefault(members, members))
                token(_SET)
            elif c == _STAR:
                begin = i
                while i < n and pattern[i] == _STAR:
                    i += 1
                double = i - begin >= 2
                left = begin == 0 or pattern[begin - 1] == _SLASH
                right = i == n or pattern[i] == _SLASH or (pattern[i] == _BACKSLASH and i + 1 < n and pattern[i + 1] == _SLASH)
                if double and left and right:
                    if i < n and pattern[i] == _SLASH:
                        skip[len(kinds)] = 1
                        token(_NOTHING)
                    anything[len(kinds)] = 1
                    star[len(kinds)] = 0
                elif not anything[len(kinds)]:
                    star[len(kinds)] = 1
            else:
                token(_LITERAL, c)
                i += 1
        self.kinds, self.values, self.sets = bytes(kinds), bytes(values), sets
        self.star, self.any, self.skip = bytes(star), bytes(anything), bytes(skip)
        self.size = len(kinds)
        #: The fewest bytes a match consumes (the empty token none, a skipped "/" none).
        self.least = self.size - 2 * kinds.count(_NOTHING)
        # The tokens after the last loop match the last bytes of every match: their
        # literal tail is a suffix every matching text has (a "/" that may be skipped
        # is not part of it).
        last = max(self.star.rfind(1), self.any.rfind(1), 0)
        if last and self.any[last] and last >= 1 and skip[last - 1]:
            last += 1
        tail = len(kinds)
        while tail > last and kinds[tail - 1] == _LITERAL:
            tail -= 1
        self.suffix = bytes(values[tail:])
        self._masks: dict[int, tuple[int, int]] = {}
        self._fixed: tuple[int, int] | None = None  # the empty and skip masks, built on first use

    def _bracket(self, pattern: bytes, i: int) -> tuple[int, int]:
        """The set ``[...]`` at ``pattern[i]`` (git's rules: the first member may be ``]``,
        ``!`` or ``^`` negates, ``a-z`` ranges, ``[:alpha:]`` classes, ``\\`` escapes)."""
        n = len(pattern)

        def at(k: int) -> int:
            return pattern[k] if k < n else 0

        i += 1
        c = at(i)
        if c == ord("^"):
            c = ord("!")
        negated = c == ord("!")
        if negated:
            i += 1
            c = at(i)
        members: set[int] = set()
        previous = 0
        while True:
            if c == 0:
                raise _Malformed("a '[' is never closed with ']'")
            if c == _BACKSLASH:
                i += 1
                c = at(i)
                if c == 0:
                    raise _Malformed("a '[' is never closed with ']'")
                members.add(c)
            elif c == ord("-") and previous and at(i + 1) and at(i + 1) != _CLOSE:
                i += 1
                c = at(i)
                if c == _BACKSLASH:
                    i += 1
                    c = at(i)
                    if c == 0:
                        raise _Malformed("a '[' is never closed with ']'")
                if c < previous:
                    self.empty_range = True
                members.update(range(previous, c + 1))
                c = 0  # the next '-' is a character again
            elif c == _OPEN and at(i + 1) == ord(":"):
                s = i + 2
                if self._close < s:  # the first "]" at or after s (found once for a run of "[:")
                    self._close = pattern.find(b"]", s)
                    if self._close < 0:
                        raise _Malformed("a '[' is never closed with ']'")
                j = self._close
                if j - s - 1 < 0 or pattern[j - 1] != ord(":"):
                    i, c = s - 2, _OPEN  # not a class: a '[' member
                    members.add(_OPEN)
                else:
                    name = pattern[s : j - 1]
                    if name not in _CLASSES:
                        raise _Malformed(f"[:{name.decode('ascii', 'backslashreplace')}:] is not a character class")
                    members.update(_CLASSES[name])
                    i, c = j, 0
            else:
                members.add(c)
            previous = c
            i += 1
            c = at(i)
            if c == _CLOSE:
                break
        if negated:
            members = set(range(256)) - members
        members.discard(_SLASH)
        return sum(1 << member for member in members), i + 1

    def _masks_for(self, byte: int) -> tuple[int, int]:
        """(tokens that consume ``byte``, loops that consume it), as state bits."""
        masks = self._masks.get(byte)
        if masks is None:
            consume = bytearray(self.size + 1)  # one byte per state, packed into bits below
            sets = iter(self.sets)
            for position, kind in enumerate(self.kinds):
                if kind == _LITERAL:
                    hit = self.values[position] == byte
                elif kind == _ANY_BYTE:
                    hit = byte != _SLASH
                elif kind == _SET:
                    hit = next(sets) >> byte & 1
                else:
                    hit = False
                if hit:
                    consume[position + 1] = 1
            loop = bytes(a | (s if byte != _SLASH else 0) for a, s in zip(self.any, self.star))
            masks = self._masks[byte] = (_bits(consume), _bits(loop))
        return masks

    def _closed(self, states: int) -> int:
        """``states`` and the states they reach without a byte: past an empty token, and
        past a whole ``**/`` that matches no folder."""
        if self._fixed is None:
            self._fixed = (_bits(bytes(k == _NOTHING for k in self.kinds)), _bits(self.skip))
        empty, skips = self._fixed
        while True:
            more = states | ((states & empty) << 1) | ((states & skips) << 2)
            if more == states:
                return states
            states = more

    def match(self, text: bytes, start: int = 0) -> bool:
        """Whether the whole of ``text[start:]`` matches."""
        if len(text) - start < self.least or not text.endswith(self.suffix, start):
            return False
        has_empty = _NOTHING in self.kinds
        states = self._closed(1) if has_empty else 1
        for position in range(start, len(text)):
            consume, loop = self._masks_for(text[position])
            states = ((states << 1) & consume) | (states & loop)
            if has_empty:
                states = self._closed(states)
            if not states:
                return False
        return bool(states >> self.size & 1)


def _bits(flags: bytes | bytearray) -> int:
    """One byte per state (0 or 1) -> an integer with bit ``i`` set for state ``i``."""
    packed = bytearray((len(flags) + 7) // 8)
    for position, flag in enumerate(flags):
        if flag:
            packed[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(packed, "little")


# --------------------------------------------------------------------------- one line of a .gitignore


@dataclass(frozen=True)
class Pattern:
    """One line of a ``.gitignore`` (or one ``exclude`` setting)."""

    text: str  # as written (for messages)
    negated: bool
    folders_only: bool  # a trailing "/"
    name_only: bool  # no "/": matches the name at any depth
    literal: bytes  # the part before the first wildcard, compared first (git's "prefix")
    rest: _Glob | None  # the part from the first wildcard; None: a literal pattern
    ends_with: bytes | None  # "*literal" on a name: a suffix comparison
    never: str | None = None  # why the pattern can match nothing (malformed), or None

    def matches(self, path: bytes, name_start: int, start: int, is_dir: bool) -> bool:
        """Whether the pattern matches ``path[start:]`` (the path from the pattern's
        folder; its name starts at ``name_start``)."""
        if self.never is not None or (self.folders_only and not is_dir):
            return False
        if self.name_only:
            start = name_start
        if self.ends_with is not None:
            return path.endswith(self.ends_with, start)
        if not path.startswith(self.literal, start):
            return False
        if self.rest is None:
            return len(path) - start == len(self.literal)
        return self.rest.match(path, start + len(self.literal))


def _trim_trailing_spaces(line: bytes) -> bytes:
    """git's trim_trailing_spaces: trailing spaces go, unless escaped with a backslash."""
    last_space = None
    i = 0
    while i < len(line):
        c = line[i]
        if c == 0x20:
            if last_space is None:
                last_space = i
        elif c == _BACKSLASH:
            i += 1
            if i >= len(line):
                return line
            last_space = None
        else:
            last_space = None
        i += 1
    return line if last_space is None else line[:last_space]


def _simple_length(text: bytes) -> int:
    for i, c in enumerate(text):
        if c in _GLOB_SPECIAL:
            return i
    return len(text)


def parse_pattern(line: bytes, shown: str | None = None) -> Pattern:
    """One pattern line (already stripped of its line break and trailing spaces)."""
    shown = shown if shown is not None else line.decode("utf-8", "backslashreplace")
    negated = line.startswith(b"!")
    body = line[1:] if negated else line
    folders_only = body.endswith(b"/")
    if folders_only:
        body = body[:-1]
    name_only = b"/" not in body
    if not name_only and body.startswith(b"/"):
        body = body[1:]  # anchored to the .gitignore's folder, which every path pattern is
    prefix = min(_simple_length(body), len(body))
    literal = body[:prefix]
    ends_with = None
    if name_only and body.startswith(b"*") and _simple_length(body[1:]) == len(body) - 1:
        ends_with = body[1:]
    never = None
    rest = None
    if prefix < len(body):
        try:
            rest = _Glob(body[prefix:])
        except _Malformed as exc:
            never = exc.why
    return Pattern(shown, negated, folders_only, name_only, literal, rest, ends_with, never)


class PatternList:
    """The patterns of one ``.gitignore`` file (or of the configured exclusions);
    the last line that matches a path decides."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = tuple(patterns)

    @classmethod
    def parse(cls, data: bytes) -> PatternList:
        """A ``.gitignore``'s bytes, read as git reads them: ``#`` comments, blank lines
        skipped, ``\\r\\n`` endings, a byte order mark at the start ignored."""
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        patterns = []
        for raw in data.split(b"\n"):
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            raw = raw.split(b"\0", 1)[0]  # git reads a line as a C string
            if not raw or raw.startswith(b"#"):
                continue
            line = _trim_trailing_spaces(raw)
            if line and line != b"!":
                patterns.append(parse_pattern(line))
        return cls(patterns)

    @classmethod
    def from_settings(cls, patterns: Iterable[str]) -> PatternList:
        """planlint's own ``exclude`` patterns; :class:`PatternError` for one git would never match."""
        parsed = []
        for text in patterns:
            check_setting(text)
            parsed.append(parse_pattern(_trim_trailing_spaces(os.fsencode(text)), text))
        return cls(parsed)

    def verdict(self, path: bytes, name_start: int, start: int, is_dir: bool, *, names_only: bool = False) -> bool | None:
        """True: ignored; False: re-included (a ``!`` line); None: no line matches.
        ``path[start:]`` is the path from the patterns' folder, ``path[name_start:]``
        its name; ``names_only``: only patterns without a slash have a say."""
        for pattern in reversed(self.patterns):
            if names_only and not pattern.name_only:
                continue
            if pattern.matches(path, name_start, start, is_dir):
                return not pattern.negated
        return None

    def __bool__(self) -> bool:
        return bool(self.patterns)


def check_setting(text: str) -> None:
    """Refuse an ``exclude`` setting git would read as matching nothing, or that matches
    less than it says (an empty range), with the reason."""
    pattern = parse_pattern(_trim_trailing_spaces(os.fsencode(text)), text)
    if pattern.never is not None:
        raise PatternError(f"the pattern '{text}' can never match: {pattern.never}")
    if pattern.rest is not None and pattern.rest.empty_range:
        raise PatternError(
            f"the pattern '{text}' has a range whose end comes before its start (like [z-a]); "
            "write it from the lower character to the higher (like [a-z])"
        )
