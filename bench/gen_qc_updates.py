#!/usr/bin/env python3
"""gen_qc_updates: real community text as Telegram Bot API updates for `fanbase replay` (issue 9).

Turns the Quantum Computing Stack Exchange dump (/work/shared/datasets/stackexchange-quantumcomputing-2018: Posts.xml,
Comments.xml, Users.xml; CC BY-SA, see its README) into `Update` objects, one JSON object per line, in the shape
bench/gen_updates emits (Telegram's escaping: "\\/" and \\uXXXX for every non-ASCII character):

  - a question (PostTypeId 1) is a message: its title, a blank line, its body with the HTML stripped and the
    entities unescaped;
  - an answer (PostTypeId 2) is a reply to its question's message; a comment is a reply to its post's message
    (question or answer). reply_to_message carries the target's message_id, from, chat, date and text, as Telegram
    sends it. Tag wikis (PostTypeId 4, 5) and comments on them are left out;
  - every Stack Exchange user is a Telegram user: first_name = DisplayName, a stable id (7000000000 + the user's Id;
    posts and comments of deleted users, which have only a display name, get 7500000000 + a CRC-32 of the name),
    username = the name's letters and digits, lower case, + "_" + the id's Stack Exchange part;
  - everything in time order (CreationDate, UTC; a reply never precedes its target: its time is raised to the
    target's when the dump says otherwise), one supergroup per copy of the community. Copies are concurrent: copy k
    is the whole community shifted by k * 97 seconds, in its own chat (chat id -1002000000000 - k), with message ids
    k * 1000000 + 1, 2, ...; copies are added until --updates updates exist (the last copy is cut short), and all
    copies are merged in time order with strictly increasing update_ids.

Texts longer than Telegram's limit (4096 UTF-16 code units) are cut to it, as a client would have to; the count is
reported. No entities are emitted (the bench config has the link filter off).

  gen_qc_updates.py [--updates 200000] [--out FILE] [--dataset DIR]

Deterministic: the same dataset and arguments give byte-identical output. Statistics go to stderr.
"""

import argparse
import datetime
import heapq
import html
import html.parser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zlib

DEFAULT_DATASET = "/work/shared/datasets/stackexchange-quantumcomputing-2018"
MAX_UTF16 = 4096
COPY_SHIFT_S = 97
FIRST_UPDATE_ID = 300000000
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def rows(path):
    """Yields each <row>'s attributes (iterparse: the files are read as a stream)."""
    for _, elem in ET.iterparse(path, events=("end",)):
        if elem.tag == "row":
            yield dict(elem.attrib)
        elem.clear()


def when_ms(stamp):
    """'2018-03-12T17:00:45.567' (UTC) -> unix milliseconds."""
    d = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
    return int((d - EPOCH).total_seconds() * 1000 + 0.5)


class _Text(html.parser.HTMLParser):
    BLOCK = {"p", "br", "li", "pre", "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "tr",
             "div", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities are unescaped as the text is collected
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def strip_html(body):
    p = _Text()
    p.feed(body)
    p.close()
    text = "".join(p.parts)
    text = html.unescape(text)  # anything the parser left (a stray "&amp;" inside <pre>, say)
    text = re.sub(r"[ \t\r\f\v]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clip_utf16(text):
    """Cuts text to Telegram's 4096 UTF-16 code units (never inside a surrogate pair). Returns (text, was_cut)."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > MAX_UTF16:
            return text[:i], True
    return text, False


def username_for(name, tail):
    base = re.sub(r"[^a-z0-9]", "", name.lower())
    if not base or not base[0].isalpha():
        base = "u" + base
    return (base[:20] + "_" + str(tail))[:32]


def load(dataset):
    users = {}  # Stack Exchange user id -> display name
    for r in rows(os.path.join(dataset, "Users.xml")):
        users[int(r["Id"])] = r.get("DisplayName", "")

    people = {}  # person key -> Telegram user dict (without language_code order issues: built once)

    def person(user_id, display_name):
        if user_id is not None and int(user_id) in users:
            uid = int(user_id)
            key = ("id", uid)
            if key not in people:
                name = users[uid].strip() or "user%d" % uid
                tg = 7000000000 + uid if uid >= 0 else 6999999000 - uid  # Id -1 is the "Community" account
                people[key] = {"id": tg, "is_bot": False, "first_name": name[:64],
                               "username": username_for(name, abs(uid)), "language_code": "en"}
            return people[key]
        name = (display_name or "").strip() or "anonymous"
        key = ("name", name)
        if key not in people:
            crc = zlib.crc32(name.encode("utf-8"))
            people[key] = {"id": 7500000000 + crc, "is_bot": False, "first_name": name[:64],
                           "username": username_for(name, crc % 100000), "language_code": "en"}
        return people[key]

    # Items of one copy: [ms, order, se_id, kind, author, text, parent_key]; key = ("p", id) or ("c", id).
    items = {}
    skipped = {"tag_wiki_posts": 0, "orphan_answers": 0, "orphan_comments": 0}
    answers = []
    for r in rows(os.path.join(dataset, "Posts.xml")):
        t = r.get("PostTypeId")
        if t not in ("1", "2"):
            skipped["tag_wiki_posts"] += 1
            continue
        body = strip_html(r.get("Body", ""))
        author = person(r.get("OwnerUserId"), r.get("OwnerDisplayName"))
        pid = int(r["Id"])
        if t == "1":
            title = html.unescape(r.get("Title", "")).strip()
            text = (title + "\n\n" + body) if body else title
            items[("p", pid)] = [when_ms(r["CreationDate"]), 0, pid, "question", author, text, None]
        else:
            answers.append([when_ms(r["CreationDate"]), 1, pid, "answer", author, body, ("p", int(r["ParentId"]))])
    for a in answers:
        if a[6] not in items:
            skipped["orphan_answers"] += 1
            continue
        items[("p", a[2])] = a
    for r in rows(os.path.join(dataset, "Comments.xml")):
        parent = ("p", int(r["PostId"]))
        if parent not in items:
            skipped["orphan_comments"] += 1
            continue
        cid = int(r["Id"])
        text = r.get("Text", "").strip()  # comments are plain text (the XML escaping is undone by the parser)
        items[("c", cid)] = [when_ms(r["CreationDate"]), 2, cid, "comment", person(r.get("UserId"),
                             r.get("UserDisplayName")), text, parent]

    # A reply never precedes its target (questions first, then answers, then comments: parents are settled first).
    raised = 0
    for order in (1, 2):
        for it in items.values():
            if it[1] == order:
                target = items[it[6]]
                if it[0] < target[0]:
                    it[0] = target[0]
                    raised += 1
    clipped = 0
    for it in items.values():
        it[5], cut = clip_utf16(it[5])
        clipped += cut
    ordered = sorted(items.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[1][2]))
    return ordered, skipped, raised, clipped, len(people)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--updates", type=int, default=200000, help="number of updates (default 200000)")
    ap.add_argument("--out", default="-", help="output file (default stdout)")
    ap.add_argument("--dataset", default=DEFAULT_DATASET, help="the dump's directory")
    args = ap.parse_args()
    if args.updates <= 0:
        ap.error("--updates must be positive")

    ordered, skipped, raised, clipped, people = load(args.dataset)
    per_copy = len(ordered)
    copies = -(-args.updates // per_copy)
    index = {key: i for i, (key, _) in enumerate(ordered)}  # item -> its position = its message id offset

    def copy_stream(k, count):
        for i in range(count):
            it = ordered[i][1]
            yield (it[0] + k * COPY_SHIFT_S * 1000, k, i)

    streams = [copy_stream(k, per_copy if k < copies - 1 else args.updates - per_copy * (copies - 1))
               for k in range(copies)]

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="ascii", newline="\n")
    chats = [{"id": -1002000000000 - k, "title": "Quantum Computing %d" % (k + 1), "type": "supergroup"}
             for k in range(copies)]
    update_id = FIRST_UPDATE_ID
    n = replies = text_chars = text_bytes = 0
    kinds = {"question": 0, "answer": 0, "comment": 0}
    first_s = last_s = None
    for ms, k, i in heapq.merge(*streams):
        it = ordered[i][1]
        date = ms // 1000
        msg = {"message_id": k * 1000000 + 1 + i, "from": it[4], "chat": chats[k], "date": date}
        if it[6] is not None:
            j = index[it[6]]
            target = ordered[j][1]
            msg["reply_to_message"] = {"message_id": k * 1000000 + 1 + j, "from": target[4], "chat": chats[k],
                                       "date": (target[0] + k * COPY_SHIFT_S * 1000) // 1000, "text": target[5]}
            replies += 1
        msg["text"] = it[5]
        line = json.dumps({"update_id": update_id, "message": msg}, ensure_ascii=True, separators=(",", ":"))
        out.write(line.replace("/", "\\/"))
        out.write("\n")
        update_id += 1
        n += 1
        kinds[it[3]] += 1
        text_chars += len(it[5])
        text_bytes += len(it[5].encode("utf-8"))
        first_s = date if first_s is None else first_s
        last_s = date
    if out is not sys.stdout:
        out.close()

    print("updates: %d" % n, file=sys.stderr)
    print("mean_text_chars: %.1f (mean UTF-8 bytes %.1f)" % (text_chars / n, text_bytes / n), file=sys.stderr)
    print("replies: %d (%.1f%%)" % (replies, 100.0 * replies / n), file=sys.stderr)
    print("kinds: questions %d, answers %d, comments %d" % (kinds["question"], kinds["answer"], kinds["comment"]),
          file=sys.stderr)
    print("community: %d messages per copy, %d copies (the last cut to %d), %d Telegram users" %
          (per_copy, copies, args.updates - per_copy * (copies - 1), people), file=sys.stderr)
    print("left out: %d tag-wiki posts, %d answers and %d comments without their post; %d replies raised to their "
          "target's time; %d texts cut to %d UTF-16 units" %
          (skipped["tag_wiki_posts"], skipped["orphan_answers"], skipped["orphan_comments"], raised, clipped,
           MAX_UTF16), file=sys.stderr)
    print("dates: %s .. %s" % (datetime.datetime.fromtimestamp(first_s, datetime.timezone.utc).isoformat(),
                               datetime.datetime.fromtimestamp(last_s, datetime.timezone.utc).isoformat()),
          file=sys.stderr)


if __name__ == "__main__":
    main()
