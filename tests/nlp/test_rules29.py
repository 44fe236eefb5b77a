"""Rules, usertest23 H1 (issue 10): a he/she speaker's ``speaker_ref`` never goes to a person of
the other gender. Invented sentences.

1. a kin noun before "of" is the other person's: "the wife of Darius Kemal" made Kemal a woman
   (the title window read "wife"), so a later "she" got him; now "wife of" / "husband of" give
   the spouse's gender and "the son of" none (``person_gender.genders``);
2. the noun a name is set off after gives its gender ("a woman, Sam Okoro,");
3. a he/she subject later in a name's own sentence that no other person can be ("... as blogs
   that reported she was seized") gives a name of unknown gender (unisex or unlisted first
   name, lone surname) that gender, unless the name's verb reports that clause ("Chief Dana
   Holt said he was arrested": he is someone else) (``person_gender._later_pronouns``).
With no compatible candidate the pronoun gets no ref: a missing ref is better than a wrong one.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _refs(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    return [(text[q.speaker[0] : q.speaker[1]], q.speaker_ref) for q in suggest_quotes(trained(text), text=text)
            if q.speaker and text[q.speaker[0] : q.speaker[1]].lower() in ("he", "she")]


@pytest.mark.parametrize(("text", "refs"), [
    # the usertest's shape: "she" is the woman, not her husband
    ("Officers said they detained a woman thought to be the wife of Darius Kemal, the militia chief. They said she "
     "carried false papers and had herself insisted that she was the militia chief's wife.", [("she", None)]),
    # the FNC-1 row's shape: "he" is the volunteer, not the woman the quote is about
    ("Officials on Monday denied that Canadian-Briton Lee Varga, 29, had been near the border town, as claimed by "
     "several blogs that reported she was seized by gunmen there.\n\nA Dutch volunteer who serves with the militia "
     'told a radio station that Varga was not near the town. "She was never near that town, it is not possible '
     'that she was seized," he said.', [("he", None)]),
    ('Reporters met the husband of Chris Navarro at the gate. He said: "My wife is safe."', [("He", None)]),
    ('Reporters met the wife of Chris Navarro at the gate. He said: "My wife is safe."', [("He", "Chris Navarro")]),  # was None: 'wife' made Chris a woman
    ('Reporters met the husband of Chris Navarro at the gate. She said: "My husband is calm."', [("She", "Chris Navarro")]),
    ('Officers questioned a woman, Sam Okoro, near the bridge. "I saw the car," he said.', [("he", None)]),
    ("Officials said Jordan Pike, 40, had left the country before a court found she was wanted for fraud. "
     '"That is false," he told reporters.', [("he", None)]),
])
def test_a_pronoun_never_gets_a_person_of_the_other_gender(trained, text, refs):
    assert _refs(trained, text) == refs


@pytest.mark.parametrize(("text", "refs"), [
    # were right, stay right
    ('Chief Dana Holt said he was arrested on Friday. Later Holt added: "The case is closed."\n\n'
     'Asked again, she said: "We are done."', [("she", "Dana Holt")]),
    ('Mrs Kale met the prince at noon. "It went well," he said.', [("he", None)]),
    ('Mr Tanaka met the envoy on Friday. "We agreed on the plan," she said.', [("she", None)]),
    ('Kim Pardo visited his wife in hospital. "She is stronger," he said.', [("he", "Kim Pardo")]),
    ('Robin Vance said her brother had left. "He took the train," she said.', [("she", "Robin Vance")]),
])
def test_a_pronoun_of_the_names_gender_stays(trained, text, refs):
    assert _refs(trained, text) == refs
