"""The file cache every worker of a machine shares stays within its MAX_ENTRIES, though
it counts its files only now and then (pagecache.backends.FailSoftFileBasedCache)."""

from pathlib import Path

from pagecache.backends import FailSoftFileBasedCache


def file_cache(location, max_entries):
    return FailSoftFileBasedCache(str(location), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def entries(location):
    return len(list(Path(location).glob("*.djcache")))


def test_one_process_never_holds_more_than_max_entries(tmp_path):
    cache = file_cache(tmp_path, 40)
    most = 0
    for n in range(400):
        cache.set(f"page-{n}", b"x" * 100)
        most = max(most, entries(tmp_path))
    assert 30 <= most <= 40
    assert cache.get("page-399") == b"x" * 100  # the latest set is always kept


def test_eight_processes_sharing_the_directory_stay_within_it(tmp_path):
    workers = [file_cache(tmp_path, 400) for _ in range(8)]
    most = 0
    for n in range(4000):
        workers[n % 8].set(f"page-{n}", {"pieces": [b"<p>", b"</p>"]})
        most = max(most, entries(tmp_path))
    assert 300 <= most <= 400
    assert workers[0].get("page-3999") == {"pieces": [b"<p>", b"</p>"]}


def test_values_kept_at_a_lower_zlib_level_read_back_the_same(tmp_path):
    writer, reader = file_cache(tmp_path, 100), file_cache(tmp_path, 100)
    page = ("<li>A comment</li>" * 5000).encode()
    writer.set("page", {"pieces": [page]}, 60)
    assert reader.get("page") == {"pieces": [page]}
    assert reader.get("missing", "default") == "default"


def test_a_small_value_another_process_sets_is_read_at_once(tmp_path):
    """Small entries (the generation) are read from memory while their file is the same:
    every new value, however quickly it follows the last, is seen by the next read."""
    reader, writer = file_cache(tmp_path, 100), file_cache(tmp_path, 100)
    for n in range(300):
        writer.set("generation", {"id": f"{n:06d}", "until": None}, None)
        assert reader.get("generation") == {"id": f"{n:06d}", "until": None}
        assert reader.get("generation") == {"id": f"{n:06d}", "until": None}
    writer.delete("generation")
    assert reader.get("generation", "gone") == "gone"


def test_a_small_value_read_from_memory_still_expires(tmp_path):
    reader, writer = file_cache(tmp_path, 100), file_cache(tmp_path, 100)
    writer.set("counter", 1, 60)
    assert reader.get("counter") == 1
    writer.set("counter", 2, -1)  # already expired
    assert reader.get("counter", "expired") == "expired"
    assert entries(tmp_path) == 0  # and removed, as Django's file cache does


def test_a_value_read_from_memory_is_a_copy(tmp_path):
    cache = file_cache(tmp_path, 100)
    cache.set("generation", {"id": "a"}, None)
    cache.get("generation")["id"] = "changed by a caller"
    assert cache.get("generation") == {"id": "a"}
