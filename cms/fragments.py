"""A version of the published site, for caching what is built from published pages.

Pages show much that only changes when an editor publishes: a course's lessons,
a lesson's neighbours, page URLs, the curricula index. Rather than track which
page a fragment depends on, everything built from published content is cached
under the *content version*, a counter in the shared cache that moves whenever
the published tree or its URLs may have changed: a page published, unpublished,
moved, saved or deleted, a site or a privacy setting changed. A fragment cached under an
old version is never read again and expires on its own (ADR 0016).

The counter moves at once and again when the transaction commits, so a request
that read the tree just before the commit cannot leave its stale copy under the
new version.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

VERSION_KEY = "cms:content-version"
#: Long enough to serve a working day from the cache, short enough that entries
#: of old versions do not pile up in Redis.
FRAGMENT_TIMEOUT = 6 * 60 * 60
_MISSING = object()
#: Stored for an id that has no value (an unpublished course, say); a plain
#: string, so it survives pickling into Redis and back.
_ABSENT = "cms:content:absent"


#: The version a request read, so a page reads it once, not once per fragment
#: (a lesson page builds eight): a dict while a request is served
#: (``request_scope``), None elsewhere (tasks, commands: always read).
_request_memo: ContextVar[dict | None] = ContextVar("content_version", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Read the content version at most once inside this block (one request),
    unless the request itself changes content (``content_changed`` forgets it)."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def content_version() -> int:
    """The current content version (one cache read; none more in a request)."""
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh or flushed cache starts from the clock, never from an earlier
        # number whose fragments might still be stored.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY) or 0
    if memo is not None:
        memo["version"] = version
    return version


# --- This process's copy of the current version's entries ------------------------
#
# An entry under a version never changes (a change moves the version), so a process
# may keep what it read without ever holding a stale copy. Kept as pickled bytes,
# so each read gets its own objects, as a read from the shared cache does; bounded
# in bytes, least recently used first out. It saves the round trip to Redis and
# the server's work for each fragment of each page (eight or nine on a lesson).

LOCAL_BYTES = 16 * 1024 * 1024
_local: OrderedDict[str, bytes] = OrderedDict()
_local_size = [0]
_local_lock = threading.Lock()


def _local_get(key: str):
    with _local_lock:
        data = _local.get(key)
        if data is None:
            return _MISSING
        _local.move_to_end(key)
    return pickle.loads(data)  # noqa: S301 - bytes this process pickled itself


def _local_put(key: str, value) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(data) > LOCAL_BYTES // 8:
        return  # too big to be worth a place
    with _local_lock:
        old = _local.pop(key, None)
        if old is not None:
            _local_size[0] -= len(old)
        _local[key] = data
        _local_size[0] += len(data)
        while _local_size[0] > LOCAL_BYTES:
            _, dropped = _local.popitem(last=False)
            _local_size[0] -= len(dropped)


def local_clear() -> None:
    """Empty this process's copy (tests; the shared cache is unaffected)."""
    with _local_lock:
        _local.clear()
        _local_size[0] = 0


def _forget() -> None:
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("version", None)


def _bump() -> None:
    _forget()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): start afresh
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def content_changed() -> None:
    """Say that published content changed: every content fragment is rebuilt."""
    _bump()
    transaction.on_commit(_bump)


def content_cached(key: str, build: Callable[[], T]) -> T:
    """``build()``, cached under ``key`` for the current content version.

    Off (always built) where the cache is not shared by every web process, since
    a change seen by one process would not reach the others' copies
    (``ACADEMY_CONTENT_CACHE``).
    """
    if not settings.ACADEMY_CONTENT_CACHE:
        return build()
    full_key = f"cms:content:{content_version()}:{key}"
    value = _local_get(full_key)
    if value is not _MISSING:
        return value
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(full_key, value, FRAGMENT_TIMEOUT)
    _local_put(full_key, value)
    return value


def content_cached_many(
    prefix: str,
    ids: Iterable[int],
    build: Callable[[list[int]], Mapping[int, T]],
) -> dict[int, T]:
    """``build(ids)`` for many ids at once: each id's value cached under
    ``prefix`` for the current content version, the missing ones built together
    (one cache round trip to read, one to store). An id ``build`` leaves out is
    cached as absent too, and left out of the answer."""
    ids = list(dict.fromkeys(ids))
    if not settings.ACADEMY_CONTENT_CACHE:
        return dict(build(ids))
    if not ids:
        return {}
    version = content_version()
    keys = {pk: f"cms:content:{version}:{prefix}:{pk}" for pk in ids}
    result = {}
    for pk, key in keys.items():
        value = _local_get(key)
        if value is not _MISSING:
            result[pk] = value
    wanted = [key for pk, key in keys.items() if pk not in result]
    found = cache.get_many(wanted) if wanted else {}
    for pk, key in keys.items():
        if key in found:
            result[pk] = found[key]
            _local_put(key, found[key])
    missing = [pk for pk in ids if pk not in result]
    if missing:
        built = build(missing)
        stored = {keys[pk]: built.get(pk, _ABSENT) for pk in missing}
        cache.set_many(stored, FRAGMENT_TIMEOUT)
        for key, value in stored.items():
            _local_put(key, value)
        result.update((pk, built[pk]) for pk in missing if pk in built)
    return {pk: value for pk, value in result.items() if not _is_absent(value)}


def _is_absent(value) -> bool:
    return isinstance(value, str) and value == _ABSENT


class CachedViewRestrictionsMixin:
    """For page models: the view restrictions that apply to a page (its own and
    its ancestors'), found once per content version instead of in two queries on
    every view. Saving or deleting a restriction moves the version. Most pages
    have none, and then no query is left at all."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        if self.pk is None:
            return super().get_view_restrictions()
        ids = content_cached(
            f"cms:view-restrictions:{self.pk}",
            lambda: list(
                super(CachedViewRestrictionsMixin, self)
                .get_view_restrictions()
                .values_list("pk", flat=True)
            ),
        )
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)


# --- What moves the version ----------------------------------------------------------


def on_page_change(sender, **kwargs) -> None:
    content_changed()


def on_model_change(sender, instance=None, **kwargs) -> None:
    """Any page saved or deleted: publishing goes through here as well, but so do
    pages created live in one step (``add_child``) and tree changes."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def connect() -> None:
    """Connect the signals that move the version (from ``CmsConfig.ready``)."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    uid = "cms.fragments"
    page_published.connect(on_page_change, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(on_page_change, dispatch_uid=f"{uid}.unpublished")
    page_slug_changed.connect(on_page_change, dispatch_uid=f"{uid}.slug")
    post_page_move.connect(on_page_change, dispatch_uid=f"{uid}.moved")
    post_save.connect(on_model_change, dispatch_uid=f"{uid}.saved")
    post_delete.connect(on_model_change, dispatch_uid=f"{uid}.deleted")
    from .models import AcademySettings, OrganisationProfileSettings

    for model in (
        Site,
        PageViewRestriction,
        AcademySettings,
        OrganisationProfileSettings,
    ):
        post_save.connect(on_page_change, sender=model, dispatch_uid=f"{uid}.{model}")
        post_delete.connect(
            on_page_change, sender=model, dispatch_uid=f"{uid}.{model}.deleted"
        )
