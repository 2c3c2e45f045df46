"""Countries and the names of their peoples, so that counts of one people meet.

"1,200 Israelis killed" and "the death toll in Israel is 1,200" count the same dead;
"13,000 Palestinians killed" counts others. Two questions are asked of this table:

- `people_named(words, head_capitalised)`: the people that trailing words name,
  folded onto one name per country ("Britons", "Brits" -> "british"; "South
  Koreans" -> "south korean"), or None;
- `people_of_country(words)`: the people of the country the trailing words name
  ("Israel", "the United States" -> "israeli", "american"), or None.

Beyond the table, a name's shape is read: a capitalised people-like noun
("Veldorians", "Texans") is a people, and a one-word country in -ia ("Veldoria")
is that people's land. `is_people_word(word)` tells whether a word names a
country or a people (a toll's modifier: "the Israeli death toll", "Israel's").

Words are compared lower-cased and singular (`topics.lemma` style: "Israelis" ->
"israeli"). Names that are also common nouns ("Pole", "Kiwi", "Turkey") are left
out: "500 poles" counts no Poles, "turkey" is a bird.
"""

from __future__ import annotations

# country name[/alias...] : people[/variant...]; the first people name is the key.
_TABLE = """
afghanistan: afghan/afghani
albania: albanian
algeria: algerian
andorra: andorran
angola: angolan
argentina: argentine/argentinian
armenia: armenian
australia: australian/aussie
austria: austrian
azerbaijan: azerbaijani/azeri
bahamas: bahamian
bahrain: bahraini
bangladesh: bangladeshi
barbados: barbadian
belarus: belarusian
belgium: belgian
belize: belizean
benin: beninese
bhutan: bhutanese
bolivia: bolivian
bosnia/bosnia and herzegovina: bosnian
botswana: botswanan/motswana/batswana
brazil: brazilian
brunei: bruneian
bulgaria: bulgarian
burkina faso: burkinabe
burundi: burundian
cambodia: cambodian
cameroon: cameroonian
canada: canadian
cape verde/cabo verde: cape verdean
central african republic: central african
chad: chadian
chile: chilean
china: chinese
colombia: colombian
comoros: comorian
congo/dr congo/drc/democratic republic of congo/democratic republic of the congo: congolese
costa rica: costa rican
ivory coast/cote d'ivoire/côte d'ivoire: ivorian
croatia: croatian/croat
cuba: cuban
cyprus: cypriot
czech republic/czechia: czech
denmark: danish/dane
djibouti: djiboutian
dominican republic: dominican
ecuador: ecuadorian/ecuadorean
egypt: egyptian
el salvador: salvadoran/salvadorean
equatorial guinea: equatoguinean
eritrea: eritrean
estonia: estonian
eswatini/swaziland: swazi
ethiopia: ethiopian
fiji: fijian
finland: finnish/finn
france: french/frenchman/frenchwoman
gabon: gabonese
gambia: gambian
georgia: georgian
germany: german
ghana: ghanaian
greece: greek
grenada: grenadian
guatemala: guatemalan
guinea: guinean
guinea-bissau: bissau-guinean
guyana: guyanese
haiti: haitian
honduras: honduran
hungary: hungarian
iceland: icelandic/icelander
india: indian
indonesia: indonesian
iran: iranian
iraq: iraqi
ireland: irish/irishman/irishwoman
israel: israeli
italy: italian
jamaica: jamaican
japan: japanese
jordan: jordanian
kazakhstan: kazakh/kazakhstani
kenya: kenyan
kosovo: kosovar/kosovan
kuwait: kuwaiti
kyrgyzstan: kyrgyz
laos: laotian/lao
latvia: latvian
lebanon: lebanese
lesotho: basotho/mosotho
liberia: liberian
libya: libyan
liechtenstein: liechtensteiner
lithuania: lithuanian
luxembourg: luxembourger
madagascar: malagasy
malawi: malawian
malaysia: malaysian
maldives: maldivian
mali: malian
malta: maltese
mauritania: mauritanian
mauritius: mauritian
mexico: mexican
moldova: moldovan
monaco: monegasque
mongolia: mongolian
montenegro: montenegrin
morocco: moroccan
mozambique: mozambican
myanmar/burma: burmese/myanmarese
namibia: namibian
nepal: nepali/nepalese
netherlands/holland: dutch/dutchman/dutchwoman
new zealand: new zealander
nicaragua: nicaraguan
niger: nigerien
nigeria: nigerian
north korea: north korean
north macedonia/macedonia: macedonian
norway: norwegian
oman: omani
pakistan: pakistani
palestine: palestinian
panama: panamanian
papua new guinea: papua new guinean
paraguay: paraguayan
peru: peruvian
philippines: filipino/filipina
poland: polish
portugal: portuguese
qatar: qatari
romania: romanian
russia: russian
rwanda: rwandan
samoa: samoan
saudi arabia: saudi/saudi arabian
senegal: senegalese
serbia: serbian/serb
sierra leone: sierra leonean
singapore: singaporean
slovakia: slovak/slovakian
slovenia: slovenian/slovene
somalia: somali/somalian
south africa: south african
south korea: south korean
south sudan: south sudanese
spain: spanish/spaniard
sri lanka: sri lankan
sudan: sudanese
suriname: surinamese
sweden: swedish/swede
switzerland: swiss
syria: syrian
taiwan: taiwanese
tajikistan: tajik/tajikistani
tanzania: tanzanian
thailand: thai
east timor/timor-leste: timorese
togo: togolese
tonga: tongan
trinidad and tobago/trinidad: trinidadian
tunisia: tunisian
türkiye/turkiye: turkish/turk
turkmenistan: turkmen
uganda: ugandan
ukraine: ukrainian
united arab emirates/uae: emirati
united kingdom/uk/u.k./britain/great britain: british/briton/brit
united states/us/u.s./usa/u.s.a./america: american
uruguay: uruguayan
uzbekistan: uzbek
venezuela: venezuelan
vietnam/viet nam: vietnamese
yemen: yemeni
zambia: zambian
zimbabwe: zimbabwean
england: english/englishman/englishwoman
scotland: scottish/scot
wales: welsh/welshman/welshwoman
"""


def _read(table: str) -> tuple[dict[str, str], dict[str, str]]:
    countries: dict[str, str] = {}
    peoples: dict[str, str] = {}
    for line in table.strip().splitlines():
        names, people = (part.strip() for part in line.split(":"))
        variants = people.split("/")
        for name in names.split("/"):
            countries[name] = variants[0]
        for variant in variants:
            peoples[variant] = variants[0]
    return countries, peoples


_COUNTRIES, _PEOPLES = _read(_TABLE)
_LONGEST = max(len(name.split()) for name in (*_COUNTRIES, *_PEOPLES))


def _trailing(words: list[str], table: dict[str, str]) -> str | None:
    """The longest run of trailing words that `table` knows, looked up."""
    lowered = [w.lower().replace("’", "'") for w in words]
    if lowered and lowered[0] == "the":
        lowered = lowered[1:]
    for size in range(min(_LONGEST, len(lowered)), 0, -1):
        found = table.get(" ".join(lowered[-size:]))
        if found is not None:
            return found
    return None


# A capitalised noun shaped like the name of a people ("Veldorians", "Texans"): news
# names more peoples than any table lists.
_PEOPLE_SHAPE = ("ian", "ean", "an", "ese")
# A country's name that says its people: "Veldoria" -> "Veldorian", "Bolivia".
_LAND_SHAPE = "ia"


def people_named(words: list[str], head_capitalised: bool = False) -> str | None:
    """The people named by the last of `words` (singular, any case): "israeli",
    ["south", "korean"] -> "south korean", "briton" -> "british"; a capitalised last
    word shaped like a people's name ("Veldorian") names that people."""
    known = _trailing(words, _PEOPLES)
    if known or not words or not head_capitalised:
        return known
    last = words[-1].lower()
    return last if len(last) > 4 and last.endswith(_PEOPLE_SHAPE) and last.isalpha() else None


def people_of_country(words: list[str]) -> str | None:
    """The people of the country named by the last of `words`: ["Israel"] ->
    "israeli", ["the", "United", "States"] -> "american", ["Veldoria"] -> "veldorian"
    (a capitalised name in -ia says its people)."""
    known = _trailing(words, _COUNTRIES)
    if known or len(words) != 1:
        return known
    name = words[0]
    shaped = name[:1].isupper() and name.isalpha() and name.lower().endswith(_LAND_SHAPE)
    return name.lower() + "n" if shaped and len(name) > 4 else None


def is_people_word(word: str) -> bool:
    """A country or a people in one word, possessive or not ("Israel's", "Israeli")."""
    bare = word.lower().replace("’", "'").removesuffix("'s")
    return bare in _COUNTRIES or bare in _PEOPLES
