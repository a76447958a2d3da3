"""Bytes to text: encodings, binary and empty input, size limit."""
import codecs

import pytest

from redline.errors import InputError
from redline.ingest import decode as decoding
from redline.ingest import read_text
from redline.ingest.decode import decode

WESTERN = [
    "The café in Zürich reopened on Monday, said the mayor.\n",
    "The café owner said: “We are back.” Prices rose by 5 € — a record.\n",
    "Señor García visited the naïve façade of the old théâtre.\n",
    "Costs rose to £5 and the rôle went to Zoë.\n",
    "Le maire a déclaré que la réouverture était prévue à l'été.\n",
]


@pytest.mark.parametrize("text", WESTERN)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"])
def test_western_text_round_trips(text, encoding):
    assert decode(text.encode(encoding), "f.txt") == text


@pytest.mark.parametrize("text", [t for t in WESTERN if "€" not in t and "“" not in t and "—" not in t])
def test_latin_1_is_read_as_windows_1252(text):
    assert decode(text.encode("latin-1"), "f.txt") == text


def test_windows_1252_punctuation_is_decoded_not_mangled():
    raw = "“Quoted” – it’s 10€ … done\n".encode("cp1252")
    assert decode(raw, "f.txt") == "“Quoted” – it’s 10€ … done\n"


def test_non_latin_single_byte_text_is_not_forced_into_windows_1252():
    text = "Zażółć gęślą jaźń. Wczoraj prezydent powiedział, że rząd się myli w sprawie podatków.\n"
    assert decode(text.encode("cp1250"), "pl.txt") == text
    russian = "Вчера мэр города заявил, что новый мост откроют весной следующего года.\n"
    assert decode(russian.encode("cp1251"), "ru.txt") == russian


def test_declared_html_charset_is_honoured():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Новости дня.</p></body></html>'
    assert decode(html.encode("cp1251"), "page.html") == html


def test_line_endings_are_normalised():
    assert decode(b"One.\r\nTwo.\rThree.\n", "f.txt") == "One.\nTwo.\nThree.\n"


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (b"   \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 100, "binary"),
    (codecs.BOM_UTF8 + b"   ", "no text"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid"),  # an unpaired surrogate
])
def test_bad_bytes_raise_input_error_naming_the_input(data, problem):
    with pytest.raises(InputError) as err:
        decode(data, "input.txt")
    assert err.value.source == "input.txt"
    assert problem in str(err.value)
    assert "\n" not in str(err.value)


def test_undecodable_noise_is_refused():
    noise = bytes((i * 37 + 11) % 128 + 128 for i in range(4000))
    with pytest.raises(InputError, match="input.bin"):
        decode(noise, "input.bin")


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text("A sentence of news. " * 100)
    monkeypatch.setattr(decoding, "MAX_BYTES", 1000)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(InputError, match="too large"):
        read_text(path)


def test_decode_applies_the_size_limit_too(monkeypatch):
    monkeypatch.setattr(decoding, "MAX_BYTES", 10)
    with pytest.raises(InputError, match="too large"):
        decode(b"x" * 11, "blob")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_control_bytes_that_pass_as_utf16_are_still_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x00\x01\x02\xff" * 50, "noise.bin")
