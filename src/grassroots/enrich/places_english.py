"""Place names in English re-posts, written back in Chinese for place attribution.

English re-posts of Shanghai district news (a city's English news site, a national English daily,
a district's English pages) name places in pinyin: ``Xujing Town``, ``Ouyang Road Subdistrict``,
``Pudong New Area``, or a town's bare name (``families in Xujing``). ``to_chinese`` writes each such
name in its Chinese form and leaves every other word as it is, so the one reading of
``places.attribute`` (its weights, its Shanghai-context rules, its blocked words such as 黄浦江)
decides for an English story as it does for a Chinese one.

The names come from the seeds, not from a table here: a district's ``english`` and ``pinyin``
(districts.csv) and a 街道/镇's ``pinyin``, one syllable per character of its short name
(subdistricts.csv). How a short name is spelt in English follows from its Chinese ending:
天山路 is ``Tianshan Road`` (or ``Tianshanlu``), 南京东路 ``East Nanjing Road`` or ``Nanjing Road
East``, 瑞金二路 ``Ruijin No. 2 Road``, 彭浦新村 ``Pengpu New Village`` or ``Pengpu Xincun``, and a
unit word after it gives the full name (``Subdistrict``, ``Street``, ``Community`` for a 街道;
``Town`` for a 镇, ``Township`` for a 乡).

A bare name followed by a noun that makes it another thing's name (``Zhongshan Park``,
``Hongqiao Airport``, ``Jiading Hospital``) is left in English: it names that thing, not the place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grassroots.enrich.places import Gazetteer

# Words after a bare place name that make it the name of something else.
_THING_AFTER = re.compile(
    r"\s+(?:Park|Road|Rd|Avenue|Lu|Hospital|University|College|School|Airport|Station|Railway|Metro|"
    r"Lake|River|Creek|Mountain|Hill|Bridge|Temple|Square|Plaza|Tower|Building|Centre|Center|Mall|"
    r"Market|Village|Garden|Gardens|Museum|Library|Theatre|Theater|Stadium|Port|Bay|Forest|"
    r"Expressway|Highway|Tunnel|Hotel|Group|Company|Co\.|Steel|Court|Prison|Pier|Wharf|Harbour|Harbor|"
    r"Industrial|Science|Hi-Tech|High-Tech|Economic|Free|Tech|Technology|Development)\b")
_DIRECTIONS = {"东": ("East", "E"), "西": ("West", "W"), "南": ("South", "S"), "北": ("North", "N"),
               "中": ("Middle", "M")}
_LATIN_RE = re.compile(r"[A-Za-z]")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def mostly_latin(text: str) -> bool:
    """More Latin letters than Chinese characters: a page written in English (the extractor's test
    reads a capture's head; this one the whole title and text attribution gets). Chinese pages,
    the many, are let go on the letters alone (a third of the text or less), before Han is counted."""
    latin = len(_LATIN_RE.findall(text))
    return latin * 3 > len(text) and latin > len(_HAN_RE.findall(text))


def _word(syllables: list[str]) -> str:
    """``["nan", "jing"]`` -> ``Nanjing``; a syllable starting with a vowel after another is set
    off by an apostrophe (``jing an`` -> ``Jing'an``), as in the districts' own spelling."""
    out = ""
    for i, s in enumerate(syllables):
        out += ("'" if i and s[0] in "aeo" else "") + s
    return out[:1].upper() + out[1:]


def _spellings(word: str) -> set[str]:
    """One name in the ways English pages type it: ü as u, v or yu; an apostrophe straight, curly
    or left out."""
    out = {word}
    if "ü" in word:
        out |= {word.replace("ü", x) for x in ("u", "v", "yu")}
    for w in list(out):
        if "'" in w:
            out |= {w.replace("'", "’"), w.replace("'", "")}
    return out


def _base_names(short: str, pinyin: str) -> tuple[dict[str, str], str | None]:
    """The English forms of a 街道/镇 short name, each with the Chinese it stands for, and a
    road-named street's stem, which English pages also use alone before Subdistrict or Street
    (``Hunan Subdistrict`` for 湖南路街道)."""
    syl = pinyin.split()
    if len(syl) != len(short):
        return {}, None
    out: dict[str, str] = {}
    road_stem = None
    if short.endswith("新村"):
        stem = _word(syl[:-2])
        for w in _spellings(stem):
            out[f"{w} New Village"] = out[f"{w} Xincun"] = short
    elif len(short) >= 4 and short.endswith("路") and short[-2] in _DIRECTIONS:
        stem, (long, letter) = _word(syl[:-2]), _DIRECTIONS[short[-2]]
        for w in _spellings(stem):
            for form in (f"{long} {w} Road", f"{w} Road {long}", f"{w} Road ({letter})", f"{w} Road {letter}.",
                         f"{w} {long} Road", f"{w}{syl[-2]} Road", f"{w}{syl[-2]}lu"):
                out[form] = short
    elif len(short) >= 4 and short.endswith("二路"):
        stem, road_stem = _word(syl[:-2]), _word(syl[:-1])
        for w in _spellings(stem):
            for form in (f"{w} No. 2 Road", f"{w} No.2 Road", f"{w} Road No. 2", f"{w} Road No.2",
                         f"{w} Road 2", f"{w} Er Road", f"{w}erlu"):
                out[form] = short
    elif short.endswith("路"):
        stem = road_stem = _word(syl[:-1])
        for w in _spellings(stem):
            out[f"{w} Road"] = out[f"{w}lu"] = out[f"{w} Lu"] = short
    elif len(short) >= 3 and short.endswith("镇"):  # a street named after its old town (江湾镇, 嘉定镇)
        stem = _word(syl[:-1])
        for w in _spellings(stem):
            out[f"{w} Town"] = out[f"{w}zhen"] = short
    else:
        for w in _spellings(_word(syl)):
            out[w] = short
    for form, chinese in list(out.items()):  # Road abbreviated (Shimen Rd. 2, Tianshan Rd)
        if " Road" in form:
            out.setdefault(form.replace(" Road", " Rd."), chinese)
            out.setdefault(form.replace(" Road", " Rd"), chinese)
    return out, road_stem


def build_forms(g: Gazetteer) -> tuple[re.Pattern, dict[str, tuple[str, bool]]]:
    """Every English form -> (its Chinese, whether it is a bare name), and one pattern for all
    (the longest name at a place wins). A form two units share with different Chinese is left out
    (ambiguous). Built once per gazetteer (``Gazetteer.english_forms``)."""
    forms: dict[str, tuple[str, bool]] = {}
    clash: set[str] = set()

    def put(form: str, chinese: str, bare: bool) -> None:
        if form in forms and forms[form][0] != chinese:
            clash.add(form)
        forms.setdefault(form, (chinese, bare))

    for u in g.subdistricts:
        if not u.pinyin:
            continue
        unit_words = {"街道": ("Subdistrict", "Sub-district", "Sub-District", "Street", "Jiedao", "Community"),
                      "镇": ("Town", "Township", "Zhen"), "乡": ("Township", "Town", "Xiang")}[u.kind]
        bases, stem = _base_names(u.short_name, u.pinyin)
        for base, chinese in bases.items():
            put(base, chinese, True)
            for w in unit_words:
                put(f"{base} {w}", u.name, False)
                put(f"{base} {w.lower()}", u.name, False)
            if u.kind in ("镇", "乡"):
                put(f"{base} Island", chinese + "岛", False)  # 长兴岛, 横沙岛: the island town
                for w in ("Ancient Town", "Old Town", "Water Town"):
                    put(f"{base} {w}", chinese + "古镇", False)
        if stem:
            for w in _spellings(stem):
                for uw in unit_words:
                    put(f"{w} {uw}", u.name, False)
                    put(f"{w} {uw.lower()}", u.name, False)
    for d in g.districts:
        if not d.pinyin:
            continue
        for w in _spellings(d.pinyin):
            put(w, d.short_name, True)
            for suffix in ("District", "district", "New Area", "New District", "new area"):
                put(f"{w} {suffix}", d.name, False)
        if d.english:
            put(d.english, d.name, False)
        put(f"{d.pinyin} Island", d.short_name + "岛", False)  # 崇明岛: the district's island
    put("Shanghai", "上海", False)  # the city: the context short names need
    put("Huangpu River", "黄浦江", False)
    for f in clash:
        forms.pop(f, None)
    alt = _trie_pattern(forms)
    # (a name ends where the word does; an apostrophe after it only as a possessive: Shanghai's,
    # not the Jing of Jing'an)
    return re.compile(rf"(?<![A-Za-z'’])(?:{alt})(?![A-Za-z])(?!['’](?!s\b))"), forms


def _trie_pattern(words) -> str:
    """One alternation of ``words`` nested by shared prefixes (`X(?:ujing(?: Town)?|inhe)`): the
    engine follows one branch per character instead of trying thousands of names at each one, and
    the longest name wins (a longer branch is tried first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(trie)


def to_chinese(text: str, g: Gazetteer) -> str:
    """``text`` with each English place name written in Chinese (see the module's notes)."""
    if not text or not _LATIN_RE.search(text):
        return text
    pattern, forms = g.english_forms()

    def sub(m: re.Match) -> str:
        chinese, bare = forms[m.group()]
        if bare and _THING_AFTER.match(text, m.end()):
            return m.group()  # (Zhongshan Park, Hongqiao Airport: another thing's name)
        return chinese

    return pattern.sub(sub, text)
