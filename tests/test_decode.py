"""decode_bytes(): BOM > header > meta > detection, WHATWG labels, no silent U+FFFD."""

from __future__ import annotations

import pytest

from grassroots.extract.decode import decode_bytes, normalise_label, sniff_binary
from grassroots.models import RejectError

ZH = "朱镕基同志题写的社区服务中心今天开放，居民可以在这里办理各项事务。" * 3


def test_gb2312_label_is_read_as_gb18030():
    # 镕 is GBK-only: Python's gb2312 codec fails on it, WHATWG maps the label to gb18030
    data = f'<meta charset="gb2312"><p>{ZH}</p>'.encode("gbk")
    d = decode_bytes(data)
    assert d.encoding == "gb18030" and d.source == "meta" and "镕" in d.text
    assert normalise_label("GB2312") == normalise_label("x-gbk") == "gb18030"


def test_undeclared_gbk_is_detected():
    d = decode_bytes(f"<p>{ZH}</p>".encode("gbk"))
    assert (d.encoding, d.source) == ("gb18030", "detected")
    assert "\ufffd" not in d.text


def test_header_beats_meta_when_both_decode():
    data = f'<meta charset="utf-8"><p>{ZH}</p>'.encode("gbk")
    d = decode_bytes(data, "text/html; charset=GBK")
    assert (d.encoding, d.source) == ("gb18030", "http")
    assert "header_meta_conflict" in d.flags


def test_wrong_header_is_overridden_by_clean_meta_candidate():
    data = f'<meta charset="gbk"><p>{ZH}</p>'.encode("gbk")
    d = decode_bytes(data, "text/html; charset=utf-8")
    assert d.encoding == "gb18030" and d.source == "meta"
    assert "header_meta_conflict" in d.flags and "declared_charset_overridden" in d.flags
    assert "镕" in d.text


def test_utf8_stored_page_declaring_gb2312_is_read_as_utf8():
    data = f'<meta charset="gb2312"><p>{ZH}</p>'.encode()
    d = decode_bytes(data)
    assert d.encoding == "utf-8" and "declared_charset_overridden" in d.flags and "镕" in d.text


def test_bom_wins():
    d = decode_bytes(b"\xef\xbb\xbf" + f'<meta charset="gbk">{ZH}'.encode())
    assert (d.encoding, d.source) == ("utf-8", "bom")


def test_trace_of_invalid_bytes_is_flagged_not_silent():
    data = (ZH * 20).encode("gbk") + b"\xff" + (ZH * 20).encode("gbk")
    d = decode_bytes(data)
    assert "lossy_decode" in d.flags and d.text.count("\ufffd") == 1


def test_garbage_is_undecodable():
    with pytest.raises(RejectError) as e:
        decode_bytes(bytes(range(0x80, 0x100)) * 50)
    assert e.value.reason == "undecodable"


def test_latin1_control_page():
    d = decode_bytes('<meta charset="iso-8859-1"><p>Straße café</p>'.encode("cp1252"))
    assert d.encoding == "cp1252" and "Straße café" in d.text


@pytest.mark.parametrize(("data", "kind"), [(b"%PDF-1.7 ...", "PDF document"), (b"PK\x03\x04rest", "ZIP archive"),
                                            (b"abc\x00def", "file with NUL bytes"), (b"<html>ok</html>", None)])
def test_sniff_binary(data, kind):
    assert sniff_binary(data) == kind


def test_undeclared_windows_1252_page():
    d = decode_bytes("<p>Ein Café in der Straße, süß und günstig.</p>".encode("cp1252"))
    assert d.encoding == "cp1252" and "Café" in d.text and "\ufffd" not in d.text


def test_high_byte_garbage_is_not_read_as_windows_1252():
    with pytest.raises(RejectError) as e:
        decode_bytes(b"\x80\xff\xc3\x28" * 500)
    assert e.value.reason == "undecodable"


@pytest.mark.parametrize("label", ["undefined", "unicode_escape", "utf-7", "idna", "zlib", "rot13", "base64"])
def test_a_python_only_codec_declared_by_a_page_is_no_declaration(label):
    # (`undefined` raised UnicodeError out of process_one; unicode_escape read GBK as Latin letters)
    page = f'<html><head><meta charset="{label}"></head><body>街道开放共享书房，居民借阅图书</body></html>'.encode("gbk")
    d = decode_bytes(page, f"text/html; charset={label}")
    assert d.encoding == "gb18030" and "共享书房" in d.text and d.source == "detected"
    assert normalise_label(label) is None
