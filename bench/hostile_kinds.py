"""Every hostile kind bench_hostile.py tries, in the order it tries them; `quick`
marks the subset CI runs."""

from __future__ import annotations

import hostile_formats as fmt
import hostile_inputs as txt
from hostile_inputs import Kind
from hostile_stores import STORE_KINDS

# Stored text must have decoded right: the accented names and the euro sign intact.
CLEAN = txt.clean_text(*txt.GOOD_WORDS)

FILE_KINDS: tuple[Kind, ...] = (
    Kind("empty file", txt.empty),
    Kind("whitespace only", txt.whitespace),
    Kind("binary bytes as .txt", txt.binary, check=txt.stores_nothing("random bytes")),
    Kind("NUL-riddled text", txt.nul_riddled, check=txt.clean_text()),
    Kind("UTF-8 with BOM", txt.encoded("bom8.txt", "utf-8", b"\xef\xbb\xbf"), check=CLEAN),
    Kind("UTF-16 with BOM", txt.encoded("u16.txt", "utf-16"), check=CLEAN),
    Kind("UTF-16-LE without BOM", txt.encoded("u16le.txt", "utf-16-le"), check=CLEAN),
    Kind("UTF-16-BE without BOM", txt.encoded("u16be.txt", "utf-16-be"), check=CLEAN),
    Kind("UTF-32 with BOM", txt.encoded("u32.txt", "utf-32"), quick=True, check=CLEAN),
    Kind("UTF-32-LE without BOM", txt.encoded("u32le.txt", "utf-32-le"), check=CLEAN),
    Kind("cp1252 text", txt.encoded("cp1252.txt", "cp1252"), check=CLEAN),
    Kind("mixed UTF-8 and cp1252", txt.mixed_utf8_cp1252, check=CLEAN),
    Kind("invalid UTF-8 sequences", txt.bad_utf8_sequences, check=txt.clean_text("Brønsted")),
    Kind("200 MB sparse file", txt.sparse_200mb, check=txt.stores_nothing("over --max-mb")),
    Kind("control characters", txt.control_characters, check=txt.clean_text()),
    Kind("RTL, zero-width, emoji, zalgo", txt.rtl_zero_width_emoji),
    Kind("60 KB of punctuation", txt.punctuation_60kb),
    Kind("2M one-character lines", txt.one_char_lines),
    Kind("100k sentences", txt.many_sentences),
    Kind("5 MB single line", txt.very_long_line),
    Kind("10,000-digit number", txt.huge_number),
    Kind("date 0001-01-01 + 'on Tuesday'", txt.date_year_one, quick=True),
    Kind("date 9999-12-31 + 'next year'", txt.date_year_9999),
    Kind("title-only entity ('the Prime Minister')", txt.title_only_mentions),
    Kind("XSS payloads in text", txt.xss_text),
    Kind("only a date line", txt.only_date_line),
    Kind("one report as NFC/NFD/CRLF/BOM", txt.same_report_variants, check=txt.at_most_one),
    Kind("FIFO in a folder", txt.fifo_in_folder),
    Kind("symlink loop", txt.symlink_loop),
    Kind("dangling symlink", txt.dangling_symlink),
    Kind("directory named .txt", txt.directory_named_txt),
    Kind("unreadable file and folder (as root)", txt.unreadable),
    Kind("odd file names", txt.odd_names),
    Kind("1 MB .jsonl.gz of newlines (1 GB)", fmt.gz_of_newlines),
    Kind("gzip bomb: 1 GB JSONL line", fmt.gzip_bomb_line, check=txt.stores_nothing("a 1 GB line")),
    Kind("gzip bomb: 1 GB WARC record", fmt.gzip_bomb_warc),
    Kind("truncated gzip", fmt.truncated_gzip),
    Kind("gzip magic then garbage", fmt.gzip_garbage, check=txt.stores_nothing("garbage")),
    Kind("gzip data named .txt", fmt.gzip_named_txt, check=txt.clean_text()),
    Kind(
        "billion laughs feed",
        fmt.billion_laughs,
        quick=True,
        check=txt.all_of(txt.stores_nothing("an entity bomb"), txt.never_contains("lol")),
    ),
    Kind("quadratic blowup feed", fmt.quadratic_blowup, check=txt.never_contains("x" * 1000)),
    Kind("XXE file entity feed", fmt.xxe_file, check=txt.never_contains("root:", "/bin/")),
    Kind("XXE remote DTD feed", fmt.xxe_remote_dtd),
    Kind("60 MB feed", fmt.huge_feed, check=txt.stores_nothing("over the feed limit")),
    Kind("feed with 300 items", fmt.many_items_feed),
    Kind("malformed XML feed", fmt.malformed_xml),
    Kind(
        "RSS with scripts",
        fmt.feed_with_scripts,
        check=txt.never_contains("<script", "document.cookie", "onclick"),
    ),
    Kind(
        "Atom with javascript: links",
        fmt.atom_javascript_links,
        check=txt.never_contains("onerror"),
    ),
    Kind("feed with NUL character refs", fmt.nul_char_refs_feed, check=txt.clean_text()),
    Kind("42 KB garbage HTML", fmt.garbage_html),
    Kind("100k-deep nested HTML", fmt.deeply_nested_html),
    Kind("HTML with 100k attributes", fmt.many_attributes_html),
    Kind("HTML declaring the wrong charset", fmt.wrong_charset_html, check=CLEAN),
    Kind("HTML with an unknown charset", fmt.unknown_charset_html, check=CLEAN),
    Kind(
        "HTML with XSS payloads",
        fmt.xss_html,
        check=txt.never_contains("<script", "steal(", "onerror", "javascript:"),
    ),
    Kind("PNG bytes named .html", fmt.binary_html, check=txt.stores_nothing("an image")),
    Kind("JSONL with bad lines", fmt.jsonl_bad_lines),
    Kind("JSONL with huge numbers, NaN", fmt.jsonl_huge_numbers),
    Kind("JSONL nested 100k deep", fmt.jsonl_nested),
    Kind("JSONL with lone surrogates", fmt.jsonl_lone_surrogates, check=txt.no_surrogates),
    Kind("JSONL line of 25 MB", fmt.jsonl_long_line, check=txt.stores_nothing("over --max-mb")),
    Kind("JSONL with traversal paths", fmt.jsonl_path_traversal),
    Kind("WARC truncated", fmt.warc_truncated),
    Kind("WARC garbage", fmt.warc_garbage, check=txt.stores_nothing("garbage")),
    Kind("WARC with a lying length", fmt.warc_lying_length),
    Kind("WARC.gz truncated", fmt.warc_gz_truncated),
)

ALL_KINDS: tuple[Kind, ...] = (*FILE_KINDS, *STORE_KINDS)
