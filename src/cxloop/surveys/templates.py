"""Ready-made surveys a CX team expects, and the built-in `feedback` survey.

Each template is plain data: the survey's texts and its questions, with
their texts in every language the respondent UI ships (en, et, lv, fi, lt).
`services.survey_create_from_template` turns one into rows.
"""

from typing import Any

Texts = dict[str, dict[str, str]]

FEEDBACK_KEY = "feedback"
# Sent by e-mail after a case is resolved (cases schedules it); not offered
# in the template list, every workspace has exactly one under this key.
CASE_FOLLOW_UP_KEY = "case-follow-up"


def _q(
    key: str,
    type_: str,
    texts: Texts,
    *,
    required: bool = False,
    choices: list[dict[str, Any]] | None = None,
    condition: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "type": type_,
        "texts": texts,
        "required": required,
        "choices": choices or [],
        "condition": condition,
    }


def _choice(key: str, texts: dict[str, str]) -> dict[str, Any]:
    return {"key": key, "texts": texts}


TEMPLATES: dict[str, dict[str, Any]] = {
    FEEDBACK_KEY: {
        "name": "Feedback from any channel",
        "touchpoint": "",
        "trigger_event": "",
        "texts": {
            "en": {
                "title": "Your feedback",
                "thank_you": "Thank you for your feedback!",
            },
            "et": {
                "title": "Teie tagasiside",
                "thank_you": "Aitäh tagasiside eest!",
            },
            "lv": {
                "title": "Jūsu atsauksme",
                "thank_you": "Paldies par atsauksmi!",
            },
            "fi": {
                "title": "Palautteesi",
                "thank_you": "Kiitos palautteestasi!",
            },
            "lt": {
                "title": "Jūsų atsiliepimas",
                "thank_you": "Ačiū už atsiliepimą!",
            },
        },
        "questions": [
            _q(
                "rating",
                "rating",
                {
                    "en": {"label": "How would you rate us?"},
                    "et": {"label": "Kuidas meid hindate?"},
                    "lv": {"label": "Kā Jūs mūs novērtētu?"},
                    "fi": {"label": "Millaisen arvosanan antaisit meille?"},
                    "lt": {"label": "Kaip mus įvertintumėte?"},
                },
            ),
            _q(
                "text",
                "text",
                {
                    "en": {"label": "Your feedback", "placeholder": ""},
                    "et": {"label": "Teie tagasiside", "placeholder": ""},
                    "lv": {"label": "Jūsu atsauksme", "placeholder": ""},
                    "fi": {"label": "Palautteesi", "placeholder": ""},
                    "lt": {"label": "Jūsų atsiliepimas", "placeholder": ""},
                },
            ),
        ],
    },
    "relationship_nps": {
        "name": "Relationship NPS",
        "touchpoint": "",
        "trigger_event": "",
        "texts": {
            "en": {
                "title": "A quick question",
                "thank_you": "Thank you! Your answer helps us get better.",
            },
            "et": {
                "title": "Üks kiire küsimus",
                "thank_you": "Aitäh! Teie vastus aitab meil paremaks saada.",
            },
            "lv": {
                "title": "Īss jautājums",
                "thank_you": "Paldies! Jūsu atbilde palīdz mums kļūt labākiem.",
            },
            "fi": {
                "title": "Lyhyt kysymys",
                "thank_you": "Kiitos! Vastauksesi auttaa meitä kehittymään.",
            },
            "lt": {
                "title": "Trumpas klausimas",
                "thank_you": "Ačiū! Jūsų atsakymas padeda mums tobulėti.",
            },
        },
        "questions": [
            _q(
                "nps",
                "nps",
                {
                    "en": {
                        "label": (
                            "How likely are you to recommend us "
                            "to a friend or colleague?"
                        ),
                        "low": "Not at all likely",
                        "high": "Extremely likely",
                    },
                    "et": {
                        "label": (
                            "Kui tõenäoliselt soovitaksite meid sõbrale või kolleegile?"
                        ),
                        "low": "Väga ebatõenäoliselt",
                        "high": "Väga tõenäoliselt",
                    },
                    "lv": {
                        "label": (
                            "Cik ticams, ka Jūs mūs ieteiktu draugam vai kolēģim?"
                        ),
                        "low": "Ļoti maz ticams",
                        "high": "Ļoti ticams",
                    },
                    "fi": {
                        "label": (
                            "Kuinka todennäköisesti suosittelisit meitä "
                            "ystävälle tai kollegalle?"
                        ),
                        "low": "En lainkaan todennäköisesti",
                        "high": "Erittäin todennäköisesti",
                    },
                    "lt": {
                        "label": (
                            "Kokia tikimybė, kad rekomenduotumėte mus "
                            "draugui ar kolegai?"
                        ),
                        "low": "Visiškai netikėtina",
                        "high": "Labai tikėtina",
                    },
                },
                required=True,
            ),
            _q(
                "improve",
                "text",
                {
                    "en": {"label": "What should we do better?"},
                    "et": {"label": "Mida peaksime paremini tegema?"},
                    "lv": {"label": "Ko mums vajadzētu darīt labāk?"},
                    "fi": {"label": "Mitä meidän pitäisi tehdä paremmin?"},
                    "lt": {"label": "Ką turėtume daryti geriau?"},
                },
                condition={"question": "nps", "op": "lte", "value": 6},
            ),
            _q(
                "reason",
                "text",
                {
                    "en": {"label": "What do you like most about us?"},
                    "et": {"label": "Mis teile meie juures kõige rohkem meeldib?"},
                    "lv": {"label": "Kas Jums pie mums patīk visvairāk?"},
                    "fi": {"label": "Mistä pidät meissä eniten?"},
                    "lt": {"label": "Kas Jums mūsų parduotuvėje labiausiai patinka?"},
                },
                condition={"question": "nps", "op": "gte", "value": 7},
            ),
        ],
    },
    "delivery_csat": {
        "name": "CSAT after delivery",
        "touchpoint": "delivery",
        "trigger_event": "order_delivered",
        # Asked by e-mail a couple of hours after the parcel arrives.
        "email_invitations": True,
        "email_delay_minutes": 120,
        "texts": {
            "en": {"title": "How was your delivery?", "thank_you": "Thank you!"},
            "et": {"title": "Kuidas tarne õnnestus?", "thank_you": "Aitäh!"},
            "lv": {"title": "Kā noritēja piegāde?", "thank_you": "Paldies!"},
            "fi": {"title": "Miten toimitus onnistui?", "thank_you": "Kiitos!"},
            "lt": {"title": "Kaip sekėsi pristatymas?", "thank_you": "Ačiū!"},
        },
        "questions": [
            _q(
                "csat",
                "csat",
                {
                    "en": {
                        "label": (
                            "How satisfied are you with the delivery of your order?"
                        ),
                        "low": "Very dissatisfied",
                        "high": "Very satisfied",
                    },
                    "et": {
                        "label": "Kui rahul olete oma tellimuse tarnega?",
                        "low": "Väga rahulolematu",
                        "high": "Väga rahul",
                    },
                    "lv": {
                        "label": "Kā Jūs vērtējat sava pasūtījuma piegādi?",
                        "low": "Ļoti slikti",
                        "high": "Ļoti labi",
                    },
                    "fi": {
                        "label": "Kuinka tyytyväinen olet tilauksesi toimitukseen?",
                        "low": "Erittäin tyytymätön",
                        "high": "Erittäin tyytyväinen",
                    },
                    "lt": {
                        "label": "Kaip vertinate savo užsakymo pristatymą?",
                        "low": "Labai blogai",
                        "high": "Labai gerai",
                    },
                },
                required=True,
            ),
            _q(
                "comment",
                "text",
                {
                    "en": {"label": "Anything we should know?"},
                    "et": {"label": "Kas on veel midagi, mida peaksime teadma?"},
                    "lv": {"label": "Vai ir vēl kas, kas mums būtu jāzina?"},
                    "fi": {"label": "Haluatko kertoa meille vielä jotain?"},
                    "lt": {"label": "Ar yra dar kas nors, ką turėtume žinoti?"},
                },
            ),
        ],
    },
    "support_ces": {
        "name": "CES after a support contact",
        "touchpoint": "support_contact",
        "trigger_event": "case_closed",
        "texts": {
            "en": {"title": "How did we do?", "thank_you": "Thank you!"},
            "et": {"title": "Kuidas me hakkama saime?", "thank_you": "Aitäh!"},
            "lv": {"title": "Kā mums veicās?", "thank_you": "Paldies!"},
            "fi": {"title": "Miten onnistuimme?", "thank_you": "Kiitos!"},
            "lt": {"title": "Kaip mums sekėsi?", "thank_you": "Ačiū!"},
        },
        "questions": [
            _q(
                "ces",
                "ces",
                {
                    "en": {
                        "label": "How easy was it to get your issue resolved?",
                        "low": "Very difficult",
                        "high": "Very easy",
                    },
                    "et": {
                        "label": "Kui lihtne oli teil oma murele lahendus saada?",
                        "low": "Väga keeruline",
                        "high": "Väga lihtne",
                    },
                    "lv": {
                        "label": "Cik viegli bija atrisināt Jūsu jautājumu?",
                        "low": "Ļoti sarežģīti",
                        "high": "Ļoti viegli",
                    },
                    "fi": {
                        "label": "Kuinka helppoa asiasi hoitaminen oli?",
                        "low": "Erittäin vaikeaa",
                        "high": "Erittäin helppoa",
                    },
                    "lt": {
                        "label": "Kaip lengva buvo išspręsti Jūsų klausimą?",
                        "low": "Labai sunku",
                        "high": "Labai lengva",
                    },
                },
                required=True,
            ),
            _q(
                "comment",
                "text",
                {
                    "en": {"label": "What could have made it easier?"},
                    "et": {"label": "Mis oleks teinud selle lihtsamaks?"},
                    "lv": {"label": "Kas to būtu padarījis vienkāršāku?"},
                    "fi": {"label": "Mikä olisi tehnyt siitä helpompaa?"},
                    "lt": {"label": "Kas būtų galėję tai palengvinti?"},
                },
            ),
        ],
    },
    "search_found": {
        "name": "Did you find what you were looking for?",
        "touchpoint": "site_search",
        "trigger_event": "search",
        "texts": {
            "en": {"title": "Quick question", "thank_you": "Thanks, that helps!"},
            "et": {
                "title": "Lühike küsimus",
                "thank_you": "Aitäh, see on meile abiks!",
            },
            "lv": {"title": "Īss jautājums", "thank_you": "Paldies, tas mums palīdz!"},
            "fi": {"title": "Lyhyt kysymys", "thank_you": "Kiitos, tästä on apua!"},
            "lt": {"title": "Trumpas klausimas", "thank_you": "Ačiū, tai mums padės!"},
        },
        "questions": [
            _q(
                "found",
                "yes_no",
                {
                    "en": {"label": "Did you find what you were looking for?"},
                    "et": {"label": "Kas leidsite selle, mida otsisite?"},
                    "lv": {"label": "Vai atradāt to, ko meklējāt?"},
                    "fi": {"label": "Löysitkö etsimäsi?"},
                    "lt": {"label": "Ar radote tai, ko ieškojote?"},
                },
                required=True,
            ),
            _q(
                "looking_for",
                "text",
                {
                    "en": {"label": "What were you looking for?"},
                    "et": {"label": "Mida te otsisite?"},
                    "lv": {"label": "Ko Jūs meklējāt?"},
                    "fi": {"label": "Mitä etsit?"},
                    "lt": {"label": "Ko ieškojote?"},
                },
                condition={"question": "found", "op": "eq", "value": False},
            ),
        ],
    },
    "checkout_abandonment": {
        "name": "What stopped you?",
        "touchpoint": "checkout",
        "trigger_event": "checkout_abandoned",
        "texts": {
            "en": {"title": "Before you go", "thank_you": "Thank you!"},
            "et": {"title": "Enne kui lahkute", "thank_you": "Aitäh!"},
            "lv": {"title": "Pirms dodaties prom", "thank_you": "Paldies!"},
            "fi": {"title": "Ennen kuin lähdet", "thank_you": "Kiitos!"},
            "lt": {"title": "Prieš išeinant", "thank_you": "Ačiū!"},
        },
        "questions": [
            _q(
                "reason",
                "single_choice",
                {
                    "en": {"label": "What stopped you from completing your order?"},
                    "et": {"label": "Mis takistas teil tellimust lõpule viimast?"},
                    "lv": {"label": "Kas Jums traucēja pabeigt pasūtījumu?"},
                    "fi": {"label": "Miksi tilauksesi jäi kesken?"},
                    "lt": {"label": "Kas sutrukdė Jums užbaigti užsakymą?"},
                },
                required=True,
                choices=[
                    _choice(
                        "shipping_cost",
                        {
                            "en": "Shipping costs",
                            "et": "Tarnekulud",
                            "lv": "Piegādes izmaksas",
                            "fi": "Toimituskulut",
                            "lt": "Pristatymo kaina",
                        },
                    ),
                    _choice(
                        "delivery_time",
                        {
                            "en": "Delivery takes too long",
                            "et": "Tarne võtab liiga kaua aega",
                            "lv": "Piegāde aizņem pārāk ilgu laiku",
                            "fi": "Toimitus kestää liian kauan",
                            "lt": "Pristatymas užtrunka per ilgai",
                        },
                    ),
                    _choice(
                        "payment",
                        {
                            "en": "Payment method missing or failed",
                            "et": "Sobiv makseviis puudus või makse ebaõnnestus",
                            "lv": (
                                "Nebija piemērota maksājuma veida "
                                "vai maksājums neizdevās"
                            ),
                            "fi": "Sopiva maksutapa puuttui tai maksu epäonnistui",
                            "lt": (
                                "Nebuvo tinkamo mokėjimo būdo arba mokėjimas nepavyko"
                            ),
                        },
                    ),
                    _choice(
                        "price",
                        {
                            "en": "Total price too high",
                            "et": "Koguhind on liiga kõrge",
                            "lv": "Kopējā cena ir pārāk augsta",
                            "fi": "Kokonaishinta on liian korkea",
                            "lt": "Bendra kaina per didelė",
                        },
                    ),
                    _choice(
                        "just_browsing",
                        {
                            "en": "Just looking around",
                            "et": "Vaatasin lihtsalt ringi",
                            "lv": "Tikai apskatījos",
                            "fi": "Katselin vain",
                            "lt": "Tik apsidairiau",
                        },
                    ),
                    _choice(
                        "other",
                        {
                            "en": "Something else",
                            "et": "Muu põhjus",
                            "lv": "Cits iemesls",
                            "fi": "Jokin muu",
                            "lt": "Kita priežastis",
                        },
                    ),
                ],
            ),
            _q(
                "comment",
                "text",
                {
                    "en": {"label": "Tell us more"},
                    "et": {"label": "Kirjutage lähemalt"},
                    "lv": {"label": "Pastāstiet vairāk"},
                    "fi": {"label": "Kerro lisää"},
                    "lt": {"label": "Papasakokite plačiau"},
                },
            ),
        ],
    },
    "product_page_content": {
        "name": "Did this page answer your questions?",
        "touchpoint": "product_page",
        "trigger_event": "product_viewed",
        "texts": {
            "en": {"title": "Was this page helpful?", "thank_you": "Thank you!"},
            "et": {"title": "Kas sellest lehest oli abi?", "thank_you": "Aitäh!"},
            "lv": {"title": "Vai šī lapa bija noderīga?", "thank_you": "Paldies!"},
            "fi": {"title": "Oliko tästä sivusta apua?", "thank_you": "Kiitos!"},
            "lt": {"title": "Ar šis puslapis buvo naudingas?", "thank_you": "Ačiū!"},
        },
        "questions": [
            _q(
                "answered",
                "yes_no",
                {
                    "en": {"label": "Did this page answer your questions?"},
                    "et": {
                        "label": "Kas leidsite sellelt lehelt vastused oma küsimustele?"
                    },
                    "lv": {
                        "label": "Vai šajā lapā atradāt atbildes uz saviem jautājumiem?"
                    },
                    "fi": {"label": "Saitko tältä sivulta vastaukset kysymyksiisi?"},
                    "lt": {
                        "label": "Ar šiame puslapyje radote atsakymus į savo klausimus?"
                    },
                },
                required=True,
            ),
            _q(
                "missing",
                "text",
                {
                    "en": {"label": "What was missing?"},
                    "et": {"label": "Mis jäi puudu?"},
                    "lv": {"label": "Kā pietrūka?"},
                    "fi": {"label": "Mitä jäi puuttumaan?"},
                    "lt": {"label": "Ko trūko?"},
                },
                condition={"question": "answered", "op": "eq", "value": False},
            ),
        ],
    },
}

# What the team calls each ready-made survey, in every language, so the
# dashboard shows it in the reader's language (`Survey.display_name`).
NAMES: dict[str, dict[str, str]] = {
    FEEDBACK_KEY: {
        "en": "Feedback from any channel",
        "et": "Tagasiside kõigist kanalitest",
        "lv": "Atsauksmes no visiem kanāliem",
        "fi": "Palaute kaikista kanavista",
        "lt": "Atsiliepimai iš visų kanalų",
    },
    "relationship_nps": {
        "en": "Relationship NPS",
        "et": "Suhte NPS",
        "lv": "Attiecību NPS",
        "fi": "Asiakassuhteen NPS",
        "lt": "Santykio NPS",
    },
    "delivery_csat": {
        "en": "CSAT after delivery",
        "et": "Rahulolu pärast tarnet",
        "lv": "Apmierinātība pēc piegādes",
        "fi": "Tyytyväisyys toimituksen jälkeen",
        "lt": "Pasitenkinimas po pristatymo",
    },
    "support_ces": {
        "en": "CES after a support contact",
        "et": "Pingutus pärast pöördumist klienditoesse",
        "lv": "Piepūle pēc saziņas ar atbalstu",
        "fi": "Vaivattomuus asiakaspalvelun jälkeen",
        "lt": "Pastangos po kreipimosi į pagalbą",
    },
    "search_found": {
        "en": "Did you find what you were looking for?",
        "et": "Kas leidsite, mida otsisite?",
        "lv": "Vai atradāt meklēto?",
        "fi": "Löysitkö etsimäsi?",
        "lt": "Ar radote, ko ieškojote?",
    },
    "checkout_abandonment": {
        "en": "What stopped you?",
        "et": "Mis teid takistas?",
        "lv": "Kas jūs apturēja?",
        "fi": "Mikä esti sinua?",
        "lt": "Kas jus sustabdė?",
    },
    "product_page_content": {
        "en": "Did this page answer your questions?",
        "et": "Kas see leht vastas teie küsimustele?",
        "lv": "Vai šī lapa atbildēja uz jūsu jautājumiem?",
        "fi": "Vastasiko tämä sivu kysymyksiisi?",
        "lt": "Ar šis puslapis atsakė į jūsų klausimus?",
    },
}
for _template, _names in NAMES.items():
    for _code, _name in _names.items():
        TEMPLATES[_template]["texts"].setdefault(_code, {})["name"] = _name


CASE_FOLLOW_UP: dict[str, Any] = {
    "name": "Follow-up after a resolved case",
    "touchpoint": "support_contact",
    "trigger_event": "",
    "email_invitations": True,
    # The next day: time to see that the fix holds before being asked.
    "email_delay_minutes": 24 * 60,
    "texts": {
        "en": {
            "name": "Follow-up after a resolved case",
            "title": "Your case is resolved",
            "thank_you": "Thank you! Your answer helps us get better.",
        },
        "et": {
            "name": "Järelküsitlus pärast lahendatud pöördumist",
            "title": "Teie pöördumine on lahendatud",
            "thank_you": "Aitäh! Teie vastus aitab meil paremaks saada.",
        },
        "lv": {
            "name": "Aptauja pēc atrisināta pieprasījuma",
            "title": "Jūsu pieprasījums ir atrisināts",
            "thank_you": "Paldies! Jūsu atbilde palīdz mums kļūt labākiem.",
        },
        "fi": {
            "name": "Seurantakysely ratkaistun asian jälkeen",
            "title": "Asiasi on ratkaistu",
            "thank_you": "Kiitos! Vastauksesi auttaa meitä kehittymään.",
        },
        "lt": {
            "name": "Apklausa po išspręsto kreipimosi",
            "title": "Jūsų kreipimasis išspręstas",
            "thank_you": "Ačiū! Jūsų atsakymas padeda mums tobulėti.",
        },
    },
    "questions": [
        _q(
            "ces",
            "ces",
            {
                "en": {
                    "label": "How easy was it to get this resolved?",
                    "low": "Very difficult",
                    "high": "Very easy",
                },
                "et": {
                    "label": "Kui lihtne oli selle lahenduseni jõuda?",
                    "low": "Väga keeruline",
                    "high": "Väga lihtne",
                },
                "lv": {
                    "label": "Cik viegli bija panākt šī jautājuma atrisināšanu?",
                    "low": "Ļoti sarežģīti",
                    "high": "Ļoti viegli",
                },
                "fi": {
                    "label": "Kuinka helppoa asian ratkaiseminen oli?",
                    "low": "Erittäin vaikeaa",
                    "high": "Erittäin helppoa",
                },
                "lt": {
                    "label": "Kaip lengva buvo tai išspręsti?",
                    "low": "Labai sunku",
                    "high": "Labai lengva",
                },
            },
            required=True,
        ),
        _q(
            "comment",
            "text",
            {
                "en": {"label": "What could have made it easier?"},
                "et": {"label": "Mis oleks teinud selle lihtsamaks?"},
                "lv": {"label": "Kas to būtu padarījis vienkāršāku?"},
                "fi": {"label": "Mikä olisi tehnyt siitä helpompaa?"},
                "lt": {"label": "Kas būtų galėję tai palengvinti?"},
            },
        ),
    ],
}
