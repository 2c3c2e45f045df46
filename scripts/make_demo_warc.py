"""Write the demo WARC archive `src/storydesk/demo/corpus/archive.warc.gz`.

The archive is generated, not hand-edited: this script holds the page sources and
writes the file deterministically (fixed record ids, dates and payloads; gzip members
carry no timestamp), so re-running it reproduces the committed bytes.

Records, in order: warcinfo, request (for the first page), response text/html
(Harbor Ledger, main story), response text/html (The Northern Post, unrelated story),
response image/png (must be skipped by readers).

Run: .venv/bin/python scripts/make_demo_warc.py
"""

from __future__ import annotations

import base64
import html
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "storydesk"
    / "demo"
    / "corpus"
    / "archive.warc.gz"
)

INQUIRY_URL = "https://harborledger.example/news/2026/03/13/holloway-dam-inquiry"
INQUIRY_TITLE = "Minister promises independent inquiry into Holloway Dam failure"
INQUIRY_PARAS = (
    (
        "Marrowvale, Eastland (Harbor Ledger) — Interior Minister Rafael Okonjo promised on "
        "Friday a full independent inquiry into the collapse of the Holloway Dam, as the "
        "first funerals were held in Marrowvale two days after the flood."
    ),
    (
        "“There will be a full and independent inquiry, and nobody will be allowed to mark "
        "their own homework,” Okonjo told reporters outside the town hall. “Families deserve "
        "answers, not excuses.”"
    ),
    (
        "The minister said the inquiry would be led by a retired judge and would report "
        "within six months. It will examine the design of the dam, the way it was maintained "
        "and the warnings that residents say they gave in the days before it failed."
    ),
    (
        "Petra Lind, the director of the Tessel Valley Water Authority, said the authority "
        "would hand over all of its inspection records, including the report of the "
        "inspection carried out last month. She declined to answer questions about the leak "
        "that residents told the Harbor Ledger they had seen on Tuesday evening."
    ),
    (
        "Okonjo also lifted the evacuation order for Kirkbrae after engineers concluded that "
        "the Ashby Dam upstream was not at risk. Buses began taking residents home in the "
        "afternoon, although about a third of the village remains without electricity."
    ),
    (
        "The emergency service has not updated its death toll since Thursday. Its "
        "spokeswoman, Ilse Varga, said search teams had recovered no further bodies overnight"
        " and that the search would now move downstream towards the Tessel estuary."
    ),
    (
        "Mayor Tomas Brandt attended the first of the funerals, for a grandmother and her "
        "8-year-old grandson who were swept from their car on Mill Lane. The town’s church "
        "bells rang at noon for the dead."
    ),
)

RECALL_URL = "https://northernpost.example/business/2026/03/13/kestra-kettle-recall-check"
RECALL_TITLE = "Safety board urges kettle owners to check model numbers"
RECALL_PARAS = (
    (
        "Calder Bay — The Consumer Safety Board on Friday urged owners of Kestra 2 kettles to"
        " check their model numbers after Brightwell Home Appliances announced the recall of "
        "roughly 180,000 units this week."
    ),
    (
        "Board chair Daniel Osei said the hinge clip on the kettle lid could fail after a few"
        " months of daily use, allowing boiling water to splash out. “If your kettle is a "
        "Kestra 2, unplug it and take it back. Do not try to repair it yourself,” Osei said."
    ),
    (
        "Brightwell said it had replaced the supplier of the clip in February and that "
        "kettles made since then were not affected. Shares in the company’s parent group, "
        "Halden Industries, fell 4 percent on Thursday."
    ),
    (
        "Retailers said returns had been steady but orderly. A spokeswoman for the Fairway "
        "supermarket chain said its 120 stores had taken back several thousand kettles in two"
        " days."
    ),
    (
        "Owners can check whether their kettle is included at brightwell.example/recall/kt2 "
        "or by calling 0800 555 0199."
    ),
)

LOGO_URL = "https://harborledger.example/static/img/logo.png"
# A 1x1 transparent PNG.
LOGO_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def page(
    site: str, url: str, title: str, author: str, published: str, paras: tuple[str, ...]
) -> bytes:
    body = "\n".join(f"      <p>{html.escape(p, quote=False)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)} | {site}</title>
  <meta name="author" content="{author}">
  <meta property="og:site_name" content="{site}">
  <meta property="og:title" content="{html.escape(title)}">
  <meta property="article:published_time" content="{published}">
  <link rel="canonical" href="{url}">
</head>
<body>
  <nav>
    <a href="/">Home</a> <a href="/news">News</a> <a href="/business">Business</a>
    <a href="/sport">Sport</a>
  </nav>
  <main>
    <article>
      <h1>{html.escape(title)}</h1>
      <p class="byline">By {author}, {site}</p>
{body}
    </article>
    <aside>
      <h2>More stories</h2>
      <ul><li><a href="/weather">Weather forecast for the week</a></li></ul>
    </aside>
  </main>
  <footer><p>&copy; 2026 {site}. All rights reserved.</p></footer>
</body>
</html>
""".encode()


def record_id(n: int) -> str:
    return f"<urn:uuid:5d0e7a1c-0000-4000-8000-{n:012d}>"


def http_headers(content_type: str, length: int, date: str) -> StatusAndHeaders:
    return StatusAndHeaders(
        "200 OK",
        [
            ("Date", date),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(length)),
            ("Cache-Control", "max-age=300"),
        ],
        protocol="HTTP/1.1",
    )


def main() -> None:
    inquiry = page(
        "Harbor Ledger",
        INQUIRY_URL,
        INQUIRY_TITLE,
        "Ana Ruiz",
        "2026-03-13T15:45:00+00:00",
        INQUIRY_PARAS,
    )
    recall = page(
        "The Northern Post",
        RECALL_URL,
        RECALL_TITLE,
        "Ruth Calloway",
        "2026-03-13T10:00:00+00:00",
        RECALL_PARAS,
    )
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)

    info = writer.create_warcinfo_record(
        "archive.warc.gz",
        {
            "software": "storydesk scripts/make_demo_warc.py",
            "format": "WARC File Format 1.0",
            "description": "storydesk demo corpus (fictional)",
        },
    )
    info.rec_headers.replace_header("WARC-Record-ID", record_id(1))
    info.rec_headers.replace_header("WARC-Date", "2026-03-13T16:02:10Z")
    writer.write_record(info)

    req_headers = StatusAndHeaders(
        "GET /news/2026/03/13/holloway-dam-inquiry HTTP/1.1",
        [
            ("Host", "harborledger.example"),
            ("User-Agent", "storydesk-demo-crawler/1.0"),
            ("Accept", "text/html"),
        ],
        is_http_request=True,
    )
    req = writer.create_warc_record(
        INQUIRY_URL,
        "request",
        http_headers=req_headers,
        warc_headers_dict={"WARC-Record-ID": record_id(2), "WARC-Date": "2026-03-13T16:02:11Z"},
    )
    writer.write_record(req)

    responses = [
        (
            INQUIRY_URL,
            "text/html; charset=utf-8",
            inquiry,
            "2026-03-13T16:02:11Z",
            "Fri, 13 Mar 2026 16:02:11 GMT",
            3,
        ),
        (
            RECALL_URL,
            "text/html; charset=utf-8",
            recall,
            "2026-03-13T10:20:40Z",
            "Fri, 13 Mar 2026 10:20:40 GMT",
            4,
        ),
        (
            LOGO_URL,
            "image/png",
            LOGO_PNG,
            "2026-03-13T16:02:12Z",
            "Fri, 13 Mar 2026 16:02:12 GMT",
            5,
        ),
    ]
    for url, ctype, payload, warc_date, http_date, n in responses:
        rec = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(payload),
            http_headers=http_headers(ctype, len(payload), http_date),
            warc_headers_dict={"WARC-Record-ID": record_id(n), "WARC-Date": warc_date},
        )
        writer.write_record(rec)

    OUT.write_bytes(buf.getvalue())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
