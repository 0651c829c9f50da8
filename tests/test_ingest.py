"""Tests for reader.ingest: decoding, sniffing, the importers and boilerplate removal.

Real-data tests use the ``shared_data`` fixture (../shared/data) and skip without it; the
sample pages and texts written inline here are our own.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.ingest import SUPPORTED_SUFFIXES, IngestError, decode_bytes, iter_documents, iter_files
from reader.ingest import boilerplate as bp
from reader.ingest.dates import find_date
from reader.ingest.parse import sniff_format
from reader.ingest.text import markdown_to_text, split_front_matter
from reader.models import ParsedDocument

REPO = Path(__file__).resolve().parents[1]
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def documents(path: Path) -> list[ParsedDocument]:
    items = list(iter_documents(path))
    assert all(isinstance(item, ParsedDocument) for item in items), items
    return [item for item in items if isinstance(item, ParsedDocument)]


def one_document(path: Path) -> ParsedDocument:
    [document] = documents(path)
    return document


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --------------------------------------------------------------------------------------------
# Pages written for these tests (fictional outlets and people).
# --------------------------------------------------------------------------------------------

WORDPRESS_PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>Leaked cable details port smuggling route | Andean Monitor</title>
<meta property="og:title" content="Leaked cable details port smuggling route">
<meta property="og:site_name" content="Andean Monitor">
<meta property="og:url" content="https://andeanmonitor.example/2011/02/leaked-cable-port-route/">
<meta property="article:published_time" content="2011-02-14T09:30:00+00:00">
<meta name="author" content="Maria Quispe">
<link rel="canonical" href="https://andeanmonitor.example/2011/02/leaked-cable-port-route/">
<style>.share { color: red; }</style>
<script>window.dataLayer = [{"page": "article"}];</script>
</head>
<body class="post-template-default single has-sidebar">
<header class="site-header">
  <a class="skip-link" href="#content">Skip to content</a>
  <div class="site-title">Andean Monitor</div>
  <nav class="main-navigation"><ul>
    <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/investigations">Investigations</a></li><li><a href="/about">About</a></li>
  </ul></nav>
</header>
<div class="breadcrumbs"><a href="/">Home</a> &raquo; <a href="/news">News</a> &raquo;
  Leaked cable</div>
<main id="content">
<article class="post">
  <header class="entry-header">
    <h1 class="entry-title">Leaked cable details port smuggling route</h1>
    <div class="entry-meta">By <a rel="author" href="/author/mquispe">Maria Quispe</a>
      <time datetime="2011-02-14T09:30:00+00:00">February 14, 2011</time></div>
  </header>
  <div class="sharedaddy share-buttons"><a href="#">Share on Facebook</a>
    <a href="#">Tweet</a></div>
  <div class="entry-content">
    <p>A diplomatic cable sent from the embassy in Quito in 2009 describes how a shipping
    agent named <strong>Ramiro Valdivieso</strong> moved cocaine through the port of
    <a href="/tag/guayaquil">Guayaquil</a>, according to documents released by
    <em>WikiLeaks</em>.</p>
    <p>The cable, signed by the deputy chief of mission, says port inspectors were paid
    &ldquo;a fixed monthly fee&rdquo; to look away while containers were loaded at night.</p>
    <!-- ad slot 3 -->
    <div class="advertisement">Advertisement</div>
    <p>Officials at the port authority declined to comment on Monday. A spokesman for the
    prosecutor&#39;s office said an investigation was opened in 2010.</p>
    <h2>A long history</h2>
    <p>Smuggling through Guayaquil is not new: a 2007 report by the United Nations Office on
    Drugs and Crime named the port as a transit point for shipments bound for Europe.</p>
    <p>&ldquo;The route works because nobody checks the paperwork twice,&rdquo; said Elena
    Torres, a former customs officer.</p>
    <div class="jp-relatedposts">
      <h3>Related</h3>
      <p><a href="/a">Customs chief resigns after audit</a></p>
      <p><a href="/b">Navy seizes two tons of cocaine off Manta</a></p>
    </div>
  </div>
  <footer class="entry-footer"><span class="tags-links">Tags: <a href="/t/wikileaks">WikiLeaks</a>,
    <a href="/t/ecuador">Ecuador</a></span></footer>
</article>
<section id="comments" class="comments-area">
  <h2 class="comments-title">2 thoughts on
    &ldquo;Leaked cable details port smuggling route&rdquo;</h2>
  <p>Jorge Salinas says: This has been known for years, the port is a sieve.</p>
  <div id="respond" class="comment-respond">
    <h3>Leave a Reply</h3>
    <form><p>Your email address will not be published. Required fields are marked *</p>
    <textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
  </div>
</section>
</main>
<aside class="sidebar widget-area">
  <section class="widget"><h2>Newsletter</h2><p>Sign up for our weekly newsletter about
  organised crime in the Andes.</p></section>
  <section class="widget"><h2>Most read</h2>
    <ul><li><a href="/x">Carlos Mendez profile</a></li></ul></section>
</aside>
<footer class="site-footer"><p>&copy; 2011 Andean Monitor. All rights reserved.</p>
<p>Published under a Creative Commons licence.</p></footer>
<script src="/wp-includes/js/wp-embed.min.js"></script>
</body>
</html>
"""

DIV_SOUP_PAGE = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Cable revela pagos a militares en el VRAE - Diario del Sur</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Diario del Sur"},
  {"@type": "NewsArticle", "headline": "Cable revela pagos a militares en el VRAE",
   "datePublished": "2010-12-13T18:05:00-05:00",
   "author": [{"@type": "Person", "name": "Rosa Huamán"}],
   "publisher": {"@type": "Organization", "name": "Diario del Sur"},
   "url": "https://diariodelsur.example/politica/cable-vrae"}
]}
</script>
</head>
<body>
<div id="top"><div class="menu">Inicio | Política | Economía | Mundo | Deportes</div></div>
<div id="wrapper">
 <div class="col-izq">
  <div class="volanta">POLÍTICA</div>
  <h1>Cable revela pagos a militares en el VRAE</h1>
  <div class="fecha">Lunes 13 de diciembre de 2010</div>
  <div class="cuerpo">
   <p>Un cable de la embajada de Estados Unidos en Lima, difundido por WikiLeaks, sostiene que
   algunos oficiales recibían pagos de narcotraficantes que operan en el valle de los ríos
   Apurímac y Ene.</p>
   <p>El documento, fechado en marzo de 2009, cita a un analista que afirma que &laquo;los
   militares controlan al menos una ruta&raquo; en la zona de Cayramayo.</p>
   <p>El Ministerio de Defensa no respondió a las consultas de este diario.</p>
   <p>Comparte esta noticia</p>
   <p>Noticias relacionadas</p>
   <p><a href="/n1">Gobierno amplía el estado de emergencia en la selva central</a></p>
   <p><a href="/n2">Fiscalía abre investigación por combustible desviado</a></p>
   <p>Deja un comentario</p>
   <p>Tu dirección de correo electrónico no será publicada. Los campos obligatorios están
   marcados con *</p>
  </div>
 </div>
 <div class="col-der"><p>Lo más leído</p><p><a href="/x">Alianza Lima gana el clásico</a></p></div>
</div>
<div id="pie">Diario del Sur &copy; 2010 &middot; Todos los derechos reservados</div>
</body>
</html>
"""

SAVED_WEB_TEXT = """Skip to main content
Home | World | Americas | Politics
Subscribe

Peru's police asked FBI for help, cable shows
By Jane Doe | December 14, 2010
Share this article

Peru's anti-drug police asked the FBI for help against Mexican cartels, according to a U.S. \
diplomatic cable released by WikiLeaks on Tuesday.

The cable, sent from Lima in November 2009, describes a meeting between a police officer and \
U.S. officials.
Read more: Peru's new anti-drug strategy

"We need their intelligence to follow the money," the officer is quoted as saying.

Advertisement

The officer said Mexican groups had been active in the country since at least 2006 and paid \
local gangs for protection.

Tags: Peru, WikiLeaks, FBI
You might also like
Teaser headline about the Humberto Ochoa case
Another teaser that is cut short…
3 Comments
John Smith says: I always knew this. Great reporting on the corruption issue, thank you.
© 2010 Example News. All rights reserved.
"""

SPANISH_WEB_TEXT = """InicioPolíticaEconomíaMundoCable revela pagos a militares en el VRAE
POLÍTICA
Cable revela pagos a militares en el VRAE
13 de diciembre de 2010 | Por Rosa Huamán

Un cable de la embajada de Estados Unidos en Lima sostiene que algunos oficiales recibían \
pagos de narcotraficantes que operan en el valle.

El documento, fechado en marzo de 2009, cita a un analista que afirma que «los militares \
controlan al menos una ruta» en la zona.

El Ministerio de Defensa no respondió a las consultas de este diario.

¿Te resultó útil esta nota?
Comparte
Artículos relacionados
Gobierno de Ernesto Salas amplía el estado de emergencia…
Deja un comentario
Tu dirección de correo electrónico no será publicada.
"""

CABLEGATE_PAGE = """<?xml version='1.0' encoding='utf-8' ?>
<html lang='en'><head><title>Cable Viewer</title></head>
<body><div class='main'><div class='pane small'><a href='/index.html'>Home</a></div>
<div class='pane big'><h3>Viewing cable 10TESTPOST77</h3>
<table class='cable'>
<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th>
<th>Origin</th></tr>
<tr><td><a href='/cable/2010/01/10TESTPOST77.html'>10TESTPOST77</a></td>
<td><a href='/date/2010-01_0.html'>2010-01-05 14:03</a></td>
<td><a href='/reldate/2010-12-12_0.html'>2010-12-12 21:09</a></td>
<td><a href='/classification/4_0.html'>CONFIDENTIAL</a></td>
<td><a href='/origin/1_0.html'>Embassy Testville</a></td></tr>
</table>
<code><pre>VZCZCXYZ0001&#x000A;FM AMEMBASSY TESTVILLE&#x000A;TO SECSTATE WASHDC</pre></code>
<code><pre>C O N F I D E N T I A L TESTVILLE 000077 &#x000A;&#x000A;E.O. 12958: DECL: 01/05/2020 \
&#x000A;TAGS: <a href='/tag/PGOV_0.html'>PGOV</a> <a href='/tag/XX_0.html'>XX</a>&#x000A;SUBJECT: \
(C) A TEST SUBJECT &#x000A;THAT CONTINUES &#x000A;&#x000A;Classified By: Someone. &#x000A;&#x000A;\
<a id='par1' href='#par1'>¶</a>1. (C) The first paragraph &amp; more. &#x000A;&#x000A;\
<a id='par2' href='#par2'>¶</a>2. (C) The second paragraph. &#x1b;[31mred&#x000A;</pre></code>
</div></div></body></html>
"""


def csv_row(*fields: str) -> str:
    return ",".join('"' + field.replace("\\", "\\\\").replace('"', '\\"') + '"' for field in fields)


def cable_row(number: int, ref_id: str, body: str, created: str = "03/12/2009 21:09") -> str:
    return csv_row(str(number), created, ref_id, "Embassy Lima", "SECRET", "", "HEADER", body)


# --------------------------------------------------------------------------------------------
# decode_bytes
# --------------------------------------------------------------------------------------------


class TestDecode:
    def test_utf8_bom(self) -> None:
        assert decode_bytes("\ufeffCafé “quoted”".encode()) == "Café “quoted”"

    @pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
    def test_utf16_with_bom(self, codec: str) -> None:
        data = "\ufeffFernández said “yes”\r\nsecond line".encode(codec)
        assert decode_bytes(data) == "Fernández said “yes”\nsecond line"

    def test_cp1252_smart_quotes_and_accents(self) -> None:
        data = "“Smart quotes” – café, Fernández, naïve …".encode("cp1252")
        assert decode_bytes(data) == "“Smart quotes” – café, Fernández, naïve …"

    def test_short_latin1_text_is_not_mistaken_for_another_codepage(self) -> None:
        assert decode_bytes("naïve résumé".encode("latin-1")) == "naïve résumé"

    def test_cyrillic_legacy_codepage_is_detected(self) -> None:
        text = "Посольство США сообщило о встрече с министром обороны."
        assert decode_bytes(text.encode("cp1251")) == text

    def test_mojibake_repaired(self) -> None:
        data = "FernÃ¡ndez said Latin Americaâ€™s police".encode()
        assert decode_bytes(data) == "Fernández said Latin America’s police"

    def test_mojibake_repair_is_conservative(self) -> None:
        # Curly quotes stay curly, decomposed accents stay decomposed, entities stay entities.
        text = "“Quoted” cafe\u0301 &amp; FernÃ¡ndez"
        assert decode_bytes(text.encode()) == "“Quoted” cafe\u0301 &amp; Fernández"
        clean = "Ángel Ñandú ¡Olé! «Hola» déjà vu"
        assert decode_bytes(clean.encode()) == clean

    def test_newlines_normalised(self) -> None:
        assert decode_bytes(b"a\r\nb\rc\nd\xe2\x80\xa8e") == "a\nb\nc\nd\ne"

    def test_ansi_sequences_removed_whole(self) -> None:
        data = (
            b"red \x1b[31;1mALERT\x1b[0m done\x1b]0;window title\x07 ok \x1b]8;;http://x\x1b\\link"
            b"\x1b]8;;\x1b\\ \x1b(B\x1b7end\tTAB\x07\x08\x7f\n"
        )
        text = decode_bytes(data)
        assert text == "red ALERT done ok link end\tTAB\n"
        assert "\x1b" not in text and "[31" not in text and "window title" not in text

    def test_c1_controls_removed(self) -> None:
        assert decode_bytes("a\u009b31mb\u0085c".encode()) == "a31mbc"

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b"", "empty file"),
            (b"   \n\t\r\n  ", "empty file (only whitespace)"),
            ("\ufeff  \n".encode("utf-16-le"), "empty file (only whitespace)"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (not text: PNG image)"),
            (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary file (not text: PDF)"),
            (b"text with a \x00 NUL byte", "binary file (not text)"),
            (bytes(range(1, 9)) * 40 + b"abc", "binary file (not text)"),
            (b"\xff\xfe\x00\xd8a\x00", "not valid UTF-16"),
        ],
    )
    def test_rejected(self, data: bytes, reason: str) -> None:
        with pytest.raises(IngestError) as info:
            decode_bytes(data)
        assert str(info.value) == reason


# --------------------------------------------------------------------------------------------
# Text and Markdown
# --------------------------------------------------------------------------------------------


class TestText:
    def test_front_matter(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "a.md",
            '---\ntitle: "Cable shows army ties"\noutlet: Andean Monitor\nauthor: Jane Doe\n'
            "date: 13 December 2010\nurl: https://example.org/a\n---\n\n"
            "The embassy in Lima reported on the army and its ties to traffickers in the VRAE.\n",
        )
        doc = one_document(path)
        assert (doc.kind, doc.title, doc.outlet, doc.byline, doc.date, doc.url) == (
            "article",
            "Cable shows army ties",
            "Andean Monitor",
            "Jane Doe",
            "2010-12-13",
            "https://example.org/a",
        )
        assert doc.body.startswith("The embassy in Lima")
        assert "---" not in doc.body and "outlet:" not in doc.body

    def test_front_matter_list_of_authors_and_plain_text(self) -> None:
        meta, rest = split_front_matter("---\nauthors:\n  - Ana Ruiz\n  - Luis Soto\n---\nBody")
        assert meta == {"byline": "Ana Ruiz, Luis Soto"} and rest == "Body"
        assert split_front_matter("--- not front matter\nx") == ({}, "--- not front matter\nx")

    def test_markdown_title_and_markup(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "b.markdown",
            "# Peru's *army* and the [VRAE](https://example.org/vrae)\n\n"
            'The **cable** from [Lima](https://example.org/lima "Lima") says _senior officers_'
            " took bribes; see `09LIMA345` and snake_case_name, 5 * 3 * 2, \\*stars\\*.\n\n"
            "> A second paragraph quoted from the cable, with a full stop at its end.\n\n"
            "Subtitle\n--------\n\nThe last paragraph names Edwin Donayre, the army commander.\n",
        )
        doc = one_document(path)
        assert doc.title == "Peru's army and the VRAE"
        assert doc.body.startswith("Peru's army and the VRAE\n\nThe cable from Lima says")
        assert (
            "senior officers took bribes; see 09LIMA345 and snake_case_name, 5 * 3 * 2, *stars*."
            in doc.body
        )
        assert "\nA second paragraph quoted" in doc.body
        assert "Subtitle" in doc.body
        for markup in ("#", "**", "](", "_senior", "`", "> ", "---"):
            assert markup not in doc.body

    def test_markdown_to_text_reports_heading_lines(self) -> None:
        text, headings = markdown_to_text("intro\n\n## Section *one*\ntext\nTitle\n=====")
        assert text.split("\n") == ["intro", "", "Section one", "text", "Title", ""]
        assert headings == {2, 4}

    def test_title_front_matter_beats_heading(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "c.md",
            "---\ntitle: From front matter\n---\n# From heading\n\n"
            "A paragraph of article text that ends like a sentence does.\n",
        )
        assert one_document(path).title == "From front matter"

    def test_saved_web_text_rules(self, tmp_path: Path) -> None:
        doc = one_document(write(tmp_path, "saved.txt", SAVED_WEB_TEXT))
        assert doc.title == "Peru's police asked FBI for help, cable shows"
        assert (doc.byline, doc.date) == ("Jane Doe", "2010-12-14")
        assert doc.body.startswith("Peru's police asked FBI for help, cable shows\n")
        assert doc.body.endswith("paid local gangs for protection.")
        assert '"We need their intelligence to follow the money,"' in doc.body
        for junk in (
            "Skip to",
            "Home |",
            "Subscribe",
            "Share this",
            "Read more",
            "Advertisement",
            "Tags",
            "You might",
            "Humberto Ochoa",
            "cut short",
            "Comments",
            "John Smith",
            "All rights reserved",
        ):
            assert junk not in doc.body, junk

    def test_spanish_breadcrumb_and_markers(self, tmp_path: Path) -> None:
        doc = one_document(write(tmp_path, "nota.txt", SPANISH_WEB_TEXT))
        assert doc.title == "Cable revela pagos a militares en el VRAE"
        assert (doc.date, doc.byline) == ("2010-12-13", "Rosa Huamán")
        assert doc.body.startswith("Cable revela pagos a militares en el VRAE\n")
        assert doc.body.endswith("a las consultas de este diario.")
        for junk in (
            "Inicio",
            "POLÍTICA",
            "útil",
            "Comparte",
            "relacionados",
            "Ernesto Salas",
            "Deja un",
            "correo",
        ):
            assert junk not in doc.body, junk

    def test_title_falls_back_to_first_paragraph(self, tmp_path: Path) -> None:
        text = (
            "The ambassador met the defence minister on Tuesday to discuss the operation in "
            "the valley, which the army has called a success despite heavy losses.\n"
        )
        doc = one_document(write(tmp_path, "plain.text", text))
        assert doc.title.endswith("…") and doc.title.startswith("The ambassador met")
        assert doc.body == text.strip()

    def test_control_characters_stripped_from_text_files(self, tmp_path: Path) -> None:
        data = (
            b"Title of the piece\n\nThe \x1b[2J\x1b[Hcable\x07 says the \x1b]0;pwned\x07army "
            b"took bribes from traffickers in the valley.\r\n"
        )
        doc = one_document(write(tmp_path, "esc.txt", data))
        expected = "The cable says the army took bribes from traffickers in the valley."
        assert doc.body == "Title of the piece\n\n" + expected
        assert not CONTROL_RE.search(doc.body) and not CONTROL_RE.search(doc.title)

    def test_markup_like_text_is_kept_as_text(self, tmp_path: Path) -> None:
        text = "A headline with [@click=app.quit] in it\n\nIt says [bold]not markup[/bold] here.\n"
        doc = one_document(write(tmp_path, "markup.txt", text))
        assert "[@click=app.quit]" in doc.title and "[bold]not markup[/bold]" in doc.body


# --------------------------------------------------------------------------------------------
# Boilerplate rules
# --------------------------------------------------------------------------------------------


class TestBoilerplateRules:
    def test_prose(self) -> None:
        assert bp.is_prose("The army allocates fuel to the posts, the cable says.")
        assert bp.is_prose("“Peru is interested in working with the FBI… just as Mexico does.”")
        assert not bp.is_prose("Sharing is caring!")
        assert not bp.is_prose("Paraguay has launched the biggest operation against cocaine…")
        assert not bp.is_prose("View InSight News Maps in a larger map")

    @pytest.mark.parametrize(
        "line",
        [
            "Related Content",
            "Leave a Reply",
            "Sharing is caring!",
            "Was this content helpful?",
            "DONATE",
            "Share this:",
            "Tags: Peru, FBI",
            "About the author",
            "Artículos relacionados",
            "Deja un comentario",
            "Noticias relacionadas",
            "Suscríbete",
            "12 Comments",
            "You may also like",
            "About InSight Crime",
            "Leia também",
            "WORK WITH US",
        ],
    )
    def test_closing_markers(self, line: str) -> None:
        assert bp.is_closing_marker(line)

    @pytest.mark.parametrize(
        "line",
        [
            "About 200 people attended the protest in Lima.",
            "Related to the case, he said more.",
            "Comments by the minister were reported widely in the press on Monday.",
        ],
    )
    def test_not_closing_markers(self, line: str) -> None:
        assert not bp.is_closing_marker(line)

    def test_marker_early_in_the_article_does_not_end_it(self) -> None:
        paragraph = "The cable describes payments to officers by traffickers in the valley."
        lines = [
            "A headline about the cable",
            "",
            paragraph,
            "",
            "Related",
            "",
            paragraph,
            "",
            paragraph,
            "",
            paragraph,
            "",
            "Leave a Reply",
            "",
            "Nice article, thanks.",
        ]
        cleaned = bp.clean_article(lines)
        assert cleaned.headline == "A headline about the cable"
        assert cleaned.body.count(paragraph) == 4
        assert "Related" not in cleaned.body and "Leave a Reply" not in cleaned.body
        assert "Nice article" not in cleaned.body

    def test_hard_wrapped_paragraphs_are_units(self) -> None:
        lines = [
            "Cable shows payments to officers",
            "",
            "The cable describes payments to officers by traffickers who operate",
            "in the valley and who also run a fish-packing operation at the",
            "port, the document says.",
            "",
            "Share this",
        ]
        cleaned = bp.clean_article(lines)
        assert cleaned.headline == "Cable shows payments to officers"
        assert cleaned.body.endswith("at the\nport, the document says.")

    def test_breadcrumb_line_is_dropped(self) -> None:
        lines = [
            "HomeNewsAnalysisPeru Army Linked to Drug Trafficking",
            "ANALYSIS",
            "",
            "Peru Army Linked to Drug Trafficking",
            "",
            "A cable from Lima chronicles a long history of army involvement in the trade.",
        ]
        cleaned = bp.clean_article(lines)
        assert cleaned.headline == "Peru Army Linked to Drug Trafficking"
        assert cleaned.body.startswith("Peru Army Linked to Drug Trafficking\n\nA cable")


# --------------------------------------------------------------------------------------------
# Article HTML
# --------------------------------------------------------------------------------------------


class TestArticleHtml:
    def test_wordpress_page(self, tmp_path: Path) -> None:
        doc = one_document(write(tmp_path, "page.html", WORDPRESS_PAGE))
        assert (doc.kind, doc.title, doc.outlet, doc.byline, doc.date) == (
            "article",
            "Leaked cable details port smuggling route",
            "Andean Monitor",
            "Maria Quispe",
            "2011-02-14",
        )
        assert doc.url == "https://andeanmonitor.example/2011/02/leaked-cable-port-route/"
        assert doc.body.startswith(
            "Leaked cable details port smuggling route\n\nA diplomatic cable"
        )
        assert "shipping agent named Ramiro Valdivieso moved cocaine" in doc.body
        for kept in (
            "“a fixed monthly fee”",
            "prosecutor's office",
            "A long history",
            "Elena Torres, a former customs officer.",
        ):
            assert kept in doc.body, kept
        for junk in (
            "Skip to",
            "Home",
            "Investigations",
            "Share on",
            "Tweet",
            "Advertisement",
            "Customs chief",
            "Navy seizes",
            "Tags",
            "Jorge Salinas",
            "thoughts on",
            "Leave a Reply",
            "email address",
            "Newsletter",
            "Carlos Mendez",
            "All rights reserved",
            "Creative Commons",
            "dataLayer",
            "color: red",
            "ad slot",
        ):
            assert junk not in doc.body, junk

    def test_div_soup_page_with_json_ld(self, tmp_path: Path) -> None:
        doc = one_document(write(tmp_path, "nota.htm", DIV_SOUP_PAGE))
        assert (doc.title, doc.outlet, doc.byline, doc.date, doc.url) == (
            "Cable revela pagos a militares en el VRAE",
            "Diario del Sur",
            "Rosa Huamán",
            "2010-12-13",
            "https://diariodelsur.example/politica/cable-vrae",
        )
        assert doc.body.startswith("Cable revela pagos a militares en el VRAE\n")
        assert "«los militares controlan al menos una ruta» en la zona de Cayramayo." in doc.body
        assert doc.body.endswith(
            "El Ministerio de Defensa no respondió a las consultas de este diario."
        )
        for junk in (
            "Inicio",
            "POLÍTICA",
            "Comparte",
            "Noticias relacionadas",
            "Gobierno amplía",
            "Fiscalía",
            "Deja un",
            "correo",
            "Alianza Lima",
            "derechos reservados",
        ):
            assert junk not in doc.body, junk

    def test_title_from_title_tag_without_site_suffix(self, tmp_path: Path) -> None:
        html = (
            "<html><head><title>Army tied to traffickers | The Courier</title>"
            "<meta property='og:site_name' content='The Courier'></head><body><div>"
            "<p>The army was tied to traffickers, a cable released on Monday says.</p>"
            "</div></body></html>"
        )
        doc = one_document(write(tmp_path, "t.html", html))
        assert doc.title == "Army tied to traffickers" and doc.outlet == "The Courier"

    def test_site_logo_h1_is_not_the_headline(self, tmp_path: Path) -> None:
        html = (
            "<html><head><meta property='og:title' content='Army tied to traffickers, cable says'>"
            "<meta property='og:site_name' content='The Courier'></head><body>"
            "<h1 class='site-title'>The Courier</h1><div class='story'><p>The army was tied to "
            "traffickers, a cable released on Monday says.</p></div></body></html>"
        )
        doc = one_document(write(tmp_path, "logo.html", html))
        assert doc.title == "Army tied to traffickers, cable says"
        assert doc.body == (
            "Army tied to traffickers, cable says\n\n"
            "The army was tied to traffickers, a cable released on Monday says."
        )

    def test_html_entities_cannot_smuggle_escape_sequences(self, tmp_path: Path) -> None:
        html = (
            "<html><head><title>Escapes &#x1b;]0;pwned&#x07; here</title></head><body>"
            "<article><h1>Escapes &#27;[31mhere</h1><p>The cable &#x1b;[2Jsays the army "
            "took bribes&#x9b;1m from traffickers in the valley.</p></article></body></html>"
        )
        doc = one_document(write(tmp_path, "e.html", html))
        for value in (doc.title, doc.body):
            assert not CONTROL_RE.search(value)
        assert "took bribes" in doc.body

    def test_html_in_non_utf8_encoding_uses_meta_charset(self, tmp_path: Path) -> None:
        html = (
            "<html><head><meta charset='windows-1252'><title>Fernández habla</title></head>"
            "<body><p>El general Fernández dijo que “no habrá” cambios en la política.</p>"
            "</body></html>"
        )
        doc = one_document(write(tmp_path, "w.html", html.encode("cp1252")))
        assert doc.title == "Fernández habla" and "“no habrá”" in doc.body

    def test_page_without_text(self, tmp_path: Path) -> None:
        with pytest.raises(IngestError, match="no article text"):
            list(
                iter_documents(
                    write(tmp_path, "empty.html", "<html><body><nav>Home</nav></body></html>")
                )
            )


# --------------------------------------------------------------------------------------------
# Cables: cablegate pages and cables.csv
# --------------------------------------------------------------------------------------------


class TestCables:
    def test_cablegate_page(self, tmp_path: Path) -> None:
        path = write(tmp_path, "10TESTPOST77.html", CABLEGATE_PAGE)
        doc = one_document(path)
        assert (doc.kind, doc.source, doc.ref_id, doc.date, doc.origin, doc.classification) == (
            "cable",
            str(path),
            "10TESTPOST77",
            "2010-01-05T14:03",
            "Embassy Testville",
            "CONFIDENTIAL",
        )
        assert doc.subject == "(C) A TEST SUBJECT THAT CONTINUES"
        assert doc.title == "A TEST SUBJECT THAT CONTINUES"
        assert doc.body.startswith("C O N F I D E N T I A L TESTVILLE 000077 \n\nE.O. 12958")
        assert "TAGS: PGOV XX\n" in doc.body
        assert (
            "\n1. (C) The first paragraph & more. \n\n2. (C) The second paragraph. red\n"
            in doc.body
        )
        assert "¶" not in doc.body and "VZCZC" not in doc.body and "\x1b" not in doc.body

    def test_cables_csv(self, tmp_path: Path) -> None:
        body = (
            "S E C R E T LIMA 000345 \n\nSUBJECT: ALLEGED ARMY CORRUPTION -- A \nPERSPECTIVE \n"
            '\nREF: A. LIMA 1865 \n\n1. (S/NF) He said "payoffs" and C:\\temp. \n'
        )
        rows = [
            cable_row(1, "09LIMA345", body),
            cable_row(2, "09LIMA346", "No subject line here.\n", created="12/31/2009 23:59"),
        ]
        path = write(tmp_path, "cables.csv", "\r\n".join(rows) + "\r\n")
        first, second = documents(path)
        assert first.source == f"{path}#09LIMA345" and first.source.endswith("cables.csv#09LIMA345")
        assert (first.kind, first.ref_id, first.date, first.origin, first.classification) == (
            "cable",
            "09LIMA345",
            "2009-03-12T21:09",
            "Embassy Lima",
            "SECRET",
        )
        assert first.subject == first.title == "ALLEGED ARMY CORRUPTION -- A PERSPECTIVE"
        assert first.body == body
        assert (second.title, second.subject, second.date) == (
            "09LIMA346",
            None,
            "2009-12-31T23:59",
        )

    def test_bad_rows_are_reported_and_the_rest_kept(self, tmp_path: Path) -> None:
        rows = [
            cable_row(1, "09LIMA1", "Body one.\n"),
            csv_row("2", "03/12/2009 21:09", "09LIMA2", "Embassy Lima", "SECRET"),
            cable_row(3, "not-a-ref", "Body three.\n"),
            cable_row(4, "09LIMA4", "   \n"),
            cable_row(5, "09LIMA5", "Body five.\n"),
        ]
        items = list(iter_documents(write(tmp_path, "cables.csv", "\n".join(rows) + "\n")))
        assert [type(item).__name__ for item in items] == [
            "ParsedDocument",
            "IngestError",
            "IngestError",
            "IngestError",
            "ParsedDocument",
        ]
        errors = [item for item in items if isinstance(item, IngestError)]
        assert [str(error) for error in errors] == [
            "row 2: 5 columns, expected 8",
            "row 3: 'not-a-ref' is not a cable reference id",
            "row 4: 09LIMA4 has an empty body",
        ]
        assert [error.row for error in errors] == [2, 3, 4]

    def test_header_row_is_skipped(self, tmp_path: Path) -> None:
        header = csv_row(
            "id", "date", "refid", "origin", "classification", "destination", "header", "body"
        )
        path = write(tmp_path, "with_header.csv", header + "\n" + cable_row(1, "09LIMA1", "B.\n"))
        assert [doc.ref_id for doc in documents(path)] == ["09LIMA1"]

    @pytest.mark.parametrize(
        ("content", "detail"),
        [
            ("name,age\nAna,31\n", "first row has 2 columns, expected 8"),
            (
                csv_row("1", "x", "hello", "o", "c", "", "h", "b"),
                "'hello' is not a cable reference id",
            ),
        ],
    )
    def test_csv_in_another_layout(self, tmp_path: Path, content: str, detail: str) -> None:
        with pytest.raises(IngestError) as info:
            list(iter_documents(write(tmp_path, "other.csv", content)))
        assert str(info.value).startswith("CSV is not in the cables.csv layout (")
        assert detail in str(info.value)

    def test_cables_layout_is_sniffed_by_content(self, tmp_path: Path) -> None:
        path = write(tmp_path, "export.txt", cable_row(1, "09LIMA1", "Body.\n"))
        assert [doc.source for doc in documents(path)] == [f"{path}#09LIMA1"]


# --------------------------------------------------------------------------------------------
# Files and sniffing
# --------------------------------------------------------------------------------------------


class TestFiles:
    def test_iter_files_order_and_filters(self, tmp_path: Path) -> None:
        write(tmp_path, "corpus/html/09LIMA345.html", "x")
        write(tmp_path, "corpus/cables.csv", "x")
        write(tmp_path, "corpus/b.md", "x")
        write(tmp_path, "corpus/A.txt", "x")
        write(tmp_path, "corpus/photo.jpg", "x")
        write(tmp_path, "corpus/.hidden.txt", "x")
        write(tmp_path, "corpus/.git/notes.txt", "x")
        write(tmp_path, "corpus/sub/z.htm", "x")
        loose = write(tmp_path, "loose.data", "x")
        found = list(iter_files([tmp_path / "corpus", loose, tmp_path / "corpus" / "b.md"]))
        assert [str(path.relative_to(tmp_path)) for path in found] == [
            "corpus/A.txt",
            "corpus/b.md",
            "corpus/cables.csv",
            "corpus/html/09LIMA345.html",
            "corpus/sub/z.htm",
            "loose.data",
        ]

    def test_missing_path(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            list(iter_files([tmp_path / "nope"]))

    def test_supported_suffixes(self) -> None:
        assert {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".csv"} == SUPPORTED_SUFFIXES

    def test_unknown_suffix_is_sniffed(self, tmp_path: Path) -> None:
        text = "A headline for the piece\n\nThe cable says the army took bribes from traffickers.\n"
        assert one_document(write(tmp_path, "note.data", text)).title == "A headline for the piece"
        with pytest.raises(IngestError, match="binary file"):
            list(iter_documents(write(tmp_path, "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")))

    def test_html_saved_as_text_is_html(self, tmp_path: Path) -> None:
        assert sniff_format("<!DOCTYPE html><html><body>", ".txt") == "html"
        doc = one_document(write(tmp_path, "saved.txt", WORDPRESS_PAGE))
        assert doc.outlet == "Andean Monitor"

    def test_unreadable(self, tmp_path: Path) -> None:
        with pytest.raises(IngestError, match="folder"):
            list(iter_documents(tmp_path))
        with pytest.raises(IngestError, match="empty file"):
            list(iter_documents(write(tmp_path, "empty.txt", b"")))

    def test_no_textual_import(self) -> None:
        code = (
            "import sys, reader.ingest, reader.ingest.parse; "
            "sys.exit(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
        )
        assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


# --------------------------------------------------------------------------------------------
# Real data (../shared/data)
# --------------------------------------------------------------------------------------------

SEED_TITLES = {
    "000_282738029e04aca8.txt": "WikiLeaks: Peru Army Linked to Drug Trafficking",
    "003_2ae2b84cfdc96f55.txt": (
        "Wikileaks: Peru’s counter-drug unit sought FBI support to tackle growing Mexican"
        " cartel influence"
    ),
}
SEED_BOILERPLATE = [
    "HomeNews",
    "ANALYSIS\n",
    "View InSight News Maps",
    "share icon",
    "Was this content helpful",
    "We want to sustain",
    "DONATE",
    "What are your thoughts",
    "Creative Commons",
    "Related Content",
    "About InSight Crime",
    "WORK WITH US",
    "Open Position",
    "GivingTuesday",
    "THE ORGANIZATION",
    "Alessandro Ford",
    "Jeremy McDermott",
    "Steven Dudley",
    "Paraguay",
    "Álvaro Colom",
    "Sharing is caring",
    "Leave a Reply",
    "Your email address",
]


@pytest.fixture(scope="module")
def seed_gold(shared_data: Path) -> dict[str, dict[str, object]]:
    gold = json.loads((shared_data / "seeds-gold.json").read_text(encoding="utf-8"))
    return gold["docs"]


class TestSeeds:
    @pytest.mark.parametrize("name", sorted(SEED_TITLES))
    def test_seed(
        self, shared_data: Path, seed_gold: dict[str, dict[str, object]], name: str
    ) -> None:
        doc = one_document(shared_data / "seeds" / name)
        assert doc.kind == "article" and doc.title == SEED_TITLES[name]
        assert doc.body.startswith(SEED_TITLES[name] + "\n")
        for junk in SEED_BOILERPLATE:
            assert junk not in doc.body, junk
        gold = seed_gold[name]
        mentions = gold["mentions"]
        assert isinstance(mentions, list)
        for mention in mentions:
            assert mention["text"] in doc.body, mention["text"]

    def test_seed_metadata(self, shared_data: Path) -> None:
        doc = one_document(shared_data / "seeds" / "000_282738029e04aca8.txt")
        assert doc.date == "2010-12-13"
        assert doc.outlet == "InSight Crime"
        assert doc.body.endswith(
            'the payoffs from drug traffickers are too profitable," the cable says.'
        )

    def test_seed_bodies_have_no_unannotated_capitalised_names_in_the_tail(
        self, shared_data: Path, seed_gold: dict[str, dict[str, object]]
    ) -> None:
        # Every capitalised multi-word name left in the body is annotated (or a sentence start).
        for name, gold in seed_gold.items():
            doc = one_document(shared_data / "seeds" / name)
            allowed = {m["text"] for m in gold["mentions"]} | set(gold["optional"])  # type: ignore[union-attr,index]
            last = doc.body.split("\n")[-1]
            for candidate in re.findall(r"[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+)+", last):
                assert any(candidate in a or a in candidate for a in allowed), candidate


@pytest.fixture(scope="module")
def csv_documents(shared_data: Path) -> tuple[list[ParsedDocument | IngestError], float]:
    start = time.perf_counter()
    items = list(iter_documents(shared_data / "cables" / "cables.csv"))
    return items, time.perf_counter() - start


class TestRealCables:
    def test_cables_csv(
        self, csv_documents: tuple[list[ParsedDocument | IngestError], float]
    ) -> None:
        items, seconds = csv_documents
        assert len(items) == 6712
        assert all(isinstance(item, ParsedDocument) for item in items)
        assert seconds < 8, f"cables.csv took {seconds:.1f} s"

    def test_09lima345(
        self, shared_data: Path, csv_documents: tuple[list[ParsedDocument | IngestError], float]
    ) -> None:
        docs = {d.ref_id: d for d in csv_documents[0] if isinstance(d, ParsedDocument)}
        doc = docs["09LIMA345"]
        assert doc.source == f"{shared_data / 'cables' / 'cables.csv'}#09LIMA345"
        assert doc.source.endswith("cables.csv#09LIMA345")
        assert (doc.kind, doc.date, doc.origin, doc.classification, doc.subject, doc.title) == (
            "cable",
            "2009-03-12T21:09",
            "Embassy Lima",
            "SECRET//NOFORN",
            "ALLEGED ARMY CORRUPTION -- A PERSPECTIVE",
            "ALLEGED ARMY CORRUPTION -- A PERSPECTIVE",
        )
        assert doc.body.startswith("S E C R E T LIMA 000345")
        assert docs["09LIMA1667"].subject == (
            "Peru Signs Counternarcotics Information Sharing Agreement with Mexico"
        )

    def test_cablegate_pages_match_csv(
        self, shared_data: Path, csv_documents: tuple[list[ParsedDocument | IngestError], float]
    ) -> None:
        docs = {d.ref_id: d for d in csv_documents[0] if isinstance(d, ParsedDocument)}
        pages = sorted((shared_data / "cables" / "html").glob("*.html"))
        assert pages
        for page in pages:
            doc = one_document(page)
            assert doc.kind == "cable" and doc.source == str(page) and "¶" not in doc.body
            row = docs[doc.ref_id]
            assert doc.body.split() == row.body.split(), page.name
            assert (doc.date, doc.origin, doc.classification, doc.subject, doc.title) == (
                row.date,
                row.origin,
                row.classification,
                row.subject,
                row.title,
            )
            assert doc.content_hash == row.content_hash
        page = one_document(shared_data / "cables" / "html" / "09LIMA345.html")
        assert page.body == docs["09LIMA345"].body


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("13 DEC 2010", "2010-12-13"),
        ("December 13, 2010", "2010-12-13"),
        ("13 de diciembre de 2010", "2010-12-13"),
        ("13 de setiembre del 2010", "2010-09-13"),
        ("13 out 2010", "2010-10-13"),
        ("13 de março de 2011", "2011-03-13"),
        ("13 de marco de 2011", "2011-03-13"),
        ("1 février 2011", "2011-02-01"),
        ("1 fevr. 2011", "2011-02-01"),
        ("13 août 2010", "2010-08-13"),
        ("13 notamonth 2010", None),
    ],
)
def test_dateline_dates_in_four_languages(line, iso):
    assert find_date(line) == iso


def test_page_furniture_is_no_headline() -> None:
    from reader.ingest.boilerplate import is_headline_like

    for line in ("| 12/10/2010 12:00:00 AM", "- Global Voices - https://globalvoices.org -",
                 "- Source : Embassy Lima", "Fuente: Embajada de Lima",
                 "C O N F I D E N T I A L LIMA 000543"):
        assert not is_headline_like(line), line
    assert is_headline_like("Secret plans of the Lima embassy revealed today")
    assert is_headline_like("WikiLeaks: el embajador vio a Chávez como una amenaza")


@pytest.mark.parametrize("line, iso", [
    ("| 12/10/2010 12:00:00 AM", "2010-12-10"),  # a 12-hour clock: month first
    ("jueves, 2 de diciembre de 2010", "2010-12-02"),
    ("11 dez 2010 - 12h01", "2010-12-11"),
    ("Monday, January 10, 2011", "2011-01-10"),
    ("mardi 7 décembre 2010", "2010-12-07"),
    ("03/04/2010", None),  # day first or month first: no guess
])
def test_datelines_in_four_languages(line: str, iso: str | None) -> None:
    from reader.ingest.dates import find_date

    assert find_date(line) == iso


def test_a_reprinted_cable_is_dated_by_its_date_time_group_not_its_declassification() -> None:
    from reader.ingest.text import parse_text_document

    text = ("Leaked: the embassy on the port strike\n\n"
            "E.O. 12958: DECL: 12/19/2018\n"
            "P 191710Z DEC 08\n\n"
            "The embassy reported that the port strike in the north of the country had "
            "ended after two weeks, and that the unions had won most of what they asked for.\n")
    doc = parse_text_document(text, "reprint.txt", markdown=False)
    assert doc.date == "2008-12-19"
