"""Sentence starts in Spanish, Portuguese and French: a common word of the text's language
with a capital letter is not a name; the language is told from the text itself."""

from __future__ import annotations

import pytest

from reader.extract import extract
from reader.text.language import language_of


@pytest.mark.parametrize("text, language", [
    ("The embassy said that the minister was in Lima with the ambassador.", "en"),
    ("La embajada dijo que el ministro estaba en Lima con los asesores del presidente.", "es"),
    ("A embaixada disse que o ministro não estava em Brasília com os assessores.", "pt"),
    ("L'ambassade a dit que le ministre est dans la capitale avec les conseillers.", "fr"),
    ("", "en"),
])
def test_the_language_of_a_text(text, language):
    assert language_of(text) == language


@pytest.mark.parametrize("text, word, name", [
    ("Así lo dijo el presidente Álvaro Uribe en Bogotá, según el cable.", "Así",
     "Álvaro Uribe"),
    ("Nada indica que Hugo Chávez conociera el cable de la embajada.", "Nada", "Hugo Chávez"),
    ("Segundo o telegrama, o presidente Lula da Silva não sabia de nada.", "Segundo",
     "Lula da Silva"),
    ("Selon le câble, Nicolas Sarkozy ne savait rien de cette affaire.", "Selon",
     "Nicolas Sarkozy"),
])
def test_a_common_word_at_a_sentence_start_is_not_a_name(text, word, name):
    found = {m.text for m in extract(text).mentions}
    assert word not in found
    assert any(name in t for t in found), found


def test_english_texts_read_as_before():
    text = "Course materials were sent. Ambassador P. Michael McKinley met Alan Garcia."
    found = {m.text for m in extract(text).mentions}
    assert "Course" not in found
    assert {"P. Michael McKinley", "Alan Garcia"} <= found
