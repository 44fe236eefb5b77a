"""Word lists for attribution detection: general English speech, cognition and evidential verbs.

Curated by hand from general knowledge of news English (not from any evaluation corpus). Lemmas
are used when a trained pipeline is present; the surface forms serve the parser-free fallback.
"""

from __future__ import annotations

from annotator.nlp.quotes_pairs import LEVEL1_MARKS

# Verbs that report what someone said or wrote. A ccomp/xcomp child is the reported content.
SPEECH_LEMMAS: frozenset[str] = frozenset(
    """say tell add stress recall warn argue insist announce deny claim state declare explain note
    mention report write tweet post reply respond answer ask acknowledge admit confirm concede
    assert contend maintain suggest indicate predict promise pledge vow threaten urge demand
    allege accuse charge complain comment emphasize emphasise reiterate repeat remark observe
    point testify disclose reveal inform assure caution agree disagree boast brag joke quip
    propose recommend counter retort continue conclude estimate forecast describe write
    clarify underline underscore affirm reaffirm highlight lament tout signal hint
    speculate grumble protest object concur sing chant shout yell scream boast scold exclaim
    whisper mutter plead beg cry advise imply""".split()
) | frozenset(
    # verbs of speaking news English uses as quote tags ('"...," Silverman *interjected*',
    # '"...," *reads* an editorial'; added in round 10d)
    """interject riff snipe read recount muse scoff snap fume gush marvel rail""".split()
)

# Inner states (belief, intention, expectation). Only accepted with a person/group subject.
COGNITION_LEMMAS: frozenset[str] = frozenset(
    """believe think fear hope expect want wish feel know doubt worry suspect consider reckon
    intend plan decide understand assume regard suppose guess wonder imagine
    realize realise hold hear learn""".split()
)

# Evidence-bearing sources (polls, reports): "a poll shows that ..." is an attribution in news.
EVIDENTIAL_LEMMAS: frozenset[str] = frozenset("show find suggest indicate reveal estimate conclude".split())
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """poll polls survey surveys study studies report reports data analysis research document
    documents records filing memo letter statement figures estimate estimates census review
    audit investigation probe video footage transcript slide chart graph map photo image tape
    recording email emails complaint lawsuit ruling indictment model projection""".split()
)

# Verbs whose xcomp ("vowed to ...", "urged X to ...") is the attributed content (intention).
XCOMP_LEMMAS: frozenset[str] = frozenset(
    """promise pledge vow threaten urge demand call plan want intend hope expect refuse decline
    agree ask seek propose tell encourage warn advise""".split()
)

# Verbs whose direct object is what was said or held ("announced new weapons", "denied the
# report", "called the charges baseless"); the object must be a phrase, not a single word.
DOBJ_LEMMAS: frozenset[str] = frozenset(
    """announce deny claim cite note propose promise pledge demand reject acknowledge admit
    confirm predict support oppose criticize criticise condemn blast praise welcome dismiss
    defend call describe question dispute accuse blame credit label characterize characterise
    dub brand""".split()
)

ALL_CUE_LEMMAS: frozenset[str] = SPEECH_LEMMAS | COGNITION_LEMMAS | EVIDENTIAL_LEMMAS

# Surface forms for the parser-free fallback (direct quotes only): common past/present forms.
CUE_FORMS: frozenset[str] = frozenset(
    """said says say saying told tells telling added adds adding stressed stresses recalled
    recalls warned warns argued argues insisted insists announced announces denied denies
    claimed claims stated states declared declares explained explains noted notes mentioned
    wrote writes tweeted tweets posted replied replies responded responds answered answers asked
    asks acknowledged admitted confirmed conceded asserted contended maintained suggested
    predicted promised pledged vowed threatened urged demanded alleged complained commented
    emphasized emphasised reiterated repeated remarked observed testified continued concluded
    quipped joked retorted countered cautioned agreed recounted recalled explained whispered
    shouted yelled exclaimed sang sings chanted chanting screamed boasted scolded muttered
    whispered pleaded begged cried writing interjected sniped riffed recounted mused scoffed
    snapped fumed gushed marveled marvelled railed""".split()
)

# Auxiliaries and adverbs that may sit between a speaker and the cue ("has also said").
CUE_FILLERS: frozenset[str] = frozenset(
    "has have had was were is are would will also later then again further once previously "
    "recently earlier had has not n't".split()
)

PERSONAL_PRONOUNS: frozenset[str] = frozenset("he she i we they you".split())
SINGULAR_PRONOUNS: frozenset[str] = frozenset("he she".split())
# a possessor speaking ("*his* claim that"), resolved like the subject pronouns above
SINGULAR_POSSESSIVES: frozenset[str] = frozenset("his her".split())
RELATIVE_PRONOUNS: frozenset[str] = frozenset("who that which".split())

# Head nouns that describe people or groups ("the minister", "officials"): a speaker subject.
# Things someone issues, delivers or signs, whose maker is the speaker of a participle hanging
# on them ("released *a statement* confirming", "with *a speech* denouncing"): the documents
# above and the acts of public speech.
ISSUED_NOUNS: frozenset[str] = DOCUMENT_NOUNS | frozenset(
    """speech speeches address resolution ad ads advertisement commercial bill motion petition
    column editorial post tweet tweets message remarks release amendment proposal plan order
    op-ed essay book interview appeal call calls sign signs banner banners placard placards
    note notes evidence ledger ledgers headline headlines""".split()
)

# Nouns of the occasion or channel of a saying ("said ... at a town briefing", "in an
# interview", "by phone", "wrote ... in her ruling"): a phrase headed by one of them at the
# end of a reported clause tells where or how it was said, not what.
SAYING_OCCASION_NOUNS: frozenset[str] = frozenset(
    """interview interviews conference conferences briefing briefings statement statements
    ruling opinion decision speech remarks address hearing testimony phone telephone email
    e-mail letter memo post tweet tweets broadcast podcast appearance town-hall
    radio television tv rally meeting forum debate summit session""".split()
)

HUMAN_NOUNS: frozenset[str] = frozenset(
    """man woman lady person people official officials spokesman spokeswoman spokesperson source
    sources minister president leader chairman chairwoman chair director secretary senator
    congressman congresswoman lawmaker lawmakers legislator representative governor mayor
    candidate nominee campaign aide aides adviser advisor advisers advisors analyst analysts
    expert experts economist economists diplomat diplomats ambassador envoy chief head premier
    chancellor king queen prince general commander officer officers police prosecutor
    prosecutors judge lawyer attorney attorneys critic critics supporter supporters voter voters
    resident residents witness witnesses eyewitness eyewitnesses activist activists protester protesters member members
    government administration ministry department agency committee party group groups company
    spokesmen authorities authority executive ceo founder author researcher researchers
    scientist scientists professor doctor doctors strategist strategists pollster pollsters
    organizer organizers observer observers insider insiders staff staffer staffers operative
    operatives republicans democrats republican democrat vice deputy press reporter journalist
    newspaper paper magazine network correspondent surrogate surrogates team colleague
    colleagues friend friends father mother son daughter wife husband percent majority
    minority half third quarter most many some others few both everyone""".split()
)

# Title words that can precede a name ("Russian Foreign Minister Sergey Lavrov").
TITLE_NOUNS: frozenset[str] = frozenset(
    """president minister leader premier chancellor secretary senator governor mayor
    representative rep sen gov spokesman spokeswoman spokesperson chairman chairwoman chair
    director ambassador envoy king queen prince general commander chief head candidate nominee
    diplomat official judge prosecutor attorney ceo founder secretary-general speaker""".split()
)

# "the Russian leader" may stand for a president, prime minister, chancellor...
LEADER_TITLES: frozenset[str] = frozenset(
    "president premier chancellor king queen leader prime head chief".split()
)

DETERMINERS: frozenset[str] = frozenset("the a an this that these those his her their its our".split())

# Token texts that are primary quote marks, whatever the language (see quotes_pairs; '' and ``
# are the ASCII digraphs of typewriter archives and TeX).
MARK_TOKENS: frozenset[str] = LEVEL1_MARKS
DASHES: frozenset[str] = frozenset({"\u2015", "\u2014", "\u2013", "--"})


# nouns that describe a news outlet, before its name ("US website TMZ", "the news site Politico",
# "British tabloid The Sun"; quotes_speakers.np_range, coref's outlet names: rules41, rules43)
OUTLET_NOUNS = frozenset(
    """website websites site outlet tabloid newspaper paper daily weekly magazine broadcaster network
    channel station agency blog publication""".split()
)
