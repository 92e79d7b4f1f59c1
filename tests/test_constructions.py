"""Persian constructions of real news, each in a sentence written for the test (issue 8):
comma appositions and lists, titles that name their country late, plural and adverbial
triggers, fixed prepositional phrases, verb tense as modality, undated documents."""
from __future__ import annotations

import pytest

from tests.conftest import analyse_text, event_rows

D = "date 2025-11-18\n"

CASES = [
    # X، title، با Y دیدار کرد: the title between commas describes X, Y is still the one met
    (D + "سرگئی لاوروف، وزیر امور خارجه روسیه، با عباس عراقچی دیدار کرد.",
     {("Meeting", ("lavrov",), ("araghchi",), "asserted")}),
    # با Y، title، دیدار کرد: the comma closing the target's apposition ends no clause
    (D + "عراقچی با هاکان فیدان، وزیر خارجه ترکیه، دیدار کرد.",
     {("Meeting", ("araghchi",), ("fidan",), "asserted")}),
    # title، X، ...: a bare title followed by its holder's name
    (D + "وزیر امور خارجه ترکیه، هاکان فیدان، با عراقچی دیدار کرد.",
     {("Meeting", ("fidan",), ("araghchi",), "asserted")}),
    # A، B و C: a comma list closed by و is one group of targets
    (D + "عراقچی به ژاپن، چین و مصر سفر کرد.",
     {("Visit", ("araghchi",), ("japan", "china", "egypt"), "asserted")}),
    # a title whose country comes after words that extend it is that country's office
    (D + "رئیس مجلس ملی فرانسه با عراقچی دیدار کرد.",
     {("Meeting", ("office/Speaker/france",), ("araghchi",), "asserted")}),
    # تلفنی before the talk verb makes a phone call
    (D + "عراقچی و فیدان تلفنی گفت‌وگو کردند.",
     {("PhoneCall", ("araghchi",), ("fidan",), "asserted")}),
    # راهی X شد and به X رفت are visits
    (D + "لاوروف راهی تهران شد.", {("Visit", ("lavrov",), ("tehran",), "asserted")}),
    (D + "لاوروف دیروز به تهران رفت.", {("Visit", ("lavrov",), ("tehran",), "asserted")}),
    # coming home is no visit
    (D + "عراقچی پس از سفر به مسکو وارد تهران شد.", {("Visit", ("araghchi",), ("moscow",), "asserted")}),
    # the present tense of an occurrence is a plan in news (سفر می‌کند = will travel)
    (D + "لاوروف به تهران سفر می‌کند.", {("Visit", ("lavrov",), ("tehran",), "planned")}),
    # a cue must be whole words: ساعاتی holds آتی but plans nothing
    (D + "لاوروف ساعاتی پیش وارد تهران شد.", {("Visit", ("lavrov",), ("tehran",), "asserted")}),
    # به دعوت X، Y ...: the invited party follows the phrase; its به is no goal of the trip
    (D + "به دعوت عراقچی، لاوروف به تهران سفر کرد.",
     {("Invitation", ("araghchi",), ("lavrov",), "asserted"), ("Visit", ("lavrov",), ("tehran",), "asserted")}),
    (D + "لاوروف به دعوت عراقچی به تهران سفر کرد.",
     {("Invitation", ("araghchi",), ("lavrov",), "asserted"), ("Visit", ("lavrov",), ("tehran",), "asserted")}),
    # with ابراز خرسندی از ..., the first از is not the one praised
    (D + "عراقچی با ابراز خرسندی از نتایج سفر، از لاوروف قدردانی کرد.",
     {("Praise", ("araghchi",), ("lavrov",), "asserted")}),
    # plural triggers
    (D + "عراقچی در نیویورک دیدارهایی با لاوروف و فیدان داشت.",
     {("Meeting", ("araghchi",), ("lavrov", "fidan"), "asserted")}),
    # با Y به گفت‌وگو پرداخت
    (D + "عراقچی با لاوروف به گفت‌وگو پرداخت.", {("Meeting", ("araghchi",), ("lavrov",), "asserted")}),
    # a talk verb in a sentence that names a phone call is that call, not a meeting
    (D + "عراقچی در تماس تلفنی با فیدان درباره منطقه تبادل نظر کرد.",
     {("PhoneCall", ("araghchi",), ("fidan",), "asserted")}),
    # deputies' plural title is not the ministers themselves: the countries met
    (D + "معاونان وزیر خارجه چین و روسیه با عراقچی دیدار کردند.",
     {("Meeting", ("china", "russia"), ("araghchi",), "asserted")}),
    # در گفتگوی تلفنی X و Y: a call between the coordinated parties, also after an honorific
    (D + "در گفتگوی تلفنی عراقچی و لاوروف، موضوعات دوجانبه بررسی شد.",
     {("PhoneCall", ("araghchi",), ("lavrov",), "asserted")}),
    # X و همتای مصری: the counterpart is X's, not the clause subject's
    (D + "در گفتگوی تلفنی دکتر عراقچی و همتای مصری، روابط دوجانبه بررسی شد.",
     {("PhoneCall", ("araghchi",), ("abdelatty",), "asserted")}),
    # Y را <pejorative> خواند / دانست / توصیف کرد: a judgement is a criticism of Y (or of whose words they are)
    (D + "لاوروف اظهارات زلنسکی را غیرمسئولانه خواند.", {("Criticism", ("lavrov",), ("zelensky",), "asserted")}),
    (D + "عراقچی سیاست آمریکا را یک اقدام خصمانه توصیف کرد.", {("Criticism", ("araghchi",), ("usa",), "asserted")}),
    # the talks as the object of a verb of holding them: مذاکراتی را با Y انجام داد / ... را آغاز کردند
    (D + "عراقچی مذاکراتی را با لاوروف در مسکو انجام داد.",
     {("Negotiation", ("araghchi",), ("lavrov",), "asserted")}),
    (D + "ایران و روسیه دیروز گفت‌وگوهای هسته‌ای خود را در مسکو آغاز کردند.",
     {("Negotiation", ("iran",), ("russia",), "asserted")}),
    # در مذاکراتی که با میانجیگری X ...: the mediator is no partner
    (D + "ایران و عربستان در مذاکراتی که با میانجیگری عراق در بغداد جریان داشت، به توافق رسیدند.",
     {("Negotiation", ("iran",), ("saudi_arabia",), "asserted"),
      ("Agreement", ("iran",), ("saudi_arabia",), "asserted")}),
    # شورشیان X are not X: a party of their own
    (D + "شورشیان کلمبیا از آمریکا انتقاد کردند.",
     {("Criticism", ("group/شورشیان_کلمبیا",), ("usa",), "asserted")}),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0].split("\n")[1][:40] for c in CASES])
def test_construction(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


def test_undated_document_takes_the_era_of_the_holders_it_names(res):
    """No date line and no date in the text: عراقچی (foreign minister since 2024) dates it,
    so Turkey's foreign minister is the one in office then."""
    doc = analyse_text("عراقچی با وزیر امور خارجه ترکیه دیدار کرد.", res)
    assert event_rows(doc) == {("Meeting", ("araghchi",), ("fidan",), "asserted")}


def test_undated_counterpart_of_an_office(res):
    doc = analyse_text("وزیر امور خارجه ایران با همتای ترک خود دیدار کرد.", res)
    assert event_rows(doc) == {("Meeting", ("office/ForeignMinister/iran",), ("office/ForeignMinister/turkey",),
                                "asserted")}


def test_bare_title_after_a_name_is_that_persons_office(res):
    """هاکان فیدان وزیر خارجه: the dictionary has him as Turkey's minister, not Iran's."""
    doc = analyse_text(D + "هاکان فیدان وزیر خارجه با عراقچی دیدار کرد.", res)
    title = next(m for m in doc.mentions if m.kind == "title")
    assert (title.text, title.entity, title.org) == ("وزیر خارجه", "fidan", "turkey")
    assert [(r.person, r.position, r.org) for r in doc.roles] == [("fidan", "ForeignMinister", "turkey")]


MORE = [
    # با X، title دیدار کرد: an apposition may end at the verb phrase
    (D + "مکرون با فیدان، وزیر امور خارجه ترکیه دیدار کرد.", {("Meeting", ("macron",), ("fidan",), "asserted")}),
    # X، title، و Y، title، ...: two appositions coordinated after the closing comma
    (D + "سرگئی لاوروف، وزیر امور خارجه روسیه، و هاکان فیدان، وزیر امور خارجه ترکیه، وارد تهران شدند.",
     {("Visit", ("lavrov", "fidan"), ("tehran",), "asserted")}),
    # an honorific between a title and its holder's name
    (D + "رئیس‌جمهور ترکیه جناب رجب طیب اردوغان با پزشکیان دیدار کرد.",
     {("Meeting", ("erdogan",), ("pezeshkian",), "asserted")}),
    # nominal stances: با مخالفت با Y / headline انتقاد X از Y
    (D + "عراقچی با مخالفت با فیدان، سخنانی گفت.", {("Criticism", ("araghchi",), ("fidan",), "asserted")}),
    (D + "انتقاد تند لاوروف از ناتو", {("Criticism", ("lavrov",), ("nato",), "asserted")}),
    # ما از Y می‌خواهیم: a request of the speaker's country
    (D + "لاوروف گفت: ما از ژاپن می‌خواهیم که منطقه را بی‌ثبات نکند.",
     {("Request", ("russia",), ("japan",), "asserted")}),
    # X ادعاهای Y را دروغ خواند: a denial of Y's claims
    (D + "لاوروف ادعاهای فیدان را دروغ خواند.", {("Denial", ("lavrov",), ("fidan",), "asserted")}),
    # به حمایت از Y ادامه داد: a stance the subject keeps up
    (D + "چین به حمایت از فلسطین ادامه خواهد داد.", {("Support", ("china",), ("palestine",), "asserted")}),
    (D + "چین به حمایت از فلسطین پایان داد.", set()),
    # به امضای X و Y رسید: the signers stand between the noun and the verb
    (D + "این سند به امضای عراقچی و لاوروف رسید.", {("AgreementSigning", ("araghchi",), ("lavrov",), "asserted")}),
    # X Y را تحسین کرد / ستود: praise; each party of a coordinated possessor of the object is a target
    (D + "گوترش گفت: تلاش‌های دیپلماتیک ایالات متحده، قطر، مصر و ترکیه را تحسین می‌کنم.",
     {("Praise", ("guterres",), ("usa", "qatar", "egypt", "turkey"), "asserted")}),
    (D + "عراقچی نقش سازنده چین را تحسین کرد.", {("Praise", ("araghchi",), ("china",), "asserted")}),
    # a headline of a nominal trigger and a plural title of two countries: the holders met
    (D + "گفت‌وگوی تلفنی وزرای خارجه ایران و روسیه", {("PhoneCall", ("araghchi",), ("lavrov",), "asserted")}),
    # a (senior) official of a demonym acts for the country, also one alone (مقام ارشد چینی)
    (D + "این مقام ارشد چینی گفت: ما از ژاپن می‌خواهیم که منطقه را بی‌ثبات نکند.",
     {("Request", ("china",), ("japan",), "asserted")}),
    (D + "مقامات ارشد آمریکایی با ایران مذاکره کردند.", {("Negotiation", ("usa",), ("iran",), "asserted")}),
    # officials (and qualifiers) of a named country or body act for it: one mention of it
    (D + "در مذاکرات مقامات ارشد دولت جدید سوریه با مسئولان نیروهای قسد، موضوع مهاجران بررسی شد.",
     {("Negotiation", ("syria",), ("sdf",), "asserted")}),
    (D + "مقامات ایران با هیئت روسی دیدار کردند.", {("Meeting", ("iran",), ("russia",), "asserted")}),
    # a weak alias (ظریف: also "delicate") after با names the person who held an office on that day
    ("date 2019-09-26\nدیدار وزیر خارجه استرالیا با ظریف در حاشیه مجمع عمومی سازمان ملل",
     {("Meeting", ("payne",), ("zarif",), "asserted")}),
    ("date 2024-09-26\nدیدار وزیر خارجه استرالیا با ظریف در حاشیه مجمع عمومی سازمان ملل", set()),
    # a minister of a named portfolio and country is that country's minister (the name beside it stays the party)
    (D + "عراقچی با عیسی کلانتری ، وزیر کشاورزی ایران دیدار کرد.",
     {("Meeting", ("araghchi",), ("person/عیسی_کلانتری",), "asserted")}),
    (D + "وزیر نفت عراق با وزیر نفت ایران دیدار کرد.",
     {("Meeting", ("office/Minister/iraq",), ("office/Minister/iran",), "asserted")}),
    # a demonym's plural is its country's people (فلسطینیان، اسرائیلی‌ها، روس‌ها)
    (D + "آمریکا از اسرائیلی‌ها و فلسطینیان خواست خویشتن‌داری کنند.",
     {("Request", ("usa",), ("israel", "palestine"), "asserted")}),
    # خواستار ... است / هستند: the copula states a demand (not a wish in the subjunctive)
    (D + "سوریه خواستار خروج بی‌قیدوشرط اسرائیل از جولان است.", {("Request", ("syria",), ("israel",), "asserted")}),
    # A title، B title و C title: list items may carry their own titles
    ("date 2025-08-18\nامیرخان متقی وزیر خارجه طالبان، وانگ یی وزیر خارجه چین و اسحاق دار وزیر خارجه پاکستان، "
     "روز چهارشنبه در کابل دیدار خواهند کرد.", {("Meeting", ("muttaqi",), ("wangyi", "ishaq_dar"), "planned")}),
    # قرار است X ...: the finite verb closes its clause, so X (not a possessor further on) is the subject
    (D + "قرار است المقداد با بن فرحان در مورد مسائل دو کشور گفتگو کند.",
     {("Meeting", ("mekdad",), ("faisalbinfarhan",), "planned")}),
    # ... پس از حمله X به Y، این حمله را محکوم کرد: «این حمله» is the attack named before
    (D + "گوترش پس از حمله شبه‌نظامیان حماس به اسرائیل، بار دیگر این حمله را محکوم کرد.",
     {("Criticism", ("guterres",), ("hamas",), "asserted")}),
]


@pytest.mark.parametrize("text, expected", MORE, ids=[c[0].split("\n")[1][:40] for c in MORE])
def test_more_constructions(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


def test_a_noun_phrase_takes_the_modality_of_the_same_trip_elsewhere(res):
    """The headline's سفر X به Y has no tense; the body plans it, so it is planned, not a fact."""
    doc = analyse_text(D + "سفر لاوروف به تهران\nلاوروف هفته آینده به تهران سفر خواهد کرد.", res)
    assert event_rows(doc) == {("Visit", ("lavrov",), ("tehran",), "planned")}


def test_a_denied_trip_of_an_unnamed_delegation_is_denied_wherever_it_is_named(res):
    doc = analyse_text(D + "بقایی سفر هیأت دیپلماتیک ایرانی به عمان را تکذیب کرد. "
                           "پیش از این رویترز خبر از سفر هیأت ایرانی به عمان داده بود.", res)
    assert {(e.type, e.modality) for e in doc.events if e.type == "Visit"} == {("Visit", "denied")}


def test_a_planned_trip_with_its_goal_before_the_verb(res):
    doc = analyse_text(D + "قرار است لاوروف سفری را به تهران داشته باشد.", res)
    assert event_rows(doc) == {("Visit", ("lavrov",), ("tehran",), "planned")}


def test_the_head_of_a_delegation_travels_not_the_delegation_phrase(res):
    doc = analyse_text(D + "عراقچی در رأس هیأتی دیپلماتیک عازم مسکو شد.", res)
    assert event_rows(doc) == {("Visit", ("araghchi",), ("moscow",), "asserted")}


def test_a_bare_group_word_is_no_party(res):
    """دیدار با مقامات: nobody in particular was met; مقامات روسیه still names Russia."""
    assert event_rows(analyse_text(D + "عراقچی با مقامات دیدار کرد.", res)) == set()


def test_talk_between_the_parties_of_a_phone_call_is_that_call(res):
    """Headline رایزنی X و Y, body «X» ... و «Y» ... تلفنی گفت‌وگو کردند: one phone call."""
    doc = analyse_text(D + "رایزنی عراقچی و فیدان\n«عباس عراقچی» وزیر امور خارجه ایران و «هاکان فیدان» "
                           "وزیر امور خارجه ترکیه تلفنی گفت‌وگو کردند.", res)
    assert event_rows(doc) == {("PhoneCall", ("araghchi",), ("fidan",), "asserted")}


def test_a_counterpart_is_the_counterpart_of_its_own_clause_subject(res):
    doc = analyse_text(D + "بقایی گفت که وزیر امور خارجه ترکیه به دعوت همتای ایرانی خود به تهران سفر می‌کند.", res)
    assert event_rows(doc) == {("Invitation", ("araghchi",), ("fidan",), "asserted"),
                               ("Visit", ("fidan",), ("tehran",), "planned")}


def test_a_passive_signing_with_its_agent_before_the_verb(res):
    doc = analyse_text(D + "اسناد همکاری ایران و روسیه به امضای وزیران دو کشور خواهد رسید.", res)
    assert event_rows(doc) == {("AgreementSigning", ("iran",), ("russia",), "planned")}


@pytest.mark.parametrize("text, expected", [
    (D + "در جریان سفر دو روزه لاوروف، وزیر امور خارجه روسیه، به تهران، دو کشور سندی امضا کردند.",
     {("Visit", ("lavrov",), ("tehran",), "asserted")}),
    (D + "عراقچی در حاشیه دیدار با لاوروف گفت.", {("Meeting", ("araghchi",), ("lavrov",), "asserted")}),
], ids=["in-agent visit", "in with a noun between"])
def test_the_in_frame_over_nouns_such_as_jarayan(res, text, expected):
    assert event_rows(analyse_text(text, res)) >= expected


def test_a_name_the_dictionary_lacks_before_a_comma_and_a_title_is_a_person(res):
    doc = analyse_text(D + "یورگوس کاراماناکیس، نخست‌وزیر یونان، با عراقچی دیدار کرد. به گزارش ایرنا، عراقچی گفت.", res)
    assert event_rows(doc) == {("Meeting", ("person/یورگوس_کاراماناکیس",), ("araghchi",), "asserted")}
    assert [(r.person, r.position, r.org) for r in doc.roles][:1] == [("person/یورگوس_کاراماناکیس", "PrimeMinister", "greece")]


@pytest.mark.parametrize("text, expected", [
    (D + "پوتین دعوت پزشکیان را برای سفر به تهران پذیرفت.", {("Invitation", ("pezeshkian",), ("putin",), "asserted")}),
    (D + "پزشکیان پوتین را به تهران دعوت کرد.", {("Invitation", ("pezeshkian",), ("putin",), "asserted")}),
    (D + "عراقچی که هفته گذشته سفری به بغداد داشت، گفت.", {("Visit", ("araghchi",), ("baghdad",), "asserted")}),
    (D + "هر زمان که گروسی تصمیم سفر به تهران داشته باشد، استقبال می‌کنیم.", set()),
], ids=["accepted invitation", "invited as object", "trip in a relative clause", "a decision to travel"])
def test_invitations_and_trips_as_objects(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


@pytest.mark.parametrize("text, expected", [
    # X Y را به ... ، که ... ، متهم کرد: the object stands before a long phrase with commas of its own
    (D + "ترکیه، یونان را به حمایت از گروهی که در سالهای گذشته در مرز فعال بود ، متهم کرد.",
     {("Criticism", ("turkey",), ("greece",), "asserted")}),
    # ... متهم کرد و ... : a finite verb closing a clause keeps an earlier object out
    (D + "ترکیه یونان را تحسین کرد و سپس گروهی را ، که در مرز فعال بود ، متهم کرد.", set()),
    # ضمن درخواست از Y: an adverbial request of the clause's subject
    (D + "لاوروف ضمن درخواست از ترکیه برای میانجیگری، گفت که روسیه آماده است.",
     {("Request", ("lavrov",), ("turkey",), "asserted")}),
], ids=["accused across commas", "no object across a closed clause", "adverbial request"])
def test_objects_far_from_their_verb_and_adverbial_requests(res, text, expected):
    assert {r for r in event_rows(analyse_text(text, res)) if r[0] in ("Criticism", "Request")} == expected


def test_the_head_of_an_organisation_is_a_title_and_congress_a_party(res):
    doc = analyse_text(D + "رئیس بانک جهانی از کنگره آمریکا انتقاد کرد.", res)
    assert event_rows(doc) == {("Criticism", ("office/Head/world_bank",), ("us_congress",), "asserted")}


def test_a_given_name_and_a_surname_unknown_to_the_dictionary_are_a_person(res):
    doc = analyse_text(D + "کاظم رحیمیان امروز با لاوروف دیدار کرد.", res)
    assert event_rows(doc) == {("Meeting", ("person/کاظم_رحیمیان",), ("lavrov",), "asserted")}
    assert doc.entities["person/کاظم_رحیمیان"].found_by == "given-name-rule"
    # a title word after the surname is no part of the name
    doc = analyse_text(D + "مظلوم رحیمیان فرمانده این گروه با لاوروف دیدار کرد.", res)
    assert "person/مظلوم_رحیمیان" in doc.entities


@pytest.mark.parametrize("text, expected", [
    # a symmetric noun, modifiers, then میان/بین and the coordinated parties
    (D + "مذاکرات دوجانبه و خصوصی میان عراقچی و لاوروف در مسکو انجام شد.",
     {("Negotiation", ("araghchi",), ("lavrov",), "asserted")}),
    (D + "گفت‌وگوی تلفنی بین پزشکیان و پوتین برگزار خواهد شد.",
     {("PhoneCall", ("pezeshkian",), ("putin",), "planned")}),
    # هیچ before the noun denies it
    (D + "هیچ دیداری بین عراقچی و لاوروف روی نداده است.", {("Meeting", ("araghchi",), ("lavrov",), "denied")}),
    # a proposal for a meeting between X and Y is no meeting
    (D + "آمریکا پیشنهادی را برای دیدار میان پزشکیان و ترامپ مطرح کرد.", set()),
], ids=["negotiation among", "planned phone call", "no meeting", "a proposed meeting"])
def test_symmetric_nouns_before_mian_and_their_parties(res, text, expected):
    assert {r for r in event_rows(analyse_text(text, res)) if r[0] in ("Negotiation", "PhoneCall", "Meeting")} \
        == expected


def test_this_trip_at_the_invitation_of_x_is_the_travellers(res):
    doc = analyse_text(D + "پزشکیان وارد ایروان شد. این سفر به دعوت پاشینیان انجام شد.", res)
    assert ("Invitation", ("pashinyan",), ("pezeshkian",), "asserted") in event_rows(doc)


@pytest.mark.parametrize("text, expected", [
    # a possessive clitic on the noun: در سفرش به Y (his trip to Y)
    (D + "لاوروف در سفرش به کویت گفت که روسیه آماده است.", {("Visit", ("lavrov",), ("kuwait",), "asserted")}),
    # سعودی standing alone is the country
    (D + "این نخستین سفر لاوروف به سعودی است.", {("Visit", ("lavrov",), ("saudi_arabia",), "asserted")}),
], ids=["safarash", "saudi alone"])
def test_possessive_nouns_and_a_demonym_as_country(res, text, expected):
    assert {r for r in event_rows(analyse_text(text, res)) if r[0] == "Visit"} == expected


def test_a_shared_name_is_the_holder_of_the_office_its_title_names(res):
    """The dictionary's ملک عبدالله is the Saudi king; پادشاه اردن makes him Jordan's, here and later."""
    doc = analyse_text("date 2000-01-10\nملک عبدالله پادشاه اردن با باراک دیدار کرد. ملک عبدالله گفت که با باراک "
                       "دیدار خواهد کرد.", res)
    assert event_rows(doc) == {("Meeting", ("abdullah2",), ("barak",), "asserted"),
                               ("Meeting", ("abdullah2",), ("barak",), "planned")}
    assert [(r.person, r.position, r.org) for r in doc.roles] == [("abdullah2", "King", "jordan")]


@pytest.mark.parametrize("text, expected", [
    # unnamed officials of a country act for it (as event-data coders code them)
    (D + "مقامات ژاپنی با عراقچی دیدار کردند.", {("Meeting", ("japan",), ("araghchi",), "asserted")}),
    (D + "هیئت دیپلماتیک ایرانی به مسقط سفر کرد.", {("Visit", ("iran",), ("muscat",), "asserted")}),
    # با میانجیگری X: the mediator is no partner; the coordinated subject are the parties
    (D + "پاکستان و افغانستان با میانجیگری قطر و ترکیه توافق کردند.",
     {("Agreement", ("pakistan",), ("afghanistan",), "asserted")}),
], ids=["officials", "delegation", "mediation"])
def test_unnamed_officials_and_mediators(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


@pytest.mark.parametrize("text, expected", [
    # دیدار X از (کشور) Y is a visit; a place word may stand before the country
    (D + "پس از دیدار لاوروف از کشور ونزوئلا، گفت‌وگوها ادامه یافت.",
     {("Visit", ("lavrov",), ("venezuela",), "asserted")}),
    # X، title از Y: a preposition closes the apposition, the visit is X's
    (D + "پلیس یونان به مناسبت دیدار رسمی لاوروف ، وزیر خارجه روسیه از این کشور ، تدابیر امنیتی را افزایش داد.",
     {("Visit", ("lavrov",), ("greece",), "asserted")}),
], ids=["didar az keshvar", "apposition closed by az"])
def test_visits_as_didar_az(res, text, expected):
    assert {r for r in event_rows(analyse_text(text, res)) if r[0] == "Visit"} == expected


def test_a_number_of_days_is_no_part_of_a_name(res):
    doc = analyse_text(D + "از سفر 3 روزه یورگوس کاراماناکیس، نخست‌وزیر یونان به آمریکا خبر داد.", res)
    assert not [e for e in doc.entities if "روزه" in e]


def test_names_stop_at_preverbs_and_surnames_name_only_where_a_name_may_stand(res):
    doc = analyse_text(D + "کاظم رحیمیان اعلام کرد که با لاوروف دیدار کرده است. رحیمیان گفت که جمهوری رحیمیان "
                       "وجود ندارد. به دعوت کاظم رحیمیان، لاوروف به تهران سفر کرد.", res)
    names = [(m.sentence, m.text, m.entity) for m in doc.mentions if m.entity == "person/کاظم_رحیمیان"]
    assert names == [(0, "کاظم رحیمیان", "person/کاظم_رحیمیان"), (1, "رحیمیان", "person/کاظم_رحیمیان"),
                     (2, "کاظم رحیمیان", "person/کاظم_رحیمیان")]
    assert ("Invitation", ("person/کاظم_رحیمیان",), ("lavrov",), "asserted") in event_rows(doc)


@pytest.mark.parametrize("text, expected", [
    # a plural title over countries listed without commas, or with commas and و
    (D + "عراقچی تماس تلفنی با وزرای خارجه عربستان اندونزی قطر داشت.",
     {("PhoneCall", ("araghchi",), ("faisalbinfarhan", "sugiono", "althani_m"), "asserted")}),
    (D + "وزرای خارجه ایران، روسیه و ترکیه دیدار کردند.",
     {("Meeting", ("araghchi",), ("lavrov", "fidan"), "asserted")}),
], ids=["no commas", "commas and va"])
def test_plural_titles_over_listed_countries(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


def test_a_denied_claim_opens_a_long_object_with_commas(res):
    text = (D + "زاخارووا ادعاهای قبلی زلنسکی درباره جنگ، ادعای ربودن کودکان، و اتهاماتی درباره مذاکرات "
            "را «دروغ» خواند.")
    assert ("Denial", ("zakharova",), ("zelensky",), "asserted") in event_rows(analyse_text(text, res))


@pytest.mark.parametrize("text, expected", [
    # وزارت خارجه with no country after it is the home ministry; with one, that country's
    ("date 2000-06-01\nوزارت خارجه ادعاهای معاون رئیس‌جمهوری آمریکا را بی پایه و اساس خواند.",
     {("Denial", ("iran_mfa",), ("gore",), "asserted")}),
    (D + "وزارت خارجه روسیه سفیر آلمان را احضار کرد.", {("Criticism", ("russia_mfa",), ("germany",), "asserted")}),
], ids=["home ministry", "foreign ministry named"])
def test_a_bare_ministry_is_the_home_countrys(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


def test_an_envoys_post_belongs_to_the_title_and_a_later_apposition_names_the_headline(res):
    doc = analyse_text(D + "دیدار سفیر جدید روسیه در ایران با عراقچی\n«الکسی کاراماناکیس»، سفیر جدید روسیه در "
                       "تهران، با عراقچی دیدار کرد.", res)
    assert event_rows(doc) == {("Meeting", ("person/الکسی_کاراماناکیس",), ("araghchi",), "asserted")}
    assert not [m for m in doc.mentions if m.entity in ("iran", "tehran")]


def test_x_ba_onvane_title_gives_the_title_its_holder(res):
    doc = analyse_text(D + "پایان مأموریت «کاظم رحیمیان» به عنوان سفیر ایران در دمشق اعلام شد. "
                       "لاوروف از سفیر ایران قدردانی کرد.", res)
    assert ("Praise", ("lavrov",), ("person/کاظم_رحیمیان",), "asserted") in event_rows(doc)


def test_an_unnamed_group_ends_before_the_verb(res):
    doc = analyse_text(D + "لاوروف در فرودگاه مورد استقبال مقامات کنیایی قرار گرفت.", res)
    assert [(m.text, m.entity) for m in doc.mentions if m.source == "group-rule"] == [("مقامات کنیایی", "kenya")]


def test_a_partner_joined_to_an_unnamed_item_stays_behind_its_preposition(res):
    """با رهبر ملی و رئیس‌جمهور X و ...: the named partners are still with با, not the subject."""
    text = D + "پزشکیان در این سفر همچنین با رهبر ملی و رئیس جمهور ترکمنستان و رئیس جمهور روسیه دیدار خواهد کرد."
    assert event_rows(analyse_text(text, res)) == {("Meeting", ("pezeshkian",), ("serdar", "putin"), "planned")}


def test_a_dotted_abbreviation_ends_no_sentence(res):
    doc = analyse_text(D + "خبرنگار بی‌.‌بی‌.‌سی گفت لاوروف با عراقچی دیدار کرد.او رفت.", res)
    assert [s.text for s in doc.sentences] == ["خبرنگار بی‌.‌بی‌.‌سی گفت لاوروف با عراقچی دیدار کرد.", "او رفت."]
