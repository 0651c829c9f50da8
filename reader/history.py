"""A browser-like history of places visited (pure, no UI)."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class History(Generic[T]):
    """Back and forward through visited locations.

    `visit` records a new location and drops the forward trail, as a browser does; `back`
    and `forward` move along the trail and return the location to show, or None at an end.
    The current location can be refreshed in place (`replace`) so that going back returns to
    where the reader was, not where they first arrived.
    """

    def __init__(self, limit: int = 500) -> None:
        self._items: list[T] = []
        self._pos = -1
        self._limit = limit

    @property
    def current(self) -> T | None:
        return self._items[self._pos] if self._pos >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self._pos > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._pos < len(self._items) - 1

    def visit(self, item: T) -> None:
        if self.current == item:
            return
        del self._items[self._pos + 1 :]
        self._items.append(item)
        if len(self._items) > self._limit:
            del self._items[0]
        self._pos = len(self._items) - 1

    def replace(self, item: T) -> None:
        if self._pos < 0:
            self.visit(item)
        else:
            self._items[self._pos] = item

    def back(self) -> T | None:
        if not self.can_go_back:
            return None
        self._pos -= 1
        return self._items[self._pos]

    def forward(self) -> T | None:
        if not self.can_go_forward:
            return None
        self._pos += 1
        return self._items[self._pos]

    def __len__(self) -> int:
        return len(self._items)
