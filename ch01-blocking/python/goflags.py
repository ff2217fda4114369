"""Flags spelled the way the book's Go programs spell them.

The Python programs take the same knobs as their Go twins, written the same way
(-delay 50ms, -tick 20ms, -slow 1.5s), so one command line drives both:

    go run ./ch04-spinner thread -slow 1s -tick 50ms
    python3 ch04-spinner/python/spinner_thread.py -slow 1s -tick 50ms

Later chapters import this module from here, as their Go imports chapter 1's packages.
"""

import argparse
import re

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)"


def duration(text: str) -> float:
    """Parse a Go duration such as 300ms, 1.5s or 1m30s (or a bare 0) into seconds."""
    if text == "0":
        return 0.0
    if not re.fullmatch(f"(?:{_PART})+", text):
        raise argparse.ArgumentTypeError(f"invalid duration {text!r} (want e.g. 300ms, 1.5s)")
    return sum(float(n) * _UNITS[unit] for n, unit in re.findall(_PART, text))


def positive_duration(text: str) -> float:
    """Like duration, but zero is refused too."""
    seconds = duration(text)
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be positive")
    return seconds


def int_between(low: int, high: int):
    """An argparse type: a whole number from low to high; anything else is a usage error."""

    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{text} is out of range: want {low} to {high}")
        return n

    return parse


def go_duration(seconds: float) -> str:
    """Format seconds as Go prints a time.Duration rounded to the millisecond: 0s, 301ms, 1.2s."""
    ms = round(seconds * 1000)
    if ms == 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    return f"{ms / 1000:.3f}".rstrip("0").rstrip(".") + "s"


def parser(description: str) -> argparse.ArgumentParser:
    """An ArgumentParser whose flags take one dash, as Go's do; bad input exits with status 2."""
    return argparse.ArgumentParser(description=description, allow_abbrev=False)
