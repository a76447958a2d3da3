"""Opinion without opinion words: rhetorical moves a rewrite adds (issue 15).

A sentence the writer adds can judge without a single loaded word: irony ("Naturally, the board
found the money for its own pay rise"), insinuation ("apparently", "it is said"), an appeal to
unnamed crowds ("Many feel"), a rhetorical question, a moral verdict, a loaded summary of the
story, a prophecy of doom, or a call to act. Each cue below names its kind. Cues inside quotation
marks are someone else's words and do not count. Built on the dev half of tests/fixtures/opinion.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_CROWD = (r"(?:many|most|some|few|plenty of|countless|a growing number of|everyone|nobody|critics|observers|"
          r"opponents|campaigners|commentators|experts|locals|residents|people|taxpayers|voters|parents|"
          r"fans|the public)")
_CROWD_VERB = (r"(?:say|says|feel|feels|believe|believes|argue|argues|fear|fears|think|thinks|wonder|"
               r"know|knows|agree|agrees|warn|warns|see|sees|question|questioned|are asking|have branded|"
               r"will find|will see|will wonder|have long questioned|suspect)")

_CUES = {
    "sarcasm": [
        r"^\s*(?:naturally|of course|clearly|surely|needless to say)\b,?",
        r"\bwhat a (?:surprise|shock|coincidence)\b", r"\bwho could have (?:guessed|known|predicted)\b",
        r"^\s*congratulations to\b", r"\b(?:truly|such) (?:a |an )?(?:bold|masterclass|triumph|genius|brilliant)\b",
        r"\b(?:another|yet another) (?:triumph|genius|masterpiece|stroke of genius|brilliant)\b",
        r"\bhow (?:generous|kind|thoughtful|convenient|brave)\b", r"\bever the (?:champion|friend|defender)\b",
        r"\bin a (?:stunning|remarkable|dazzling) display of\b", r"\bnothing (?:says|reassures|inspires)\b",
        r"\bthe best way to\b.*\bis to\b", r"^\s*brilliant (?:timing|idea|move)\b", r"\bmasterclass in\b",
        r"\bwhich is to say\b", r"\bif you ignore\b", r"\b(shocked|appalled|stunned|amazed), \1\b",
        r"\bas (?:firm|solid|reliable) as ever\b",
        r"\bidea of \w+ is\b", r"\bgenius plan\b", r"\bheartening to see\b", r"\binquiries usually do\b",
        r"\ba review of the review\b",
    ],
    "insinuation": [
        r"\b(?:apparently|reportedly|supposedly|curiously|conveniently|mysteriously)\b",
        r"\bit (?:seems|appears|is understood|is whispered|is rumoured|is said)\b",
        r"\b(?:is|are|was|were) said to\b", r"\brumou?r has it\b", r"\bsources (?:suggest|say|claim)\b",
        r"\bby some accounts\b", r"\bno coincidence\b", r"\bhard to ignore\b", r"\bcannot help noticing\b",
        r"\bquestions remain\b", r"\bnot quite as\b",
    ],
    "appeal_to_many": [
        rf"^\s*{_CROWD}\b(?:\s+[\w'-]+){{0,4}}?\s+(?:increasingly |will |have |are )?{_CROWD_VERB}\b",
        r"\b(?:widespread|growing) (?:feeling|sense|belief|anger)\b", r"\beveryone (?:in|on|at) the \w+ knows\b",
    ],
    "rhetorical_question": [r"\?\s*$"],
    "moral_judgement": [
        r"\bit is (?:simply |morally |utterly )?(?:shameful|wrong|deplorable|unforgivable|disgraceful|"
        r"indefensible|obscene|heartless|cruel|scandalous|unacceptable)\b",
        r"\b(?:shameful|disgrace|disgraceful|disgracefully|indefensible|outrage|scandalous|deplorable|"
        r"contemptible|callous|heartless|unforgivable|cynical|cruelty|betrayal)\b",
        r"\bno excuse for\b", r"\bshould shame\b", r"\bstain on\b", r"\bwith a conscience\b",
    ],
    "loaded_summary": [
        r"^\s*(?:in short|put simply|in the end|in essence|at its heart|taken together|once again|strip away)\b",
        r"\b(?:sums up|adds up to|amounts to|lays? bare|laid bare|boils down to)\b",
        r"\b(?:textbook case|monument to|tale of|story of a|portrait of|by another name|plain and simple)\b",
        r"\b(?:farce|shambles|fiasco|sorry business|sorry saga|rotten)\b", r"\ba (?:mess|damning verdict)\b",
        r"\bwas never about\b", r"\bthe whole (?:affair|saga|episode|business)\b",
    ],
    "prediction_warning": [
        r"\bwill (?:almost certainly |surely |inevitably |simply |only )?(?:come back to haunt|haunt|collapse|"
        r"vanish|soar|regret|backfire|crumble|not forget|only deepen|end in)\b",
        r"\bwill have vanished\b", r"\bmark my words\b", r"\bbound to (?:end|fail|lead)\b", r"\bdoomed\b",
        r"\bonly a matter of time\b", r"\bsooner or later\b", r"\bwaiting to happen\b",
        r"\bbrace (?:themselves|yourselves|yourself|ourselves)\b",
        r"\bheading for (?:a |an )?(?:collapse|disaster|crisis)\b", r"\bsleepwalking\b", r"\bheavy price\b",
        r"\bhistory will judge\b", r"^\s*expect\b", r"^\s*left unchecked\b", r"^\s*unless\b.*\bwill\b",
        r"\bwill pay for\b", r"\bgoing to get (?:killed|hurt)\b",
    ],
    "call_to_action": [
        r"\b(?:must|should|ought to|needs to|need to)\b(?! have)", r"^\s*it is time (?:for|to)\b",
        r"^\s*let(?: us|'s)\b", r"^\s*(?:sign|write|join|tell|demand|boycott|vote)\b", r"\bwe cannot allow\b",
        r"\bhas to be held accountable\b",
    ],
}
_COMPILED = {kind: [re.compile(p, re.I) for p in pats] for kind, pats in _CUES.items()}
# A quotation runs to its closing mark, or to the end of the sentence when it closes in a later one.
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|(?<!\w)[‘`][^’\']*(?:[’\']|$)')


class Cue(NamedTuple):
    start: int
    end: int
    text: str
    kind: str


def cues(text: str) -> list[Cue]:
    """The rhetorical cues in ``text`` (a sentence), outside quotation marks, in text order. The
    caller skips a sentence that names whose words it reports (``Mr Justice Owen said the case
    should ...``): the move is then the speaker's, not the writer's."""
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    out = []
    for kind, pats in _COMPILED.items():
        for p in pats:
            for m in p.finditer(text):
                start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                if m.end() > start and not any(a <= start < b for a, b in quoted):
                    out.append(Cue(start, m.end(), text[start:m.end()], kind))
    return sorted(out)
