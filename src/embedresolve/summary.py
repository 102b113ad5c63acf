"""What a run did, in numbers: the summary ``clean`` prints at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Summary:
    records: int = 0
    rejected: int = 0
    platforms: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    statuses_by_platform: dict[str, Counter[str]] = field(default_factory=dict)
    requests: int = 0  # answered by the network
    cache_hits: int = 0  # answered by the response cache
    reused: int = 0  # embeds identical to one resolved earlier (no lookup at all)
    unreachable: dict[str, None] = field(default_factory=dict)  # "network unreachable: host: why", in order

    def add(self, record: dict[str, Any]) -> None:
        self.records += 1
        for embed in record.get("embeds") or []:
            self.platforms[embed["platform"]] += 1
            resolution = embed.get("resolution") or {}
            status = resolution.get("status", "skipped")
            self.statuses[status] += 1
            self.statuses_by_platform.setdefault(embed["platform"], Counter())[status] += 1
            if resolution.get("from_cache"):
                self.reused += 1
                continue
            for step in resolution.get("provenance") or []:
                for request in step.get("requests") or []:
                    message = str(request.get("message") or "")
                    if message.startswith("network unreachable"):
                        self.unreachable.setdefault(message.split(" (", 1)[0], None)
                    if request.get("from_cache"):
                        self.cache_hits += 1
                    elif "status" in request or (request.get("category") and request.get("attempts")):
                        self.requests += 1  # a failure refused before sending (offline, host down) is none

    def render(self) -> str:
        embeds = sum(self.platforms.values())
        lines = [
            f"records: {self.records} cleaned, {self.rejected} rejected",
            f"embeds:  {embeds}" + (f" ({_counts(self.platforms)})" if embeds else ""),
        ]
        if self.statuses:
            lines.append(f"status:  {_counts(self.statuses)}")
            for platform, _ in self.platforms.most_common():
                lines.append(f"  {platform}: {_counts(self.statuses_by_platform[platform])}")
        lines.append(f"network: {self.requests} requests, {self.cache_hits} cache hits, {self.reused} reused")
        if self.unreachable:
            causes = "; ".join(list(self.unreachable)[:3])
            lines.append(f"cause:   {causes} (no network? --offline answers from the cache only)")
        return "\n".join(lines)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counter.most_common())
