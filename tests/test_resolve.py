"""Actors resolved by date and context (issue: office holders, coreference, metonymy).

Each case is a sentence we wrote or a seed sentence, with the exact events expected:
(type, actor ids, target ids, modality).
"""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import analyse_text, event_rows

CASES = [
    # titles resolve to the office holder on the document's date
    ("date 2025-11-18\nوزیر امور خارجه ایران با وزیر خارجه روسیه دیدار کرد.",
     {("Meeting", ("araghchi",), ("lavrov",), "asserted")}),
    ("date 2021-11-18\nوزیر امور خارجه ایران با وزیر خارجه روسیه دیدار کرد.",
     {("Meeting", ("amirabdollahian",), ("lavrov",), "asserted")}),
    ("date 1999-11-18\nوزیر خارجه کشورمان به مسکو سفر کرد.",
     {("Visit", ("kharazi",), ("moscow",), "asserted")}),
    ("date 2025-11-18\nرئیس دستگاه دیپلماسی به مسکو سفر کرد.",
     {("Visit", ("araghchi",), ("moscow",), "asserted")}),
    ("date 2025-11-18\nعالی‌ترین مقام دستگاه دیپلماسی ایران به مسکو سفر کرد.",
     {("Visit", ("araghchi",), ("moscow",), "asserted")}),
    # رئیس‌جمهور alone is Iran's president; همتای تاجیک خود the Tajik holder of the same office
    ("date 2025-11-18\nرئیس‌جمهور به دوشنبه سفر کرد و با همتای تاجیک خود دیدار کرد.",
     {("Meeting", ("pezeshkian",), ("rahmon",), "asserted")}),
    # pronouns and the pair
    ("date 2025-11-18\nعراقچی به هلند سفر کرد. وی با وزیر خارجه هلند دیدار کرد.",
     {("Visit", ("araghchi",), ("netherlands",), "asserted"),
      ("Meeting", ("araghchi",), ("office/ForeignMinister/netherlands",), "asserted")}),
    ("date 2025-11-18\nعراقچی با وزیر خارجه هلند دیدار کرد. طرف هلندی از ایران قدردانی کرد.",
     {("Meeting", ("araghchi",), ("office/ForeignMinister/netherlands",), "asserted"),
      ("Praise", ("office/ForeignMinister/netherlands",), ("iran",), "asserted")}),
    ("date 2025-11-18\nطرف روس از ایران قدردانی کرد.",
     {("Praise", ("russia",), ("iran",), "asserted")}),
    ("date 2025-11-18\nعراقچی به روسیه سفر کرد. این کشور از ایران حمایت کرد.",
     {("Visit", ("araghchi",), ("russia",), "asserted"), ("Support", ("russia",), ("iran",), "asserted")}),
    ("date 2025-11-18\nلاوروف به تهران آمد. او با عراقچی دیدار کرد.",
     {("Visit", ("lavrov",), ("tehran",), "asserted"), ("Meeting", ("lavrov",), ("araghchi",), "asserted")}),
    ("date 2025-11-18\nرافائل گروسی هفته آینده به تهران می‌آید.", {("Visit", ("grossi",), ("tehran",), "planned")}),
    ("date 2025-11-18\nاین تحولات به وجود آمد.", set()),
    # summoning an envoy is criticising the envoy's country; a congratulation goes to whom it names
    ("date 2025-11-18\nسفیر انگلیس به وزارت امور خارجه احضار شد.", {("Criticism", ("iran_mfa",), ("uk",), "asserted")}),   # the home ministry summons
    ("date 2025-11-18\nوزارت امور خارجه ایران سفیر آلمان در تهران را احضار کرد.",
     {("Criticism", ("iran_mfa",), ("germany",), "asserted")}),
    ("date 2025-11-18\nپزشکیان در پیامی پیروزی رئیس‌جمهور منتخب لهستان را تبریک گفت.",
     {("Praise", ("pezeshkian",), ("office/PresidentElect/poland",), "asserted")}),
    ("date 2025-11-18\nپزشکیان پیروزی در انتخابات را به پوتین تبریک گفت.",
     {("Praise", ("pezeshkian",), ("putin",), "asserted")}),
    # hosting; a nominal visit; requests of a group; طرفین after a sentence naming two countries in titles
    ("date 2025-07-02\nپوتین رئیس‌جمهور روسیه دیروز میزبان نخست‌وزیر هند بود. دو طرف درباره روابط اقتصادی گفت‌وگو کردند.",
     {("Meeting", ("putin",), ("modi",), "asserted"), ("Meeting", ("russia",), ("india",), "asserted")}),
    ("date 2025-07-02\nوزارت خارجه روسیه از سفر قریب‌الوقوع عراقچی به مسکو خبر داد.",
     {("Visit", ("araghchi",), ("moscow",), "planned")}),
    ("date 2025-07-02\nرهبران گروه هفت از ایران خواستند به میز مذاکره بازگردد.", {("Request", ("g7",), ("iran",), "asserted")}),
    # دو طرف / دو کشور with no pair in their sentence: the countries of the last call or meeting
    ("date 2025-08-03\nپزشکیان در تماس تلفنی با اردوغان درباره غزه گفت‌وگو کرد. وی از ترکیه و قطر تشکر کرد. "
     "دو طرف توافق کردند.",
     {("PhoneCall", ("pezeshkian",), ("erdogan",), "asserted"), ("Praise", ("pezeshkian",), ("turkey", "qatar"), "asserted"),
      ("Agreement", ("iran",), ("turkey",), "asserted")}),
    ("date 2025-11-18\nعراقچی با لاوروف دیدار کرد. در پایان این دیدار یادداشت تفاهمی میان وزارت امور خارجه دو کشور به امضا رسید.",
     {("Meeting", ("araghchi",), ("lavrov",), "asserted"), ("AgreementSigning", ("iran",), ("russia",), "asserted")}),
    ("date 2025-11-18\nعراقچی با وانگ یی دیدار کرد. سه سند همکاری با امضای وزیران خارجه دو کشور به امضا رسید.",
     {("Meeting", ("araghchi",), ("wangyi",), "asserted"), ("AgreementSigning", ("araghchi",), ("wangyi",), "asserted")}),
    # وی is the previous sentence's subject, not a name inside its object
    ("date 2025-11-18\nعراقچی ادعای رویترز درباره دیدار لاوروف با گروسی را رد کرد. وی سپس با لاوروف دیدار کرد.",
     {("Denial", ("araghchi",), ("reuters",), "asserted"), ("Meeting", ("lavrov",), ("grossi",), "denied"),
      ("Meeting", ("araghchi",), ("lavrov",), "asserted")}),
    ("date 2025-11-18\nلاوروف از حق ایران حمایت کرد و اقدامات تحریمی آمریکا علیه ایران را محکوم کرد.",
     {("Support", ("lavrov",), ("iran",), "asserted"), ("Criticism", ("lavrov",), ("usa",), "asserted")}),
    ("date 2025-03-09\nوانگ یی دعوت رسمی شی جین‌پینگ از پزشکیان برای سفر به پکن را تسلیم کرد.",
     {("Invitation", ("xi",), ("pezeshkian",), "asserted")}),
    ("date 2025-11-18\nفرستاده ویژه آمریکا به مسقط سفر کرد.", {("Visit", ("witkoff",), ("muscat",), "asserted")}),
    # second review: sentences that misfired
    ("date 2025-11-18\nپاکستان حمله به ایران را محکوم کرد.", {("Criticism", ("pakistan",), ("iran",), "asserted")}),
    ("date 2025-11-18\nبقایی از تحریم‌های مالی آمریکا علیه ایران انتقاد کرد.",
     {("Criticism", ("baghaei",), ("usa",), "asserted")}),
    ("date 2025-11-18\nعراقچی و معاون وی با وزیر خارجه چین دیدار کردند.",
     {("Meeting", ("araghchi",), ("wangyi",), "asserted")}),
    ("date 2025-11-18\nعراقچی گفت ایران آماده گفت‌وگو با آمریکا نیست.", set()),
    ("date 2025-11-18\nپزشکیان گفت تمایلی به دیدار با ترامپ ندارد.", set()),
    ("date 2025-11-18\nنخست‌وزیر سابق پاکستان به دادگاه احضار شد.", set()),
    ("date 2025-11-18\nکاردار سوئیس به وزارت خارجه احضار شد.", {("Criticism", ("iran_mfa",), ("switzerland",), "asserted")}),
    ("date 2025-11-18\nعراقچی به مسکو رفت. باران شدیدی به تهران آمد.",
     {("Visit", ("araghchi",), ("moscow",), "asserted")}),
    ("date 2025-11-18\nپیام رئیس‌جمهور روسیه به تهران آمد.", set()),
    ("date 2025-11-18\nلاوروف به تهران خواهد آمد.", {("Visit", ("lavrov",), ("tehran",), "planned")}),
    ("date 2025-11-18\nعراقچی به مسکو رفت. نیروهای اسرائیلی وارد خاک سوریه شدند.",
     {("Visit", ("araghchi",), ("moscow",), "asserted")}),
    ("date 2025-11-18\nسفر پوتین به تهران لغو شد.", {("Visit", ("putin",), ("tehran",), "denied")}),
    ("date 2025-11-18\nعراقچی پیروزی تیم ملی فوتبال ایران را تبریک گفت.", set()),
    ("date 2025-11-18\nعراقچی تهران را ترک کرد و وارد مسکو شد.", {("Visit", ("araghchi",), ("moscow",), "asserted")}),
    # در دیدار X (no با): X is the one met; در رایزنی X و Y: they met each other
    ("date 2025-11-18\nمعاون اول رئیس‌جمهور در دیدار وزیر خارجه عراق گفت روابط دو کشور راهبردی است.",
     {("Meeting", ("aref",), ("fuadhussein",), "asserted")}),
    ("date 2025-11-18\nاحتمال مطرح شدن موضوع برنامه هسته‌ای ایران در رایزنی پزشکیان و پوتین",
     {("Meeting", ("pezeshkian",), ("putin",), "hypothetical")}),
    # welcoming a statement, asking a group, reaching an understanding, calling an act a violation
    ("date 2025-06-10\nبقایی از بیانیه پایانی نشست سران بریکس استقبال کرد.", {("Praise", ("baghaei",), ("brics",), "asserted")}),
    ("date 2025-06-10\nعراقچی از کشورهای اسلامی خواست متحد شوند.",
     {("Request", ("araghchi",), ("group/کشورهای_اسلامی",), "asserted")}),
    ("date 2025-06-10\nایران و آژانس بین‌المللی انرژی اتمی بر سر چارچوب همکاری به تفاهم رسیدند.",
     {("Agreement", ("iran",), ("iaea",), "asserted")}),
    ("date 2025-06-10\nایران حملات آمریکا به یمن را نقض آشکار قوانین بین‌المللی خواند.",
     {("Criticism", ("iran",), ("usa",), "asserted")}),
    ("date 2025-06-10\nعراقچی گفت: انتظار داریم اروپا به تعهدات خود عمل کند.", {("Request", ("iran",), ("eu",), "asserted")}),
    # an adviser or deputy of an office is not its holder
    ("date 2025-11-18\nکاظم غریب‌آبادی معاون حقوقی وزیر خارجه با معاون وزیر خارجه روسیه رایزنی کرد.",
     {("Meeting", ("person/کاظم_غریبابادی",), ("office/DeputyForeignMinister/russia",), "asserted")}),
    ("date 2025-11-18\nمشاور ویژه وزیر امور خارجه به مسکو سفر کرد.", set()),
    # the party condemned or asked is the one acting in the object, not the one behind a preposition
    ("date 2025-11-18\nسخنگوی وزارت امور خارجه حمله رژیم صهیونیستی به سوریه را محکوم کرد.",
     {("Criticism", ("baghaei",), ("israel",), "asserted")}),
    ("date 2025-11-18\nعراقچی خواستار توقف فوری حملات رژیم صهیونیستی به غزه شد.",
     {("Request", ("araghchi",), ("israel",), "asserted")}),
    ("date 2025-11-18\nاسماعیل بقایی ادعای رسانه‌های غربی درباره مذاکره ایران و آمریکا را بی‌اساس خواند.",
     {("Denial", ("baghaei",), ("group/رسانههای_غربی",), "asserted"), ("Negotiation", ("iran",), ("usa",), "denied")}),
    ("date 2025-11-18\nایران و روسیه به توافق رسیدند. طرفین یادداشت تفاهم امضا کردند.",
     {("Agreement", ("iran",), ("russia",), "asserted"), ("AgreementSigning", ("iran",), ("russia",), "asserted")}),
    ("date 2025-11-18\nایران و روسیه توافق کردند. دو کشور یادداشت تفاهم امضا کردند.",
     {("Agreement", ("iran",), ("russia",), "asserted"), ("AgreementSigning", ("iran",), ("russia",), "asserted")}),
    # "we" of an Iranian official is Iran (but "we met" is his delegation)
    ("date 2025-11-18\nعراقچی گفت: ما با روسیه توافق کردیم.",
     {("Agreement", ("iran",), ("russia",), "asserted")}),
    ("date 2025-11-18\nعراقچی گفت: ما با لاوروف در مسکو دیدار کردیم و توافق کردیم.",
     {("Meeting", ("araghchi",), ("lavrov",), "asserted"), ("Agreement", ("iran",), ("russia",), "asserted")}),
    # capitals: political actors stand for the country; visit targets stay places
    ("date 2025-11-18\nتهران و مسکو قرارداد همکاری امضا کردند.",
     {("AgreementSigning", ("iran",), ("russia",), "asserted")}),
    ("date 2025-11-18\nبروکسل از ایران انتقاد کرد.", {("Criticism", ("eu",), ("iran",), "asserted")}),
    ("date 2025-11-18\nوین از ایران انتقاد کرد.", set()),          # Vienna stands for no one (talks, IAEA)
    # every UN member is in the gazetteer; a country name that is also a word needs context
    ("date 2025-11-18\nوزیر خارجه لوکزامبورگ با عراقچی دیدار کرد.",
     {("Meeting", ("office/ForeignMinister/luxembourg",), ("araghchi",), "asserted")}),
    ("date 2025-11-18\nرئیس جمهور مالی به تهران سفر کرد.",
     {("Visit", ("office/President/mali",), ("tehran",), "asserted")}),
    ("date 2025-11-18\nدولت مالی از ایران قدردانی کرد.", {("Praise", ("mali",), ("iran",), "asserted")}),
    ("date 2025-11-18\nمعاون مالی وزارت خارجه از ایران قدردانی کرد.", set()),
    ("date 2025-11-18\nپزشکیان به مسکو سفر کرد.",
     {("Visit", ("pezeshkian",), ("moscow",), "asserted")}),
    # a short name after the full one; an unknown person with a title
    ("date 2025-11-18\nرافائل گروسی به تهران سفر کرد. گروسی با عراقچی دیدار کرد.",
     {("Visit", ("grossi",), ("tehran",), "asserted"), ("Meeting", ("grossi",), ("araghchi",), "asserted")}),
    ("date 2025-11-18\nپیتر یانسن وزیر خارجه هلند با عراقچی دیدار کرد. یانسن از ایران قدردانی کرد.",
     {("Meeting", ("person/پیتر_یانسن",), ("araghchi",), "asserted"),
      ("Praise", ("person/پیتر_یانسن",), ("iran",), "asserted")}),
    # modality: planned, denied (with and without a claimant), hypothetical; false friends
    ("date 2025-11-18\nعراقچی قرار است هفته آینده با لاوروف دیدار کند.",
     {("Meeting", ("araghchi",), ("lavrov",), "planned")}),
    ("date 2025-11-18\nبقایی دیدار عراقچی با وزیر خارجه آمریکا را تکذیب کرد.",
     {("Meeting", ("araghchi",), ("rubio",), "denied")}),
    ("date 2025-11-18\nعراقچی دیدار با وزیر خارجه آمریکا را تکذیب کرد.",
     {("Meeting", ("araghchi",), ("rubio",), "denied")}),
    ("date 2025-11-18\nعراقچی پس از دیدار با لاوروف به تهران بازگشت.",
     {("Meeting", ("araghchi",), ("lavrov",), "asserted")}),
    ("date 2025-11-18\nبقایی در پاسخ به این پرسش که آیا ایران با آمریکا مذاکره خواهد کرد، گفت تصمیمی گرفته نشده است.",
     {("Negotiation", ("iran",), ("usa",), "hypothetical")}),
    ("date 2025-11-18\nاگر آمریکا تحریم‌ها را لغو کند، عراقچی با روبیو دیدار خواهد کرد.",
     {("Meeting", ("araghchi",), ("rubio",), "hypothetical")}),
    ("date 2025-11-18\nبقایی گفت که دیدار عراقچی با لاوروف انجام شد اما مذاکره با آمریکا را تکذیب کرد.",
     {("Meeting", ("araghchi",), ("lavrov",), "asserted")}),
    ("date 2025-11-18\nدیدار تیم ملی فوتبال ایران با ژاپن برگزار شد.", set()),
    # a surname that is also a word counts only after the full name, an honorific or before a title
    ("date 2025-11-18\nیک روحانی برجسته با سفیر عراق دیدار کرد.",
     set()),
    ("date 2025-11-18\nصادق لاریجانی با لاوروف دیدار کرد.", set()),
    ("date 2025-11-18\nآقای ظریف با لاوروف دیدار کرد.", {("Meeting", ("zarif",), ("lavrov",), "asserted")}),
    ("date 2025-11-18\nمحمدجواد ظریف به مسکو سفر کرد. ظریف با لاوروف دیدار کرد.",
     {("Visit", ("zarif",), ("moscow",), "asserted"), ("Meeting", ("zarif",), ("lavrov",), "asserted")}),
    # only a person accompanied on the trip travels too
    ("date 2025-11-18\nعراقچی پیام پزشکیان را در سفر به مسکو همراهی کرد.",
     {("Visit", ("araghchi",), ("moscow",), "asserted")}),
    ("date 2025-11-18\nعراقچی در گفت‌وگو با خبرگزاری ایرنا گفت.", set()),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0].split("\n")[1][:40] for c in CASES])
def test_events_are_resolved(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


def test_relative_days_are_counted_from_the_document_date(res):
    doc = analyse_text("date 2025-11-18\nعراقچی دیروز با لاوروف دیدار کرد. پریروز به مسکو سفر کرد.", res)
    assert [(e.type, e.date.isoformat()) for e in doc.events] == [("Meeting", "2025-11-17"), ("Visit", "2025-11-16")]


def test_a_weekday_is_the_last_such_day_up_to_the_document_date(res):
    doc = analyse_text("date 2025-11-18\nعراقچی روز یکشنبه با لاوروف دیدار کرد.", res)   # 2025-11-18 is a Tuesday
    assert [e.date.isoformat() for e in doc.events] == ["2025-11-16"]


def test_jalali_date_in_the_text_dates_the_document(res):
    doc = analyse_text("تهران - سه‌شنبه ۲۷ آبان ۱۴۰۴\nعراقچی با لاوروف دیدار کرد.", res)
    assert doc.date.isoformat() == "2025-11-18"
    assert doc.events[0].actor_ids == ["araghchi"]


def test_seed_president_visit_to_tajikistan_needs_the_date(seed_docs):
    """Seed 002: the unnamed president (Jan 2025) is Pezeshkian."""
    visits = {(e.actor_ids[0], e.target_ids[0]) for e in seed_docs["002_012c5d34e2e930a6"].events if e.type == "Visit"}
    assert ("pezeshkian", "tajikistan") in visits or ("pezeshkian", "dushanbe") in visits


def test_roles_come_from_appositions_and_from_titles_by_date(res):
    doc = analyse_text("date 2021-11-18\nوزیر امور خارجه ایران با سرگئی لاوروف وزیر خارجه روسیه دیدار کرد.", res)
    assert {(r.person, r.position, r.org, r.rule) for r in doc.roles} == {
        ("amirabdollahian", "ForeignMinister", "iran", "office-holder"),
        ("lavrov", "ForeignMinister", "russia", "apposition")}


runner = CliRunner()


def test_kg_entity_resolves_a_title_on_a_date():
    result = runner.invoke(app, ["entity", "وزیر امور خارجه ایران", "--date", "1999-06-01", "--store", "/nonexistent"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first == "کمال خرازی  Kamal Kharazi  (ent:kharazi, Person)"
    assert "وزیر امور خارجه ایران (Foreign Minister of Iran): 1997-08-20 – 2005-08-24 ◀" in result.stdout


def test_kg_entity_lists_appearances_in_the_store(seed_store):
    result = runner.invoke(app, ["entity", "عراقچی", "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert "Wikidata" not in result.stdout.splitlines()[0]
    assert "PhoneCall" in result.stdout and "بدر عبدالعاطی" in result.stdout


def test_kg_entity_unknown_name_is_a_one_line_error():
    result = runner.invoke(app, ["entity", "فلانی", "--store", "/nonexistent"])
    assert result.exit_code == 1
    assert result.stderr == "kg: 'فلانی': no entity of that name or title\n"


def test_kg_entity_bad_date_is_a_usage_error():
    result = runner.invoke(app, ["entity", "عراقچی", "--date", "1999-13-01"])
    assert result.exit_code == 2
    assert result.stderr == "kg: --date '1999-13-01': not a date (YYYY-MM-DD)\n"


def test_kg_entity_refuses_two_names_at_once():
    result = runner.invoke(app, ["entity", "عراقچی و لاوروف", "--store", "/nonexistent"])
    assert result.exit_code == 1
    assert result.stderr == "kg: 'عراقچی و لاوروف': names more than one entity (araghchi, lavrov); give one\n"


def test_kg_entity_searches_the_store_with_any_characters(seed_store):
    result = runner.invoke(app, ["entity", 'a"b\\\nc', "--store", str(seed_store)])
    assert result.exit_code == 1
    assert result.stderr == "kg: 'a\"b\\\\\\nc': no entity of that name or title\n"


@pytest.mark.parametrize("text, expected", [
    # a former title is never the holder of the day
    ("date 2025-06-01\nوزیر خارجه سابق ایران با لاوروف دیدار کرد.",
     {("Meeting", ("office/ForeignMinister/iran/former",), ("lavrov",), "asserted")}),
    # an office nobody held on the date: its last holder
    ("date 2000-06-01\nشاه سابق افغانستان از رهبران طرفهای درگیر برای گفت‌وگو دعوت کرد.",
     {("Invitation", ("zahir_shah",), ("group/رهبران_طرفهای_درگیر",), "asserted")}),
    # a name given a former title does not become the title's holder for the rest of the text
    ("date 2025-06-01\nمحمدجواد ظریف، وزیر امور خارجه پیشین ایران، با لاوروف دیدار کرد. "
     "وزیر خارجه ایران نیز با لاوروف دیدار کرد.",
     {("Meeting", ("zarif",), ("lavrov",), "asserted"), ("Meeting", ("araghchi",), ("lavrov",), "asserted")}),
], ids=["former, office held", "former, office vacant", "former apposition"])
def test_a_former_title(res, text, expected):
    assert event_rows(analyse_text(text, res)) == expected


def test_a_former_office_has_its_own_label(res):
    doc = analyse_text("date 2025-06-01\nوزیر خارجه سابق ایران با لاوروف دیدار کرد.", res)
    entity = doc.entities["office/ForeignMinister/iran/former"]
    assert (entity.fa, entity.en) == ("وزیر امور خارجه سابق ایران", "former Foreign Minister of Iran")
