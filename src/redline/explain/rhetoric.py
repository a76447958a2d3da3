"""Opinion without opinion words: a learned score for the rhetorical moves a rewrite adds (issue 15).

A sentence the writer adds can judge without a loaded word: irony ("Naturally, the board found the
money for its own pay rise"), insinuation ("apparently"), an appeal to unnamed crowds ("Many
feel"), a rhetorical question, a moral verdict, a loaded summary, a prophecy of doom, a call to
act. Each feature below is a family of general English cues a reader can check (a hedging adverb,
an unnamed group as subject, an imperative opening, a modal prediction ...), matched outside
quotation marks, plus the sentence's lexicon scores and, with embeddings, two embedding logits.
A logistic model over them (``redline/models/opinion_rhetoric_<mode>.json``, fitted by
``python bench/opinion_added.py --fit`` on tests/fixtures/opinion/train and dev, with plain PA wire
sentences as neutral evidence and a cap on how many of them it may flag) gives the score;
the reasons shown are the features that pushed it up, with their spans.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache
from typing import NamedTuple

import numpy as np

from .. import models
from .analyse import SentenceAnalysis


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


_CROWD = ("many", "most", "some", "few", "plenty of", "countless", "critics", "observers", "opponents",
          "campaigners", "commentators", "experts", "economists", "scientists", "analysts", "locals",
          "residents", "people", "everyone", "everybody", "anyone", "nobody", "no one", "the public",
          "voters", "taxpayers", "parents", "fans", "supporters", "readers", "users", "insiders",
          r"a (?:great |growing )?number of", r"growing numbers of", "those who", "all sides", "the public",
          "many observers", "most people", "others", "ordinary people", "families", "workers", "residents",
          "shoppers", "motorists", "commuters", "patients", "students", "folks", "listeners", "viewers")
_HARM = ("collapse", "disaster", "crisis", "catastroph\\w*", "regret", "backfire", "chaos", "ruin\\w*",
         "doom\\w*", "time bomb", "burst", "pain", "suffer\\w*", "lose", "losing", "worse", "fail\\w*",
         "gridlock\\w*", "hardest", "dearly", "cost lives", "close", "disappear", "vanish", "bankrupt\\w*",
         "decline", "danger\\w*", "overwhelm", "swallow", "haunt", "bite")
_FAILURE = ("lost", "lose", "losing", "fail\\w*", "cut", "cuts", "closed?", "closing", "delays?", "missing",
            "broke", "broken", "waste\\w*", "wasting", "never", "nobody", "no one", "nothing", "ignored?",
            "overrun", "cancel\\w*", "queues?", "on hold", "late", "despite", "flood\\w*",
            "raised?", "rise", "doubled?", "twice", "again", "still", "only", "mere")
_PRAISE = ("triumph", "genius", "brilliant\\w*", "masterclass", "masterpiece", "shining", "bold", "inspir\\w+",
           "generous\\w*", "generosity", "thoughtful", "wisdom", "famed", "proud", "heartening", "reassur\\w+",
           "comforting", "impressive", "remarkabl\\w+", "stunning", "dazzling", "unmatched", "flair",
           "talent", "gift", "commitment", "dedication", "warmth", "efficien\\w*", "lucky", "luck",
           "happy accident", "stroke of", "bravo", "well done", "credit", "congratulations", "hats off",
           "prize", "full marks", "nice of", "good to know", "thrilled", "delight\\w*", "great", "best",
           "modest", "gently", "truly", "heartfelt", "friend of", "champion of", "love for", "relief",
           "what could possibly go wrong", "who knew", "slow clap", "surprise, surprise", "of all people", "genius",
           "finest", "marvel\\w*", "wonderful", "splendid", "admirabl\\w+", "exemplary", "visionary", "stellar")

FAMILIES: dict[str, str] = {
    "question": r"\?\W*$",
    "question_opening": r"^\W*(?:" + "|".join((
        "why", "how", "who", "whom", "whose", "what", "where", "when", "is", "are", "was", "were", "does",
        "do", "did", "can", "could", "should", "shouldn't", "must", "would", "has", "have", "will",
        "since when", "if not")) + r")\b",
    "insinuation": _words(
        "apparently", "reportedly", "supposedly", "allegedly", "curiously", "conveniently", "mysteriously",
        "strangely", "oddly", "somehow", "seemingly", "ostensibly", "suspiciously", "tellingly",
        r"it (?:seems|appears|is said|is understood|is rumou?red|is whispered|is believed|is thought|is claimed)",
        r"(?:is|are|was|were) (?:said|thought|believed|understood|rumou?red|alleged) to",
        r"rumou?rs? (?:has it|that)", "word is", "there are (?:murmurs|whispers|rumou?rs)",
        r"sources? (?:close to [\w ]+?)?(?:suggest|say|claim|hint)s?", r"insiders? (?:hint|suggest|say|claim)s?",
        r"one (?:cannot help|gathers|notes|might add|wonders)", r"(?:cannot|can't) help (?:wondering|noticing)",
        "questions remain", r"no (?:coincidence|accident)", "as it happens", "as luck would have it",
        "by some accounts", "by a strange", "strange turn", "it would be interesting to know",
        "has not escaped", "not escaped notice", r"what (?:they|it) leave out", "at least on paper",
        r"appears? to have", "seemed oddly", "to put it (?:gently|mildly|politely)", "shall we say", "we are told",
        "oddly enough", "few noticed", "it is (?:telling|interesting|curious|striking) that",
        r"raises? (?:serious |troubling |awkward )?questions", "one wonders", r"it (?:remains|is) unclear why",
        r"(?:some|many|others) have (?:questioned|asked|wondered)", r"questions have been raised", "has yet to explain",
        r"(?:failed|declined|refused) to explain", "it is not clear why", "in a strange coincidence", "allegedly",
        "so-called", "behind closed doors", "quietly", r"(?:little|conveniently) known",
        "it turns out", r"as (?:these|such) things (?:often |usually )?(?:are|do|go)", "interestingly",
        "curious(?:ly)?", r"funny(?:,)? (?:too|that|how)", r"(?:it )?remains a mystery", r"(?:a|no) mystery",
        r"(?:is|was) unusual", r"(?:worth|fair to) ask(?:ing)?", r"there (?:is|was) talk", r"word (?:around|in|at|on) ",
        r"we (?:understand|gather|are assured|are told)", "one notes",
        r"by (?:some |a )?(?:happy |strange )?(?:chance|coincidence)", r"where there is one",
        "have not answered", "has not answered", r"(?:nobody|no one) (?:has )?explained",
        r"hints?(?:ed)? that", "not entirely", r"(?:strangely|oddly|curiously) (?:reluctant|quiet|silent)"),
    "suspicious_timing": _words(
        r"(?:just |only |mere )?(?:days|weeks|hours|months|moments|a week|a day|the day|the week|the morning) "
        r"(?:before|after)", "the timing", r"the same (?:week|day|month|year|moment)",
        r"(?:shortly |soon )?after (?:the|a|his|her|their) (?:call|visit|donation|dinner|meeting)"),
    "unnamed_group": r"^\W*(?:\w+\W+){0,3}?" + _words(*_CROWD),
    "belief_verb": _words(
        "feels?", "believe[sd]?", "think", "fears?", "suspects?", "wonder", "agree", "argue[sd]?",
        "question", "regard", "see", "sees", "know", "knows", "recognise", "are asking", "convinced",
        "point out", "warn", "share the view", "have branded", "have called", "describe[sd]?", "say",
        "have long", "are queuing up", "have made it plain", "have given up", "have grown used", "would argue",
        "would agree", "would say", "are left wondering", "are saying", "are convinced", "are furious",
        "are outraged", "are worried", "are fed up", "have had enough", "can see", "cannot help"),
    "collective_mood": _words(
        r"(?:growing|widespread|mounting|overwhelming|general|broad) (?:sense|feeling|belief|unease|anger|"
        r"consensus|chorus|view|mood|frustration)", "the mood among",
        r"there is a (?:growing )?(?:sense|feeling|belief)",
        "united in", "by and large", "of all ages", "of every stripe", "on all sides", "up and down the country",
        "everywhere", "across the country",
        r"it is (?:widely|generally|commonly) (?:believed|felt|accepted|known|seen|thought)",
        r"(?:is|are) widely (?:seen|regarded|viewed|considered)", "few would disagree", "there are those who",
        "the consensus", "public opinion", "the general view", "everybody knows", "everyone knows",
        "nobody believes", "consensus", r"the (?:sense|feeling|verdict|view) (?:on|in|among|at|from|of)",
        r"ask (?:anyone|anybody|around)", r"talk to (?:anyone|anybody|people)", r"(?:you will|you'll) hear"),
    "imperative_opening": r"(?:^|[:;]\s|^\W*if you [^,]{0,60},\s)\W*(?:\w+(?: \w+)?,\s+)?"
                          r"(?:(?:do not|don't|never|please|now|so)\s+)?" + _words(
        "sign", "write", "contact", "call", "tell", "join", "demand", "boycott", "vote", "stop", "switch",
        "turn up", "get", "let", "keep", "remember", "watch", "brace", "expect", "imagine", "check", "consider",
        "ask", "support", "help", "act", "give", "donate", "use", "look", "read", "make", "leave", "take", "go",
        "come", "refuse", "speak", "raise", "spread", "share", "report", "follow", "protect", "fight", "save",
        "think", "mark", "don't", "do"),
    "obligation": _words(
        "must", "mustn't", "should", "shouldn't", "ought to", r"needs? to", r"has to", r"have to",
        r"deserves?", r"(?:it is )?time (?:for|to|that)", "high time", "we owe", "it falls to",
        r"(?:is|it is) up to", "duty to", r"(?:be|are) made to", "cannot allow", "must not",
        r"an?y? (?:serious|responsible|competent|decent|sensible|honest|proper|"
        r"good) (?:\w+ )?would", "now is the time", r"we (?:call on|urge)",
        r"urge[sd]? (?:everyone|readers|voters|people)", "let us hope", "it is up to us", "enough is enough",
        r"demand (?:that|answers|better)", "must be stopped", r"(?:needs|has) to stop", "should be ashamed"),
    "we_you": _words("we", "us", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "let's"),
    "future_modal": _words(
        "will", "won't", "shall", r"\w+'ll", "going to", r"(?:is|are) (?:set|bound|about|destined|likely|sure|"
        r"certain|on course|heading) (?:to|for)", "heading (?:straight )?for", "destined", "looming",
        "is coming", "in the making", r"will (?:soon|never|not|only|surely|certainly|inevitably|eventually|"
        r"simply|end up|become|be left|pay|live to)"),
    "time_horizon": _words(
        "sooner or later", "before long", r"within (?:a|the next|our|\w+) (?:years?|months?|decades?|"
        r"generation|lifetimes?|seasons?)", "one day", "for a generation", "for generations", "in the making",
        r"(?:it will )?not be long", r"(?:only )?a (?:matter|question) of time", "tomorrow's", "future generations",
        "for years to come", "for decades", "by the end of the decade", "mark my words", "recipe for disaster",
        "disaster waiting to happen", r"(?:will|won't) end well", "only a matter of time",
        "the writing is on the wall", r"(?:are|is) in for", "brace for", "a reckoning", "mark these words",
        r"sleepwalk\w*", r"(?:heading|headed|drifting|hurtling|lurching) (?:\w+ )?(?:for|towards?|into|one way)",
        r"on (?:the brink|course for|the edge) of", r"(?:never |won't |will not |cannot )?ends? well",
        r"waiting to happen", r"storing up", r"the way things are going", r"come back to (?:bite|haunt)",
        r"live to regret", r"(?:promises?|holds?) nothing but", "warning (?:lights|signs|bells)",
        r"sooner rather than later",
        r"(?:give it|in) (?:a few|five|ten|two|a couple of) (?:years|months|decades)", "look back on this"),
    "consequence": r"\b(?:will|would|'ll|is going to|are going to)(?: \w+)?? (?:pay|suffer|regret|vanish|collapse|"
                   r"fail|be felt|hold|become|end|cost|hit|lose|close|disappear|have vanished|have gone|be impossible|"
                   r"be left|haunt|bite|backfire|drive|push|destroy|kill|ruin|wreck|look kindly|judge|remember|"
                   r"forget|burst|crumble|swallow|overwhelm|soar|plunge|dry up|die|shut|pass|land)\b|"
                   r"\b(?:looming|is coming|are coming|on the horizon|in store)\b",
    "conditional_opening": r"^\W*" + _words("if", "unless", "without", "left", "should", "once", "keep",
                                             "whatever"),
    "harm_outcome": _words(*_HARM),
    "moral_vocabulary": _words(
        "wrong", r"shame\w*", r"disgrace\w*", r"cruel\w*", "indefensible", r"immoral\w*", "unacceptable",
        "inexcusable", "unforgivable", r"contempt\w*", "callous", "heartless", "vile", "despicable",
        r"betray\w*", r"decen\w*", "conscience", r"injustice\w*", r"abus\w*", "ashamed", "spite",
        r"greed\w*", r"cynic\w*", r"dishonest\w*", r"coward\w*", "selfish", r"inhuman\w*", "obscene",
        r"scandal\w*", r"outrag\w*", r"moral\w*", r"honour\w*", "dignity", r"exploit\w*", "mean-spirited",
        "reckless", "beneath", "dereliction", "vandalism", "insult", "humanity", r"unfair\w*", "fairness",
        "bad faith", "ugliest", "low as", "no excuse", "no justification", "shocking", "dark day",
        r"stain(?:ed|s)? on", "grubby", r"(?:owed|owes|owe) (?:\w+ ){0,2}(?:the truth|an apology|better|more)",
        "lied", r"no business", r"put(?:s|ting)? (?:profit|profits|money|cost|costs|itself|themselves) before",
        r"a choice to"),
    "evaluative_frame": r"^\W*(?:(?:it|this|that|there) (?:is|was|has been|remains|would be) "
                        r"(?:\w+ ){0,2}?(?:\w+) (?:that|to|of|about|for)\b|(?:this|that|it) (?:is|was) (?:not|"
                        r"nothing|simply|plainly|clearly|a|an)\b)",
    "summary_frame": _words(
        "in short", "in essence", r"at (?:heart|bottom)", "in the end", "in a nutshell", "in truth",
        "in plain terms", r"put (?:simply|bluntly|plainly)", "strip away", "taken together",
        "seen as a whole", "looked at honestly", "when all is said and done", "the long and short",
        "in the final analysis", "the takeaway", "the upshot", "from start to finish",
        "from beginning to end", "all in all", r"all (?:of )?(?:it|this) (?:points|adds|shows)",
        "amounts? to", "adds? up to", "boils? down", "case study", "tale of", "story of", "byword",
        "monument to", r"(?:paints?|picture|portrait|snapshot) of", r"la(?:id|ys?) bare", "sums? up",
        "captures", "in tatters", r"the (?:whole|entire) (?:affair|saga|episode|business|thing|process|story)",
        r"this (?:sorry |whole )?(?:affair|saga|episode|business)", "what emerges", "the result is",
        "everything about", "what we are left with", "far from", "this is what", "reads like",
        "nothing more than", "little more than", "at its heart", r"the (?:sad|sorry) (?:end|tale|saga)",
        "confirm what", "familiar story", "the predictable result", "a perfect", "caps a", "turned into",
        "has become", "have become", r"(?:was|is|has been) (?:really )?(?:about|rigged|a scandal)",
        r"(?:yet )?another (?:example|case|chapter|sign|reminder|episode|instance) of", r"a (?:clear |stark )?sign of",
        "proof that", r"shows? (?:once again|just how|yet again)", "tells you everything", "speaks volumes",
        "says it all", "nothing less than", "is what happens when", "the lesson", "the bottom line",
        "when you add it up", "all told", "in other words", "the real story", "the truth is", "the simple truth",
        "at the end of the day", "the sum of", "sorry state", "last straw", "a pattern of", "the latest chapter"),
    "contrast_frame": _words(
        r"less (?:\w+ ){0,3}than", r"more (?:\w+ ){0,2}(?:about|with|in) (?:\w+ ){0,3}than", r"rather than",
        r"(?:sold|billed|marketed|presented|dressed up|spun|packaged|badged) as", r"(?:looks?|reads?|feels?|sounds?) "
        r"(?:\w+ )?like", r"in hindsight", r"for all (?:the|its|their|his|her|that) (?:talk|fanfare|promises?|noise|"
        r"spin|bluster)", r"stripped of", r"(?:cut|see) through", r"(?:viewed|seen|looked at) from", r"put together",
        r"behind the (?:glossy|shiny|fine|warm|reassuring|official)", "idea of", r"quite like", r"never one to",
        r"all (?:\w+ )?(?:days?|hours?|minutes?|weeks?) of it", r"(?:call|calls|called) it", r"so (?:\w+ )?(?:that|it) "
        r"(?:can|could)", r"the same pattern", r"and calls? (?:it|them)", r"(?:which|who) (?:has|have) "
        r"(?:discovered|found|managed|learned)", r"the only (?:\w+ )?(?:thing|one)"),
    "fiasco_noun": _words(
        "fiasco", "shambles", "farce", "mess", "disaster", "circus", "stitch-up", r"catastroph\w*",
        "car crash", "embarrassment", "debacle", "failure", "cash grab", "giveaway", "vanity", "sham",
        "joke", "travesty", "charade", "free fall", "indictment", "mismanagement", "incompetence",
        "arrogance", "cover-ups?", "chaos", "hollow shell", "bailout", "asleep at the wheel", "run into the ground",
        "waste", "broken promises", "damning", "beleaguered", "long-suffering", "miserable"),
    "irony_opening": r"^\W*(?:" + "|".join((
        "naturally", "of course", "clearly", "surely", "evidently", "obviously", "needless to say",
        "well done", "bravo", "congratulations", "hats off", "credit where", "good to know", "nice of",
        "lucky", "fortunately", "amazingly", "imagine", "yes", "and the (?:prize|award)", "only in",
        "leave it to", "at least", "a triumph", "another", "such", "how", "what a", "what better", "so the",
        "a bold", "full marks", "truly", "perhaps", "because", "surprise", "who knew", "what could possibly",
        "lo and behold", "shocking(?:ly)?", "funny how", "strange how", "isn't it (?:funny|odd|strange)")) + r")\b",
    "praise_word": _words(*_PRAISE),
    "failure_word": _words(*_FAILURE),
    "stance_adverb": _words(
        "surely", "clearly", "obviously", "simply", "frankly", "truly", "really", "honestly", "plainly",
        "undeniably", "of course", "rightly", "sadly", "shockingly", "predictably", "inevitably",
        "naturally", "evidently", "certainly", "make no mistake", "mark my words", "mark these words",
        "let us be clear", "in fact", "indeed", "exactly", "precisely", "even", "actually", "seriously"),
    "intensifier": _words(
        "nothing short of", "plain and simple", "by any measure", "at all", "whatsoever", "utterly",
        "deeply", "entirely", "completely", "totally", "absolutely", r"breathtaking\w*", "once and for all",
        "full stop", "any more", "enough is enough", "spectacularly", "any wonder", "so much as", "the very"),
    "exclamation": r"!",
}
# Wire furniture, scheduling and plain description, which tell a neutral addition (weights learned
# like the rest).
NEUTRAL_FAMILIES: dict[str, str] = {
    "descriptive_verb": _words(
        r"(?:was|were|has been|is|are) (?:built|founded|opened|set up|introduced|signed|donated|registered|used|"
        r"launched|established|created|elected|appointed|owned|listed|located|based|made|given|approved|"
        r"reached|played|run|held|named|responsible|open|expected)", "covers", "runs", "handles", "employs",
        "supplies", "represents", "includes", "links", "lies", "sits", "stands", "offers", "meets", "makes",
        "applies", "requires", "carries", "serves", "contains", "since", r"in (?:the )?\d{4}s?", "founded"),
    "wire_furniture": r"^\W*(?:[A-Z][A-Z.'-]+(?:[ ,][A-Z][A-Z.'-]+)*(?:,? [A-Z][a-z]+)?\W*(?:\(|—|-|–|$|,? "
                      r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec))|"
                      r"(?i:by|reporting by|writing by|editing by|edited by|additional reporting|updated|published|"
                      r"posted|filed|first published|last modified|correction|clarification|photo|image caption|"
                      r"video by|source|compiled|staff|follow|from our)\b)",
    "procedural_future": r"\b(?:will|would|is to|are to)(?: now| also| then)? (?:be (?:published|considered|held|put|"
                         r"passed|contacted|updated|able|announced|decided|reviewed|discussed|heard|made|sent|"
                         r"shown|told|asked|given|used|closed to|open to|available)|meet|report|consider|publish|"
                         r"take place|resume|set out|run|open|begin|start|include|hold|decide|vote|visit|attend|"
                         r"give evidence|see the changes|return|continue|stay|remain|receive|apply|replace)\b",
    "reported_speech": _words(
        r"(?:said|says|told|tells|heard|argued|argues|claimed|claims|alleged|alleges|admitted|admits|denied|denies|"
        r"insisted|ruled|rules|ordered|added|explained|stated|accepted|agreed|conceded|maintained|testified|"
        r"confirmed|announced|reported|replied|asked)",
        r"(?:was|were|had been|has been) (?:told|asked|warned|informed|shown|accused|charged|cleared)",
        r"according to", r"in a statement", r"giving evidence", r"(?:the )?(?:court|jury|inquest|tribunal|hearing) "
        r"(?:heard|was told|were told)"),
    "legal_process": _words(
        "court", "jury", "judge", "justice", "coroner", "inquest", "trial", "hearing", "magistrates?",
        r"prosecut\w*", "defence", "defense", "defendants?", "counsel", "barrister", "solicitors?", "lawyers?",
        "police", "detectives?", "officers", "charged", "accused", "guilty", "jailed", "sentenced", "fined",
        r"convict\w*", "acquitted", "remanded", "bail", "evidence", r"witness\w*", "verdict", "appeal",
        "tribunal", "custody", "plea", "pleaded", "admitted", "denies", "denied", "offences?", "counts? of"),
    "schedule": _words(
        r"(?:is|are|was|were) (?:due|expected|scheduled) to", "scheduled", "adjourned", "deferred",
        r"(?:next|last|this) (?:week|month|year|spring|summer|autumn|winter|monday|tuesday|wednesday|"
        r"thursday|friday|saturday|sunday)", r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
        r"in (?:january|february|march|april|may|june|july|august|september|october|november|december|"
        r"spring|summer|autumn|winter|the new year)", "until", "meanwhile", "separately", "elsewhere",
        "in other business", "later", "earlier", "following", "further details", "more information"),
}
_ALL = {**FAMILIES, **NEUTRAL_FAMILIES}
CROWD = re.compile(_words(*_CROWD), re.I)
_COMPILED = {name: re.compile(p, re.I if name != "wire_furniture" else 0) for name, p in _ALL.items()}
# The same patterns (all lower case but wire furniture) without re.I, for ASCII text lowered once:
# Python's re is about three times slower on these word lists when it has to ignore case.
_LOWERED = {name: (pat if name == "wire_furniture" else re.compile(_ALL[name]), name != "wire_furniture")
            for name, pat in _COMPILED.items()}
LEXICON_FEATURES = ("opinion", "loaded", "evaluative", "weasel", "scare", "quoted")
DERIVED_FEATURES = ("ironic_contrast", "crowd_belief", "reported_claim", "digits", "names", "short", "past_tense",
                    "present_tense")
SEMANTIC_FEATURES = ("embedding", "model")
# A quotation runs to its closing mark, or to the end of the sentence when it closes in a later one.
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|(?<!\w)[‘`][^’\']*(?:[’\']|$)')
_CAP = 3.0  # a family counts at most this many times: the third hedge adds little to the second
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
             "christmas", "easter", "i"}
# Tense shares: wire copy narrates what happened (past), comment argues about what is and will be.
_PAST = re.compile(r"\b(?:\w{3,}ed|was|were|had|did|said|told|went|came|took|made|found|gave|saw|knew|left|got|"
                   r"heard|began|fell|held|kept|led|lost|met|paid|ran|sat|sent|spent|stood|struck|thought|won|wrote)\b",
                   re.I)
_PRESENT = re.compile(r"\b(?:is|are|am|isn't|aren't|has|have|hasn't|haven't|does|do|doesn't|don't|can|cannot|"
                      r"can't|seems?|looks?|means?|needs?|gets?|keeps?|goes|makes?|knows?|says?)\b", re.I)


class Cue(NamedTuple):
    start: int
    end: int
    text: str
    kind: str


class Assessment(NamedTuple):
    score: float                    # P(the sentence is the writer's opinion)
    flagged: bool
    reasons: tuple[str, ...]        # features that pushed the score up, strongest first
    cues: tuple[Cue, ...]           # the spans of those features, offsets into the sentence


def _quoted_spans(text: str, a: SentenceAnalysis | None) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    if a is not None:
        spans += [(q.outer_start - a.start, q.outer_end - a.start) for q in a.quotes if q.kind == "quote"]
    return spans


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character inside ``spans`` replaced by a space (offsets kept)."""
    chars = list(text)
    for s, e in spans:
        s, e = max(s, 0), min(e, len(chars))
        chars[s:e] = " " * max(e - s, 0)
    return "".join(chars)


def cues(text: str, a: SentenceAnalysis | None = None) -> list[Cue]:
    """Every family's matches in ``text`` (a sentence) outside quotation marks, in text order."""
    quoted = _quoted_spans(text, a)
    masked = _blanked(text, quoted).rstrip()
    ascii_text = masked.isascii()
    lowered = masked.lower() if ascii_text else masked
    out = []
    for kind, pat in _COMPILED.items():
        fast, on_lowered = _LOWERED[kind]
        matches = (fast.finditer(lowered if on_lowered else masked) if ascii_text
                   else pat.finditer(masked))
        for m in matches:
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            end = start + len(m.group(0).strip())
            if end > start:
                out.append(Cue(start, end, text[start:end], kind))
    return sorted(out)


def feature_vector(a: SentenceAnalysis, embedding_logit: float | None = None) -> tuple[dict[str, float], list[Cue]]:
    """The named features of an added sentence and the cue spans behind them."""
    found = cues(a.text, a)
    counts = Counter(c.kind for c in found)
    x = {k: min(float(counts[k]), _CAP) for k in _ALL}
    x.update({k: float(a.features.get(k, 0.0)) for k in LEXICON_FEATURES})
    x["future_modal"] = max(0.0, x["future_modal"] - x["procedural_future"])  # "will meet" is a plan, not a prophecy
    x["ironic_contrast"] = min(x["praise_word"], x["failure_word"]) + min(x["irony_opening"], x["failure_word"])
    x["crowd_belief"] = min(x["unnamed_group"], x["belief_verb"] + x["future_modal"])
    # "The tribunal said the firm should ...": a demand or forecast inside reported speech is the report's
    x["reported_claim"] = min(x["reported_speech"], x["obligation"] + x["future_modal"] + x["belief_verb"])
    words = a.text.split()
    n = max(len(words), 1)
    x["digits"] = sum(any(ch.isdigit() for ch in w) for w in words) / n
    x["names"] = sum(w[:1].isupper() and w.rstrip(".,;:!?'’s").lower() not in _CALENDAR for w in words[1:]) / n
    x["short"] = 1.0 / math.sqrt(n)
    x["past_tense"] = len(_PAST.findall(a.text)) / n
    x["present_tense"] = len(_PRESENT.findall(a.text)) / n
    x["embedding"] = embedding_logit if embedding_logit is not None else 0.0
    x["model"] = float(a.features.get("model", 0.0))
    return x, found


@cache
def rhetoric_model(semantic: bool) -> dict:
    return models.load(f"opinion_rhetoric_{'semantic' if semantic else 'lexical'}")


def embedding_logit(model: dict, vector: np.ndarray) -> float:
    head = model["embedding_head"]
    return float(np.asarray(vector, dtype=np.float64) @ np.asarray(head["coef"]) + head["intercept"])


_ARRAYS: dict[int, tuple[dict, tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}


def _arrays(model: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The model's mean, scale and coefficients as arrays, made once per loaded model."""
    held = _ARRAYS.get(id(model))
    if held is None or held[0] is not model:
        if len(_ARRAYS) > 8:  # benches score many short-lived fitted models
            _ARRAYS.clear()
        held = _ARRAYS[id(model)] = (model, (np.array(model["mean"]), np.array(model["scale"]),
                                             np.array(model["coef"])))
    return held[1]


def score(model: dict, x: dict[str, float]) -> tuple[float, list[str]]:
    """P(opinion) of a feature dict under ``model``, and the features that pushed it up, strongest
    first. The score counts only when a cue family or the embedding is among them: a sentence whose
    only evidence is lexicon words is the subjectivity score's call, not this model's."""
    names = model["features"]
    mean, scale, coef = _arrays(model)
    z = (np.array([x[k] for k in names]) - mean) / scale
    parts = z * coef
    p = float(1.0 / (1.0 + np.exp(-(parts.sum() + model["intercept"]))))
    reasons = [k for part, k in sorted(zip(-parts, names))
               if part < 0 and k != "short" and (x[k] > 0 or k in SEMANTIC_FEATURES)]
    return (p if any(k in FAMILIES or k in SEMANTIC_FEATURES for k in reasons) else 0.0), reasons


def assess(a: SentenceAnalysis, vector: np.ndarray | None = None) -> Assessment:
    """Score an added sentence with the shipped model: the semantic one when ``vector`` (its
    sentence embedding) is given, else the lexical one."""
    model = rhetoric_model(vector is not None)
    x, found = feature_vector(a, None if vector is None else embedding_logit(model, vector))
    p, reasons = score(model, x)
    shown = [c for c in found if c.kind in reasons and c.kind in FAMILIES]
    return Assessment(p, p >= model["threshold"], tuple(reasons), tuple(shown))
