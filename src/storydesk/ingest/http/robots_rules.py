"""robots.txt rules as RFC 9309 defines them.

urllib.robotparser predates the RFC: it takes the first matching rule instead of the
longest, and reads `*` and `$` literally, so the common `Disallow: /*?` or
`Disallow: /*.pdf$` would never match and we would fetch what the site asked us not
to. This module parses groups and applies the RFC's matching: the group naming our
product token (case-insensitive), else the `*` group; the longest matching rule
decides; on a tie `Allow` wins; `*` matches any run of characters and a final `$`
anchors the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str
    regex: re.Pattern[str]


@dataclass
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def _normalise(path: str) -> str:
    # Percent-encoding is compared decoded, so /caf%C3%A9 and /café are one path.
    return unquote(path, errors="replace")


def _rule(allow: bool, pattern: str) -> Rule:
    pattern = _normalise(pattern)
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return Rule(allow, pattern, re.compile(regex + ("$" if anchored else ""), re.DOTALL))


def parse_groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    in_agents = False  # consecutive user-agent lines share one group
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if current is None or not in_agents:
                current = _Group()
                groups.append(current)
            current.agents.append(value.lower())
            in_agents = True
        elif key in ("allow", "disallow"):
            in_agents = False
            if current is not None and value:  # an empty Disallow allows everything
                current.rules.append(_rule(key == "allow", value))
        elif key == "crawl-delay" and current is not None:
            # Not in RFC 9309 but widely published; honoured as a slower per-host rate.
            try:
                delay = float(value)
            except ValueError:
                continue
            if delay >= 0 and delay == delay:  # not NaN
                current.crawl_delay = delay
        # Other lines (Sitemap, unknown ones) neither open nor close a group.
    return groups


class RobotsRules:
    def __init__(self, text: str, agent: str) -> None:
        groups = parse_groups(text)
        token = agent.lower()
        chosen = [group for group in groups if token in group.agents]
        if not chosen:
            chosen = [group for group in groups if "*" in group.agents]
        self.rules = [rule for group in chosen for rule in group.rules]
        delays = [group.crawl_delay for group in chosen if group.crawl_delay is not None]
        self.crawl_delay: float | None = max(delays) if delays else None

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        target = _normalise((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        if target == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules:
            if not rule.regex.match(target):
                continue
            if (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow)
            ):
                best = rule
        return best is None or best.allow
