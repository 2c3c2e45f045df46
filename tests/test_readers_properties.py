"""Property-based tests of every reader: whatever the bytes, the readers end, yield only
Article or ReadFailure, store no NUL (nor anything that cannot be encoded as UTF-8),
and read the same bytes to the same articles every time.

The inputs are built from each format's own pieces (tags, entities, JSON rows, WARC
headers, byte-order marks) mixed with arbitrary text and bytes, because uniformly
random bytes almost never get past a reader's first check.
"""

from __future__ import annotations

import codecs
import gzip
import json
import tempfile
from pathlib import Path

from deadline import deadline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storydesk.ingest import Limits, read_inputs
from storydesk.ingest.decode import BinaryContent, decode_bytes
from storydesk.model import Article, ReadFailure

FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Small limits, so that the size checks and the plain HTML extractor are reached too.
LIMITS = Limits(
    max_article_bytes=64 * 1024,
    max_text_chars=20_000,
    max_decompressed_bytes=256 * 1024,
    compression_ratio_grace_bytes=64 * 1024,
    max_bad_lines=20,
    max_html_attributes=8,
    max_html_tags=60,
)
SECONDS_PER_READ = 10


def _summary(items: list[Article | ReadFailure]) -> list[tuple[str, ...]]:
    return [
        ("article", item.id, item.text) if isinstance(item, Article) else ("failure", item.reason)
        for item in items
    ]


def check_reader(data: bytes, name: str) -> list[Article | ReadFailure]:
    """Read `data` as a file called `name` twice and check the reader's promises."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with deadline(SECONDS_PER_READ):
            first = list(read_inputs([path], LIMITS))
            second = list(read_inputs([path], LIMITS))
    assert first, "a reader must say something about every file"
    for item in first:
        assert isinstance(item, Article | ReadFailure), item
        if isinstance(item, ReadFailure):
            assert item.reason and "\n" not in item.reason
            assert "reader failed" not in item.reason, item.reason  # no escaped bug
            continue
        assert item.text.strip()
        for value in (item.text, item.title, item.byline, item.outlet, item.url):
            if value is not None:
                assert "\x00" not in value
                value.encode("utf-8")  # storable: no lone surrogates
        assert len(item.text) <= LIMITS.max_text_chars + 1000
    assert _summary(first) == _summary(second)
    return first


# -- pieces of each format -----------------------------------------------------------

words = st.sampled_from(
    ["Marrowvale", "council", "barrier", "voted", "Tuesday", "the", "river", "said", "2026"]
)
prose = st.lists(words, min_size=0, max_size=40).map(" ".join)
odd_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60
) | st.sampled_from(["\x00", "\ufeff", "\r\n", "\u2028", "\ud7ff", "é", "“", "\t\t", "…"])
markup = st.sampled_from(
    [
        "<p>", "</p>", "<div class='x'>", "</div>", "<a href='/a'>", "</a>", "<b>", "<br>",
        "<script>var a = '<p>';</script>", "<style>p{}</style>", "<!-- c -->", "<!--",
        "<article>", "</article>", "<title>T</title>", "<h1>", "</h1>", "<svg><path/></svg>",
        "&amp;", "&lt;", "&#0;", "&#xD800;", "&bogus;", "&#1114112;", "<", ">", "</", "'", '"',
        "<!DOCTYPE html>", '<!DOCTYPE x [<!ENTITY a "aaaa">]>', "&a;", "<![CDATA[x]]>",
        "<meta name='pubdate' content='2026-03-12'>", "<td>", "<table>", "<nav>Home</nav>",
        "<div a b c d e f g h i j k>", "<p title='>' x y z w v u t s>", "<?xml version='1.0'?>",
    ]
)
html_text = st.lists(markup | prose | odd_text, max_size=60).map("".join)
# A page with an article in it, and junk around and inside it.
pages = st.builds(
    lambda head, paragraphs, tail: (
        f"<html><head>{head}</head><body><article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + f"</article>{tail}</body></html>"
    ),
    html_text,
    st.lists(st.lists(prose | markup, min_size=1, max_size=6).map(" ".join), max_size=8),
    html_text,
)
encodings = st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
     "utf-32-be", "cp1252", "latin-1"]
)


@st.composite
def encoded(draw: st.DrawFn, text: st.SearchStrategy[str]) -> bytes:
    value = draw(text)
    encoding = draw(encodings)
    data = value.encode(encoding, errors="replace")
    if draw(st.booleans()):  # damage: cut in the middle of a character, or splice bytes
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut:]
    return data


boms = st.sampled_from(
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
     codecs.BOM_UTF32_BE, b"\x1f\x8b", b"WARC/1.0\r\n", b"{", b"<rss>"]
)
any_bytes = st.builds(lambda bom, rest: bom + rest, boms, st.binary(max_size=1500))
text_bytes = encoded(st.lists(prose | odd_text, max_size=30).map("\n".join)) | any_bytes


def _gz(data: bytes, cut: int | None) -> bytes:
    packed = gzip.compress(data, compresslevel=1)
    return packed if cut is None else packed[: cut % (len(packed) + 1)]


# -- the properties ------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=3000) | encoded(html_text), declared=st.sampled_from(
    [None, "utf-8", "latin-1", "utf-16", "unicode_escape", "base64", "no-such-codec", "cp1251"]
))
def test_decode_bytes_returns_text_without_nul_or_refuses(
    data: bytes, declared: str | None
) -> None:
    try:
        text, encoding = decode_bytes(data, declared)
    except BinaryContent:
        return
    assert "\x00" not in text and encoding
    text.encode("utf-8", errors="surrogatepass")
    assert decode_bytes(data, declared) == (text, encoding)


@FAST
@given(data=text_bytes)
def test_text_reader(data: bytes) -> None:
    check_reader(data, "story.txt")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | odd_text | prose,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)
rows = st.fixed_dictionaries(
    {},
    optional={
        "text": prose | odd_text | json_values,
        "title": prose | odd_text | json_values,
        "url": st.sampled_from(["https://cnn.com/a", "not a url", "http://[::1", ""]),
        "published": st.sampled_from(["2026-03-12", "garbage", "0001-01-01", "9999-12-31T99"]),
        "outlet": odd_text,
        "extra": json_values,
    },
)
jsonl_lines = st.lists(
    rows.map(json.dumps) | odd_text | st.sampled_from(["", "   ", "{", "[1]", "null"]),
    max_size=25,
).map(lambda lines: "\n".join(lines).encode("utf-8", errors="surrogatepass"))


@FAST
@given(data=jsonl_lines | any_bytes)
def test_jsonl_reader(data: bytes) -> None:
    check_reader(data, "rows.jsonl")


@FAST
@given(data=jsonl_lines | any_bytes, cut=st.none() | st.integers(0, 10_000))
def test_jsonl_gz_reader(data: bytes, cut: int | None) -> None:
    check_reader(_gz(data, cut), "rows.jsonl.gz")


@settings(FAST, max_examples=30)
@given(data=encoded(pages) | encoded(html_text) | any_bytes)
def test_html_reader(data: bytes) -> None:
    check_reader(data, "page.html")


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    items = "".join(
        f"<item><title>{draw(prose | html_text)}</title><link>{draw(odd_text)}</link>"
        f"<pubDate>{draw(odd_text)}</pubDate><description>{draw(prose | html_text)}</description>"
        "</item>"
        for _ in range(draw(st.integers(0, 3)))
    )
    kind = draw(st.sampled_from(["rss", "atom", "broken"]))
    if kind == "atom":
        body = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>{items}</feed>"
    else:
        body = f"<rss version='2.0'><channel><title>{draw(odd_text)}</title>{items}"
        body += "" if kind == "broken" else "</channel></rss>"
    prolog = draw(st.sampled_from(["", "<?xml version='1.0'?>", '<!DOCTYPE r [<!ENTITY e "x">]>']))
    return (prolog + body).encode(draw(encodings), errors="replace")


@settings(FAST, max_examples=30)
@given(data=feeds() | any_bytes)
def test_feed_reader(data: bytes) -> None:
    check_reader(data, "wire.rss")


@st.composite
def warcs(draw: st.DrawFn) -> bytes:
    records = []
    for number in range(draw(st.integers(0, 3))):
        payload = draw(encoded(pages | html_text))
        content_type = draw(st.sampled_from(["text/html", "image/png", "text/html; charset=x"]))
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "garbage"]))
        http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + payload
        declared = len(http) + draw(st.sampled_from([0, 0, 0, 5, -5, 10**6]))
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Target-URI: https://ledger.example/{number}\r\n"
            "WARC-Date: 2026-03-13T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000{number}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {declared}\r\n"
            "\r\n"
        ).encode()
        records.append(head + http + b"\r\n\r\n")
    data = b"".join(records)
    if draw(st.booleans()):
        data = _gz(data, draw(st.none() | st.integers(0, 5000)))
    return data


@settings(FAST, max_examples=30)
@given(data=warcs() | any_bytes)
def test_warc_reader(data: bytes) -> None:
    check_reader(data, "crawl.warc.gz")


@settings(FAST, max_examples=30)
@given(data=any_bytes | text_bytes | jsonl_lines)
def test_sniffed_files_without_a_telling_name(data: bytes) -> None:
    check_reader(data, "mystery")
