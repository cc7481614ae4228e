"""What the demo shop's customers write, search for and are called.

`cxloop demo` (see `demodata.responses`) draws a year of survey answers from
these lists. Everything here is original text written for the demo: feedback
comments for a Baltic home & electronics e-shop that delivers by courier and
to parcel lockers, in the customers' own voice, typos and all.

`COMMENTS[language][topic][polarity]` is a list of comments, for the
languages et, lv, fi, lt and en; topics are the keys of every language's
dict (delivery_speed … loyalty) and polarities are negative, neutral and
positive. Negative `search` and `stock` comments also read as an answer to
"What were you looking for?", and negative `product_info` ones to "What was
missing?", because the search and product-page surveys use them that way.
"""

Comments = dict[str, dict[str, list[str]]]


# Estonian.
_ET: Comments = {
    "delivery_speed": {
        "negative": [
            "Jõulude eel venis tarne 9 päeva.",
            (
                "Tellisin esmaspäeval, kätte sain alles järgmise nädala kolmapäeval. "
                "Lehel lubati 1–3 tööpäeva."
            ),
            "Liiga aeglane tarne.",
            'Jälgimislingi järgi oli pakk viis päeva "teel" ja midagi ei liikunud.',
            (
                "Maksin kiirtarne eest ja pakk tuli ikkagi 4 päevaga. "
                "Milles see kiirus siis seisnes?"
            ),
            (
                "Jõulukink jõudis kohale 27. detsembril. "
                "Pärast jõule pole sellest enam suurt rõõmu."
            ),
            (
                "Kassas lubati 2 päeva, tegelikult läks nädal. "
                "Detsembris võiks tarneajad ausalt välja öelda."
            ),
            "veekeetja pärast nii kaua oodata on ikka liiast",
            "Tellimus seisis laos 3 päeva enne, kui üldse teele läks.",
            (
                'Smartposti pakk oli 4 päeva "teel" Tallinnast Tartusse. '
                "Seda on ikka palju."
            ),
            (
                "Tellisin 15. detsembril, et jõuludeks kohal oleks. "
                "Kohal oli 23. õhtul, napilt."
            ),
            "Omniva kirjutas, et pakk tuleb homme, ja nii kolm päeva järjest.",
        ],
        "neutral": [
            "Tuli viimasel lubatud päeval. Korras, aga kiire see polnud.",
            "4 päeva Tartusse, enam-vähem okei. Mujalt saab 2 päevaga.",
            "Tarne hilines päeva, aga vähemalt saatsite selle kohta SMS-i.",
            "Keskmine. Pole millegi üle kurta ega ka kiita.",
            "Tuli õigel ajal, kuigi jälgimisleht ei uuenenud kordagi.",
            "Jõulude eel 6 päeva, arvestades seda jõulumöllu on see vist normaalne.",
            "Tarne ok, aga lehel võiks täpsem tarneaeg kirjas olla.",
            "Vahepeal oli nädalavahetus, muidu oleks kiiremini tulnud.",
            "Venipakiga tuli 3 päevaga, normaalne.",
        ],
        "positive": [
            "Kiire tarne!",
            (
                "Tellisin õhtul, järgmisel hommikul oli pakk juba pakiautomaadis. "
                "Väga hea!"
            ),
            "Tuli päev varem kui lubatud.",
            "Super kiire, 2 päevaga Võrru.",
            "24 tunniga kohal, isegi keset detsembrit. Tublid!",
            "Kiire ja korrektne, aitäh!",
            "Järgmisel päeval kohal, täpselt nagu lubatud.",
            "Reede õhtul tellisin, laupäeval juba käes! Väga tubli.",
            "Narva jõudis 2 päevaga, ootasin kauem.",
        ],
    },
    "delivery_damage": {
        "negative": [
            "Karp oli lömmis ja kohvimasina veepaak pragunenud.",
            "Tolmuimeja tuli katkise käepidemega.",
            (
                "Teleri ekraani nurgas oli mõra. "
                "Pidin tarnest keelduma ja ootama veel nädala."
            ),
            "Taldrikud tulid kildudena, kuuest kaks katki.",
            (
                "Karp nägi välja, nagu keegi oleks selle peal seisnud. "
                "Veekeetja küljes on mõlk."
            ),
            "Juba teist korda sel aastal saan vigastatud kauba.",
            (
                "Monitoril surnud pikslid ja kriimustatud "
                "jalg, ilmselgelt transpordi käigus."
            ),
            "Õhufritüüri korv oli mõlkis ja kaas ei lähe enam korralikult kinni.",
            "Pakist kostis juba kõlinat. Pooled tassid katki.",
        ],
        "neutral": [
            "Välimine karp oli katki, aga toode ise terve.",
            (
                "Üks veiniklaas oli servast mõranenud. "
                "Asendus saadeti, kuigi see võttis aega."
            ),
            "Külmkapi küljel väike kriim. Tagasi saatma ei hakka, aga natuke tüütu.",
            "Karp sai pakiautomaadis märjaks, toode jäi õnneks terveks.",
            "Paki nurk oli rebenenud, õnneks kõrvaklapid olid korras.",
            "Panni kaanel pisike mõlk. Elan üle.",
            "Sülearvuti karp oli mõlkis, arvuti ise õnneks terve. Ehmatasin küll.",
            "Kohvimasinal väike kriimustus küljel, aga töötab.",
        ],
        "positive": [
            "Kõik jõudis tervena kohale.",
            "Mitte ühtegi kahjustust, isegi klaasid olid täiesti terved.",
            "Raske õhufritüür, aga tuli ilma ühegi kriimuta.",
            "Tuli ideaalses korras.",
            "Suur teler jõudis tervena kohale. Asjata muretsesin.",
            "Kõik terve, karbis ei loksunud midagi.",
            "Klaasist laualamp jõudis tervena, väga hoolikalt pakitud.",
            "Pesumasin toodi ilma ühegi kriimuta.",
        ],
    },
    "parcel_locker": {
        "negative": [
            "Pakiautomaat oli täis ja pakk saadeti teise automaati 5 km kaugusele.",
            (
                "Omniva pakiautomaadi uks ei avanenud, pidin "
                "külmas nende infotelefonile helistama."
            ),
            (
                "Pakk ei mahtunud automaati ja viidi tagasi terminali. "
                "Mulle keegi sellest ei teatanud."
            ),
            "Palun rohkem pakiautomaate Pärnusse, lähim on kogu aeg täis.",
            "Uksekoodi sain alles teisel päeval, kuigi pakk oli ammu kohal.",
            "Valisin Rimi juures oleva automaadi, aga pakk läks hoopis Selverisse.",
            "Automaadi ekraan hangus, alles kolmandal katsel sain paki kätte.",
            "Pakiautomaadi kood ei töötanud ja infotelefonis oli järjekord.",
            "Tahtsin Smartposti automaati, aga valida sai ainult Omnivat.",
            "Pakk jäeti Lasnamäe automaati, kuigi valisin Kristiine oma.",
        ],
        "neutral": [
            "Pakiautomaat on ok, aga tahaks kassas ise täpse automaadi valida.",
            "Kättesaamine toimis, kood tuli küll natuke hilja.",
            "Automaat oli kaugel, aga suure karbi jaoks ainus võimalus.",
            "Võiks lisaks Omnivale olla valikus ka Smartposti automaadid.",
            "3 päeva paki väljavõtmiseks on natuke vähe, kui oled parasjagu reisil.",
            "Tavaline pakiautomaat, midagi erilist.",
            (
                "Automaat on poe sees, nii et paki saab kätte ainult lahtiolekuajal. "
                "Natuke ebamugav."
            ),
            "Ok, aga suur lahter oli nii kõrgel, et vaevu ulatusin.",
        ],
        "positive": [
            "Pakiautomaat kohe maja kõrval, super.",
            "Pakiautomaadid on parimad, ei pea kullerit ootama.",
            "Kood tuli kohe, võtsin paki koduteel kaasa.",
            "Omniva automaadist sain kiirelt ja probleemideta kätte.",
            "Pakiautomaat on kõige mugavam variant.",
            "Lihtne ja kiire, saan paki kätte kasvõi südaööl.",
            "Pakiautomaat on ikka parim leiutis.",
            (
                "Valisin töö juures oleva automaadi ja võtsin paki lõunapausil välja. "
                "Mugav!"
            ),
        ],
    },
    "courier": {
        "negative": [
            (
                "Kuller ei helistanudki, jättis lihtsalt teate, et mind polnud kodus. "
                "Olin kodus."
            ),
            "Kuller jättis paki ukse taha ilma küsimata.",
            (
                "Kuller oli telefonis ebaviisakas ja keeldus "
                "pesumasinat kolmandale korrusele tassimast."
            ),
            "Ootasin terve päeva, kuller tuli ette teatamata kell 21.30.",
            "DPD kuller märkis paki kättetoimetatuks, aga ukse taga polnud midagi.",
            "Tarneaeg 9–17 on kasutu, kui käid tööl.",
            "Kuller ei leidnud trepikoja ust üles ja lihtsalt loobus.",
            (
                "Kuller ei rääkinud ei eesti ega inglise "
                "keelt, ei saanud üldse aru, millal ta tuleb."
            ),
            "Kuller viskas paki üle aia. Tõsiselt?",
        ],
        "neutral": [
            "Kuller hilines tunni, aga helistas ette.",
            "Kuller kiirustas, aga oli viisakas.",
            "Tarneaja vahemik võiks kitsam olla.",
            (
                "Kuller helistas 10 minutit enne. "
                "Iseenesest ok, aga üsna viimasel minutil."
            ),
            "Kuller oli sõbralik, ajavahemik mitte nii väga.",
            "Kuller andis paki naabrile, seekord sobis.",
            "Kuller tuli hiljem kui lubatud, aga vabandas. Aitäh ausa jutu eest.",
            "Kulleriga oli kõik ok, lihtsalt SMS oleks võinud varem tulla.",
        ],
        "positive": [
            "Sõbralik kuller, helistas enne.",
            "Kuller tassis külmkapi otse kööki. Suur aitäh!",
            "Väga viisakas autojuht, täpselt õigel ajal.",
            "Kuller tuli täpselt lubatud ajavahemikus.",
            "Suurepärane kuller, aitas isegi teleri lahti pakkida.",
            "Tore kuller.",
            "Kuller helistas ja leppisime kokku sobiva aja. Nii peabki!",
            "Väga tore kuller, tassis teleri isegi viiendale korrusele.",
        ],
    },
    "price": {
        "negative": [
            "Teistes poodides odavam.",
            "Sama tolmuimeja oli mujal 40 € odavam.",
            "Telefoniümbrise transport 6,99 €? Ei aitäh.",
            'Enne musta reedet hinnad tõusid ja siis "alandati". Pole ilus.',
            "Ostukorvis oli summa suurem kui tootelehel.",
            "Varem olid teil head hinnad, nüüd parimal juhul keskmised.",
            "Tasuta tarne piir on liiga kõrge.",
            (
                "Ostsin teleri ja nädal hiljem oli see 100 € odavam. "
                "Hinnavahet tagasi ei saanud."
            ),
            "Hinnad on viimasel ajal tublisti tõusnud.",
        ],
        "neutral": [
            "Hinnad on ok, aga mitte kõige odavamad.",
            "Hind on kvaliteedi kohta aus, aga transport lisab omajagu.",
            "Mõni asi on odav, mõni üle hinnatud. Oleneb.",
            "Allahindlus oli hea, tavahinnad natuke krõbedad.",
            "Hinnad samad mis mujal. Ostan siit pigem kiire tarne pärast.",
            "Hind ok, aga üle 50 € võiks tarne tasuta olla.",
            "Must reede oli ok, aga väga suuri allahindlusi ei märganud.",
            "Odav pole, aga vähemalt garantiiasjad aetakse korralikult ära.",
        ],
        "positive": [
            "Head hinnad!",
            "Odavaim koht, kust selle robottolmuimeja leidsin.",
            "Allahindlus oli super, ostsin teleri ja soundbari.",
            "Hind ja kvaliteet on paigas.",
            "Tasuta tarne otsustas asja.",
            "Ausad hinnad, kassas ei tulnud mingeid üllatusi.",
            "Nii hea hinnaga kohvimasinat ei leidnud kusagilt mujalt.",
            "Kampaaniaga sain tolmuimeja peaaegu poole hinnaga.",
        ],
    },
    "product_quality": {
        "negative": [
            "Veekeetja hakkas kahe nädala pärast lekkima.",
            "Odav plastik, tundub, et läheb varsti katki.",
            "Kõrvaklapid ei lae enam, kuu aega kasutasin.",
            "Panni kate hakkas paari korraga kooruma.",
            "Blender on väga lärmakas ja haiseb kõrbenu järele.",
            "Selle hinna eest ootasin paremat kvaliteeti.",
            "Voodipesu läks esimese pesuga kokku.",
            (
                "Robottolmuimeja jääb pidevalt vaipade taha "
                "kinni ja aku peab vastu vaid pool tundi."
            ),
            "Nutikell läks vihmas katki, kuigi pidi olema veekindel.",
        ],
        "neutral": [
            "Teeb, mis vaja. Midagi erilist pole.",
            "Kohvimasin on hea, aga piimavahustaja on nõrk.",
            "Heli on hea, aga nööpkõrvaklapid kukuvad kõrvast välja.",
            "Hinna kohta ok kvaliteet.",
            "Seade töötab hästi, kaasas olev äpp on aga kohutav.",
            "Lamp on ilus, aga valgus on külmem kui piltidel.",
            "Föön on võimas, aga väga lärmakas.",
            "Madrats on mugav, aga lõhn püsis nädal aega.",
        ],
        "positive": [
            "Suurepärane kvaliteet, väga rahul.",
            "Robottolmuimeja muutis elu, põrandad on kogu aeg puhtad.",
            "Tugev ja korralik, töötab laitmatult.",
            "Õhufritüür on super, kasutan iga päev.",
            "Väga hea kohvimasin, espresso tuleb nagu kohvikus.",
            "Hea kvaliteet, täpselt nagu kirjeldatud.",
            "Kõrvaklappide heli on super ja aku peab kaua vastu.",
            "Kohvimasin töötab juba pool aastat laitmatult.",
            "Hea kvaliteet, vanemad olid ka rahul.",
        ],
    },
    "product_info": {
        "negative": [
            "Tootelehel pole mõõte.",
            "Piltidel on hoopis teine värv kui see, mis mulle tuli.",
            "Tehnilised andmed puudu: kas veekeetja on juhtmevaba või mitte?",
            "Tahaks teada müratugevust detsibellides.",
            "Ainult üks pilt ja seegi tootja reklaampilt.",
            "Kirjeldus on masintõlge, sellest ei saa midagi aru.",
            "Puudub energiaklass ja voolutarve.",
            "Mis kaabel on komplektis? Seda pole kuskil kirjas.",
            "Pole infot, kas kohvimasinaga saab kasutada ka jahvatatud kohvi.",
            "Kas sellel teleril on Netflixi äpp? Lehelt ei leidnud.",
            "mõõdud puudu",
        ],
        "neutral": [
            "Kirjeldus on korras, aga rohkem pilte aitaks.",
            "Andmed on olemas, aga mudeleid on raske võrrelda.",
            "Info on hea, aga arvustusi pole veel ühtegi.",
            "Tore oleks näha toodet päriselt kasutuses, näiteks videos.",
            "Enamik infot oli olemas, kaalu pidin küll guugeldama.",
            "Leht ok, suurustabel võiks selgem olla.",
            "Kirjeldus oli olemas, aga ainult inglise keeles.",
            "Pildid on ilusad, aga ei näe, mis karbis kaasas on.",
        ],
        "positive": [
            "Väga põhjalikud tehnilised andmed, leidsin kõik vajaliku.",
            "Head pildid ja selge kirjeldus.",
            "Mudelite võrdlustabel oli väga abiks.",
            "Teiste ostjate arvustused olid kasulikud.",
            "Kõik oli lahti seletatud, isegi garantiitingimused.",
            "Selge ja põhjalik. Aitäh.",
            "Hea, et on kirjas ka see, mis komplektis kaasas on.",
            "Kõik vajalik oli olemas, isegi video.",
        ],
    },
    "search": {
        "negative": [
            'Otsisin "usb c laadija" ja otsing pakkus telefoniümbriseid.',
            "Otsisin kohviveskit, otsing näitas ainult kohvimasinaid.",
            "Otsing ei saa trükivigadest üldse aru.",
            "55-tollist telerit, aga filtrid ei töötanud.",
            "Philipsi tolmuimeja tolmukotte",
            "Mudelinumbriga otsides ei leia mitte midagi.",
            "HDMI kaablit 3 m. Null tulemust, kuigi teil neid müügil on.",
            "Kohvimasina katlakivieemaldajat. Otsing pakkus ainult kohvimasinaid.",
            'Otsisin "kõrvaklapid", esimesed tulemused olid kaablid.',
            "Kui kirjutad ilma täpitähtedeta, ei leia midagi.",
        ],
        "neutral": [
            "Lõpuks leidsin, aga ainult menüü kaudu.",
            "Otsing töötab, filtrid võiksid paremad olla.",
            "Tulemused on ok, aga imelikus järjekorras, tarvikud eespool.",
            "Leidsin vajaliku alles teiselt lehelt.",
            "Otsing on ok, kui tead täpset nimetust.",
            "Normaalne, aga lisage palun tootja järgi filter.",
            (
                "Otsing leidis, aga tulemusi oli liiga "
                "palju ja neid oli raske filtreerida."
            ),
            "Otsing töötab, ainult vene keeles ei leia midagi.",
        ],
        "positive": [
            "Leidsin kohe.",
            "Otsing on kiire ja täpne.",
            "Soovitused juba trükkimise ajal on väga mugavad.",
            "Filtritega oli lihtne õige tolmuimeja leida.",
            "Otsing sai isegi mu trükiveast aru, tore.",
            "Leidsin kiiresti, mida otsisin.",
            "Mudelinumbri järgi leidsin kohe õige filtri.",
            "Kiire otsing, super.",
        ],
    },
    "checkout": {
        "negative": [
            "Kassas sunniti kontot looma.",
            "Sooduskoodi väli ei töötanud.",
            "Kassa kustutas mu aadressi mitu korda ära.",
            "Tellimuse vormistamiseks on liiga palju samme.",
            "Kassas ei saanud tarneaega valida.",
            (
                "Leht jooksis pärast kaardiandmete sisestamist kokku. "
                "Kas tellimus läks läbi või mitte?"
            ),
            "Transpordi hind selgus alles viimases etapis.",
            "Kassas küsiti isikukoodi. Milleks?",
            "Sooduskood kadus ära, kui aadressi muutsin.",
        ],
        "neutral": [
            "Kassa on ok, võiks lühem olla.",
            "Toimis, aga aadressivorm on telefonis tüütu.",
            "Korras, aga palun jätke mu pakiautomaat meelde.",
            "Natuke segane, aga sain hakkama.",
            "Tahaks tellida ka ilma kontota.",
            "Kassa ok, tarne hinda tahaks näha varem.",
            "Korras, aga pakiautomaatide nimekirjal võiks otsing olla.",
            "Õnnestus teisel katsel, esimesel jäi leht laadima.",
        ],
        "positive": [
            "Kiire ja lihtne vormistamine.",
            "Tellisin alla minutiga.",
            "Sujuv, ei mingeid üleliigseid samme.",
            "Kassa mäletas mu andmeid, mugav.",
            "Pakiautomaadi valimine kassas oli lihtne.",
            "Lihtne ja selge.",
            "Telefonis on väga mugav tellida.",
            "Smart-ID-ga sisselogimine teeb kõik lihtsaks.",
        ],
    },
    "payment": {
        "negative": [
            "Kaardimakse ebaõnnestus kolm korda.",
            "Apple Payd pole?",
            "Pangalink suunas tagasi ostukorvi, aga raha võeti ikkagi maha.",
            "Ühe tellimuse eest võeti raha kaks korda.",
            "Tahaks arvega maksta, aga see pole võimalik.",
            "Makseleht aegus.",
            "Järelmaksu taotlus võttis terve igaviku ja lükati põhjendamata tagasi.",
            "LHV pangalink andis vea ja pidin otsast alustama.",
            (
                "Järelmaks ei töötanud, kuigi tootelehel "
                "oli kirjas, et saab järelmaksuga osta."
            ),
        ],
        "neutral": [
            "Makse läks läbi teisel katsel.",
            "Pangalink töötab, aga Google Pay oleks tore.",
            "Maksin kaardiga, ok. Suuremate ostude jaoks oleks osamakse hea.",
            "Makse ok, kinnitusmeil tuli küll hiljem.",
            "Pankade valik hea, kaardimakse natuke aeglane.",
            "Töötas. Rohkem ei tahagi.",
            (
                "Makse ok, aga kaardil broneeriti summa kaks "
                "korda, üks vabanes alles nädala pärast."
            ),
            "Pangalingiga ok, Revoluti kaardiga läks natuke kauem.",
        ],
        "positive": [
            "Swedbanki pangalingiga maksmine oli kiire.",
            "Apple Pay töötas suurepäraselt.",
            "Lihtne maksta, palju valikuid.",
            'Väga meeldib "maksa hiljem" võimalus.',
            "Makse läks kohe läbi.",
            "Google Payga sujuv maksmine.",
            "SEB pangalink, paar klikki ja valmis.",
            "Järelmaksu vormistamine võttis 2 minutit. Väga mugav.",
        ],
    },
    "returns": {
        "negative": [
            "Ootan raha tagasi juba 3 nädalat.",
            "Tagastamine on keeruline, pidin sildi välja printima.",
            "Pidin tagastuse ise kinni maksma, kuigi toode oli defektne.",
            "Tagastasin tolmuimeja kuu aega tagasi, siiani mingit infot.",
            "Veebilehe tagastusvorm annab vea.",
            "Tagastus võttis igaviku ja meilidele ei vastatud.",
            (
                "Tagastusest keelduti, sest karp oli avatud. "
                "See on blender, kuidas ma seda muidu proovin?"
            ),
            (
                "Tagastamiseks pidin ise postkontorisse "
                "minema, pakiautomaati kasutada ei saanud."
            ),
            'Tagastatud tolmuimeja "kadus" teie laos ära. Nüüd otsitakse.',
        ],
        "neutral": [
            "Tagastus oli ok, raha tuli umbes 10 päevaga.",
            "Lihtne tagasi saata, aga raha tuleb aeglaselt.",
            "Tagastus võeti vastu, aga pidin kõike kaks korda selgitama.",
            "Korras, aga tasuta tagastussilt oleks abiks.",
            "Tagastamine toimib, on lihtsalt aeglane.",
            "Võttis aega, aga raha sain kätte.",
            "Raha tuli tagasi, aga mitte täies summas, transpordikulu jäeti kinni.",
            "Tagastus ok, ainult vorm on natuke segane.",
        ],
        "positive": [
            "Lihtne tagastus pakiautomaadi kaudu.",
            "Raha oli 2 päevaga tagasi.",
            "Muretu tagastus, aitäh!",
            "Vale suuruse tagastamine oli ülilihtne.",
            "Raha tuli kiiresti tagasi, ilma küsimusteta.",
            "Väga lihtne tagastusprotsess.",
            (
                "Tagastasin pakiautomaadi kaudu ja raha oli järgmisel päeval kontol. "
                "Super!"
            ),
            "Vahetasin kõrvaklapid teise mudeli vastu, kõik sujus.",
        ],
    },
    "support_phone": {
        "negative": [
            "Ootasin liinil 25 minutit.",
            "Keegi ei võta telefoni vastu.",
            "Mind suunati kolm korda ümber ja vastust ikka ei saanud.",
            "Telefonitugi ainult kella 17-ni on liiga vähe.",
            "Kõne katkes pärast 15 minutit ootamist.",
            "Klienditeenindaja lubas tagasi helistada. Ei helistanud.",
            "Pidin kaks korda helistama ja kõike algusest seletama.",
            'Helistasin kolm päeva järjest, iga kord "kõik teenindajad on hõivatud".',
            "Kõne suunati automaatvastajale, mis lihtsalt lõpetas kõne.",
        ],
        "neutral": [
            "Natuke pidin ootama, aga teenindaja oli abivalmis.",
            "Vastuse sain, aga kõne venis pikemaks kui vaja.",
            "Teenindaja oli tore, aga kohe lahendada ei osanud.",
            "Telefon toimib, aga chat on kiirem.",
            "Ok, teise kõnega sai lahendatud.",
            "Abivalmis, kuigi ootasin 10 minutit.",
            "Teenindaja oli viisakas, aga pidi kõik kolleegilt üle küsima.",
            "Lahendus leiti, aga alles teise kõnega.",
        ],
        "positive": [
            "Telefoni teel aidati väga hästi.",
            "Sain kohe ühenduse ja mure lahenes 5 minutiga.",
            "Sõbralik ja asjatundlik teenindaja. Aitäh!",
            "Helistasin katkise veekeetja pärast, asendus saadeti samal päeval.",
            "Suurepärane klienditeenindus telefonis.",
            "Teenindaja helistas lubatud ajal tagasi ja lahendas kõik ära.",
            "Aitäh Kristile telefonis, väga asjalik!",
            "Helistasin pretensiooni pärast, kõik lahenes ühe kõnega.",
        ],
    },
    "support_chat": {
        "negative": [
            "Chatbot saatis mulle ikka ja jälle sama KKK linki.",
            'Chat on "online", aga keegi ei vasta.',
            "Ootasin chati järjekorras 40 minutit.",
            "Teenindaja sulges vestluse enne, kui mu mure lahendatud sai.",
            "Copy-paste vastused, mu küsimust isegi ei loetud läbi.",
            "Chati aken ei tööta telefonis.",
            "Chatis päris inimeseni jõuda on võimatu.",
            "Chatis vastati inglise keeles, kuigi kirjutasin eesti keeles.",
            "Bot ei saanud aru, et tahan tellimust tühistada.",
        ],
        "neutral": [
            "Chatis sain vastuse, lihtsalt võttis aega.",
            "Bot oli kasutu, aga temale järgnenud inimene oli tubli.",
            "Chat ok, natuke aeglane.",
            "Abivalmis, aga pidin tellimuse numbrit mitu korda kordama.",
            "Lõpuks sai lahendatud.",
            "Chat oli ok, aga tahaks vestluse koopiat meilile.",
            "Vastus tuli, aga alles järgmisel hommikul.",
            "Chat on mugav, aga vastused on üsna üldised.",
        ],
        "positive": [
            "Kiire vastus chatis!",
            "Chatis lahendati mure 3 minutiga.",
            "Väga sõbralik teenindaja chatis.",
            "Super, et chat on ka õhtuti avatud.",
            "Kiire ja asjalik chat.",
            "Sain garantii kohta chatis kohe selge vastuse.",
            "Chatis tühistati tellimus kohe, väga mugav.",
            "Sain chatis abi isegi pühapäeva õhtul. Aitäh!",
        ],
    },
    "app_website": {
        "negative": [
            "Veebileht on telefonis väga aeglane.",
            "Leht logib mind pidevalt välja.",
            "Äpp jookseb kokku, kui avan oma tellimused.",
            "Ostukorv tühjenes üleöö iseenesest.",
            "Liiga palju hüpikaknaid.",
            "Filtrid lähevad iga kord tagasi minnes nulli.",
            "Telefonis ei saa tootepilte suurendada.",
            "Smart-ID-ga sisselogimine ei tööta.",
            "Leht on aeglane nagu tigu.",
        ],
        "neutral": [
            "Leht töötab, aga näeb natuke vanamoodne välja.",
            "Enamasti ok, mõned lehed laevad aeglaselt.",
            "Äpp on ok, veebileht on parem.",
            "Arvutis hea, telefonis kohmakas.",
            "Töötab, aga tume režiim oleks tore.",
            "Kasutatav, aga mitte midagi erilist.",
            "Leht on ok, aga eestikeelsed tekstid on kohati kummalised.",
            "Mõni nupp on telefonis liiga väike.",
        ],
        "positive": [
            "Suurepärane veebileht, lihtne kasutada.",
            "Äpp on kiire ja selge.",
            "Telefonis töötab kõik sujuvalt.",
            "Puhas ja lihtne leht.",
            "Uus kujundus on väga ilus.",
            "Kiire leht, lihtne orienteeruda.",
            "Uus äpp on palju parem kui vana.",
            "Kõik töötab nii, nagu peab.",
        ],
    },
    "stock": {
        "negative": [
            "Jälle otsas.",
            'Lehel oli "laos", aga pärast tellimist öeldi, et tuleb 3 nädala pärast.',
            "Dyson V15, aga see on teil kogu aeg otsas.",
            'Palun lisage läbimüüdud toodetele nupp "teavita mind".',
            "Jõulukingiks mõeldud toode müüdi päevaga läbi.",
            "Ainult must värv oli saadaval, tahtsin valget.",
            "Lehel näitas laos 5 tk, siis tühistati mu tellimus.",
            "Philipsi tolmuimeja varuharja. Pole kunagi laos.",
            'Nädal aega näitas "saabub peagi", rohkem infot pole.',
        ],
        "neutral": [
            "Pidin nädal ootama, kuni kaup lattu tuleb, aga tuli.",
            "Mõned suurused puuduvad, aga valik on täitsa ok.",
            "Tarnija laost tuli kauem, vähemalt oli see lehel näha.",
            "Toode oli otsas, klienditugi pakkus asendust.",
            "Laoseisu info võiks täpsem olla.",
            "Kõike pole saada, aga enamik on.",
            "Poes oli olemas, e-poes mitte. Imelik, aga sain kätte.",
            "Toode tuli lattu tagasi, aga hind oli vahepeal tõusnud.",
        ],
        "positive": [
            "Kõik oli laos olemas.",
            "Suur valik, leidsin kõik vajaliku.",
            "Hea, et näitate laoseisu poodide kaupa.",
            "Toode tuli kiiresti lattu tagasi, aitäh meeldetuletuse eest.",
            "Lai tootevalik.",
            "Laos olemas ja saadeti samal päeval välja.",
            "Tore, et saab tellida ka tarnija laost.",
            "Kõik, mida vajasin, oli kohe olemas.",
        ],
    },
    "packaging": {
        "negative": [
            "Tillukese laadija jaoks hiiglaslik karp.",
            "Liiga palju plastikut.",
            "Mingit pehmendust polnud, klaasid veeresid karbis ringi.",
            "Pakend oli õhuke ja rebenenud.",
            "Ühe tellimuse jaoks kolm eraldi karpi. Miks?",
            "Igal pool mullikile, palun kasutage paberit.",
            "Pisike kellarihm tuli kingakarbi suuruses pakis.",
            "Kile ja vahtplast, mida ei saa kuhugi ära visata.",
        ],
        "neutral": [
            "Pakend oli ok, natuke liiga suur.",
            "Korras, aga plastikut võiks vähem olla.",
            "Pakend täitis oma ülesande.",
            "Karp oli suurem kui vaja, aga toode oli hästi kaitstud.",
            "Paberist täidis hea, kileteip mitte nii väga.",
            "Ok pakend.",
            "Pakend ok, aga karbilt oli kohe näha, mis sees on. Kingiks pole see hea.",
            "Kotist oleks piisanud, karpi polnud vaja.",
        ],
        "positive": [
            "Hästi pakitud.",
            "Tore keskkonnasõbralik pakend.",
            "Kõik oli hästi kaitstud, aitäh.",
            "Õige suurusega karp, ei mingit liigset plastikut.",
            "Hoolikalt pakitud, isegi habras vaas jõudis terve.",
            "Paberpakend meeldib väga.",
            "Hästi pakitud ja karbi sai kohe vanapaberisse panna.",
            "Karp käis kergesti lahti, ei mingit teibiga maadlemist.",
        ],
    },
    "loyalty": {
        "negative": [
            "Kliendipunktid kadusid kontolt ära.",
            "Sünnipäevasoodustus ei töötanud.",
            "Punktid ei ole peaaegu midagi väärt.",
            "Kliendikaardi soodustus ei kehti soodustoodetele, mis mõte sel siis on.",
            "Lubatud uue kliendi sooduskoodi ei saanudki.",
            "Punktid aegusid ilma igasuguse hoiatuseta.",
            "Püsikliendi hinda ostukorvis ei arvestatud.",
            "Sünnipäevakood tuli kaks nädalat pärast sünnipäeva.",
        ],
        "neutral": [
            "Püsikliendiprogramm on ok, aga raske aru saada.",
            "Tore sünnipäevapakkumine, aga kehtis ainult nädal.",
            "Punktid on ok, ma lihtsalt unustan neid kasutada.",
            "Soodustused on väikesed, aga aja jooksul koguneb.",
            "Tahaks oma punkte äpis näha.",
            "Normaalne, aga teised poed annavad rohkem.",
            "Punkte koguneb aeglaselt, aga midagi ikka.",
            "Tahaks, et punkte saaks kasutada ka poes.",
        ],
        "positive": [
            "Super sünnipäevasoodustus, aitäh!",
            "Mulle meeldib punkte koguda.",
            "Püsikliendi soodustused on tõesti head.",
            "Sain püsikliendina toreda -15% koodi.",
            "Maksin poole blenderi hinnast punktidega.",
            "Sünnipäevapakkumine oli meeldiv üllatus.",
            "Püsikliendina sain ka tasuta tarne, väga tore.",
            "Sünnipäevaks -20%, ostsin endale kingituse. Aitäh!",
        ],
    },
}

# Latvian.
_LV: Comments = {
    "delivery_speed": {
        "negative": [
            "Pirms Ziemassvētkiem piegāde ievilkās 9 dienas.",
            (
                "Pasūtīju pirmdien, saņēmu tikai nākamās nedēļas trešdienā. "
                "Mājaslapā solīja 1–3 darba dienas."
            ),
            "Pārāk lēna piegāde.",
            'Izsekošanā sūtījums piecas dienas bija "ceļā", un nekas nemainījās.',
            (
                "Samaksāju par ekspresspiegādi, bet "
                "paka tāpat atnāca tikai pēc 4 dienām. Kur te ekspress?"
            ),
            "Ziemassvētku dāvana atnāca 27. decembrī. Pēc svētkiem no tās maz jēgas.",
            (
                "Noformējot pasūtījumu, solīja 2 dienas, sanāca nedēļa. "
                "Decembrī vajadzētu godīgi norādīt piegādes termiņus."
            ),
            "Decembrī paka 5 dienas stāvēja Omniva terminālī Rīgā.",
            "Pasūtījums 3 dienas stāvēja noliktavā, pirms vispār tika izsūtīts.",
            "tik ilgi gaidīt tējkannu ir par traku",
            "Latvijas Pasts paku vazāja veselu nedēļu.",
            (
                "Pasūtīju 15. decembrī, lai paspētu uz svētkiem. "
                "Atnāca 23. vakarā, tik tikko."
            ),
            "DPD katru dienu rakstīja, ka piegādās rīt, un tā trīs dienas pēc kārtas.",
        ],
        "neutral": [
            "Atnāca pēdējā solītajā dienā. Viss kārtībā, bet ne ātri.",
            "4 dienas līdz Liepājai, pieņemami. Citur piegādā 2 dienās.",
            "Piegāde kavējās par dienu, bet vismaz atsūtījāt par to īsziņu.",
            "Vidēji. Nav ne par ko sūdzēties, ne ko īpaši slavēt.",
            "Atnāca laikā, lai gan izsekošanas lapa ne reizi neatjaunojās.",
            "Pirms svētkiem 6 dienas, laikam jau normāli.",
            "Pa vidu bija brīvdienas, citādi būtu ātrāk.",
            "Ar Venipak atnāca 3 dienās, normāli.",
        ],
        "positive": [
            "Ātra piegāde!",
            "Pasūtīju vakarā, nākamajā rītā paka jau bija pakomātā. Lieliski!",
            "Atnāca dienu ātrāk, nekā solīts.",
            "Ļoti ātri, 2 dienās līdz Valmierai.",
            "Piegādāja 24 stundās, pat decembra vidū. Malači!",
            "Ātri un precīzi, paldies!",
            "Nākamajā dienā klāt, tieši kā solīts.",
            "atra piegade, viss ok",
            "Piektdienas vakarā pasūtīju, sestdien jau saņēmu! Ļoti labi.",
            "Līdz Daugavpilij 2 dienās, gaidīju ilgāk.",
        ],
    },
    "delivery_damage": {
        "negative": [
            "Kaste bija saspiesta, un kafijas automāta ūdens tvertne bija ieplīsusi.",
            "Putekļsūcējs atnāca ar salauztu rokturi.",
            (
                "Televizora ekrāna stūrī bija plaisa. "
                "Nācās atteikties no piegādes un gaidīt vēl nedēļu."
            ),
            "Šķīvji atnāca lauskās, divi no sešiem saplīsuši.",
            (
                "Kaste izskatījās tā, it kā kāds būtu uz tās stāvējis. "
                "Tējkannai ir iespiedums."
            ),
            "Jau otro reizi šogad saņemu bojātu preci.",
            (
                "Monitoram miruši pikseļi un saskrāpēta "
                "kājiņa, acīmredzot transportēšanas laikā."
            ),
            "Friterim grozs iespiests, un vāks vairs kārtīgi neaizveras.",
            "Jau pakā bija dzirdama šķindoņa. Puse krūzīšu saplīsušas.",
        ],
        "neutral": [
            "Ārējā kaste bija bojāta, bet pati prece vesela.",
            "Vienai glāzei bija atšķelta mala. Atsūtījāt jaunu, bet tas aizņēma laiku.",
            "Ledusskapja sānā neliels skrāpējums. Atpakaļ nesūtīšu, bet nepatīkami.",
            "Kaste pakomātā bija samirkusi, prece par laimi palika vesela.",
            "Pakai bija ieplīsis stūris, bet austiņas par laimi bija kārtībā.",
            "Pannas vākam mazs iespiedums. Nekas traks.",
            (
                "Klēpjdatora kaste bija iespiesta, dators par laimi vesels. "
                "Bet pārbijos gan."
            ),
            "Kafijas automātam neliels skrāpējums sānā, bet strādā.",
        ],
        "positive": [
            "Viss atnāca vesels.",
            "Nekādu bojājumu, pat glāzes bija pilnīgi veselas.",
            "Smags karstā gaisa friteris, bet atnāca bez neviena skrāpējuma.",
            "Atnāca ideālā stāvoklī.",
            "Lielais televizors atnāca vesels. Velti uztraucos.",
            "Viss vesels, kastē nekas neklabēja.",
            "Stikla galda lampa atnāca vesela, ļoti rūpīgi iepakota.",
            "Veļas mašīnu atveda bez neviena skrāpējuma.",
        ],
    },
    "parcel_locker": {
        "negative": [
            "Pakomāts bija pilns, un paku aizsūtīja uz citu pakomātu 5 km attālumā.",
            (
                "Omniva pakomāta durtiņas neatvērās, nācās "
                "aukstumā zvanīt uz viņu infolīniju."
            ),
            (
                "Paka neietilpa pakomātā, un to aizveda atpakaļ uz termināli. "
                "Neviens man to nepaziņoja."
            ),
            "Lūdzu, vairāk pakomātu Jelgavā, tuvākais vienmēr ir pilns.",
            "Kodu saņēmu tikai otrajā dienā, lai gan paka jau sen bija pakomātā.",
            "Izvēlējos DPD Pickup punktu, bet paka aizgāja uz pavisam citu vietu.",
            "Pakomāta ekrāns uzkārās, paku dabūju tikai ar trešo mēģinājumu.",
            "Pakomāta kods nestrādāja, un infolīnijā bija rinda.",
            "Gribēju DPD pakomātu, bet varēja izvēlēties tikai Omnivu.",
            "Paku atstāja pakomātā Purvciemā, lai gan izvēlējos Imantu.",
        ],
        "neutral": [
            (
                "Pakomāts ir ok, bet gribētos pašam izvēlēties "
                "konkrētu pakomātu, noformējot pasūtījumu."
            ),
            "Saņemšana izdevās, tikai kods atnāca mazliet vēlu.",
            "Pakomāts bija tālu, bet lielai kastei tas bija vienīgais variants.",
            "Būtu labi, ja bez Omnivas varētu izvēlēties arī Venipak pakomātus.",
            "3 dienas paku izņemšanai ir mazliet par maz, ja esi izbraucis.",
            "Parasts pakomāts, nekā īpaša.",
            (
                "Pakomāts ir veikalā, tāpēc paku var izņemt tikai darba laikā. "
                "Mazliet neērti."
            ),
            "Ok, bet lielā šūna bija tik augstu, ka tik tikko aizsniedzu.",
        ],
        "positive": [
            "Pakomāts tieši blakus mājai, super.",
            "Pakomāti ir labākie, nav jāgaida kurjers.",
            "Kods atnāca uzreiz, paku paņēmu pa ceļam uz mājām.",
            "No Omniva pakomāta paku saņēmu ātri un bez problēmām.",
            "Pakomāts ir ērtākais variants.",
            "Vienkārši un ātri, paku var izņemt kaut vai pusnaktī.",
            "Pakomāts ir labākais izgudrojums.",
            "Izvēlējos pakomātu pie darba, paku izņēmu pusdienlaikā. Ērti!",
        ],
    },
    "courier": {
        "negative": [
            (
                "Kurjers nepiezvanīja, vienkārši atstāja paziņojumu, ka nebiju mājās. "
                "Biju!"
            ),
            "Kurjers atstāja paku pie durvīm, neko nepajautājot.",
            (
                "Kurjers pa telefonu bija rupjš un atteicās "
                "nest veļas mašīnu uz trešo stāvu."
            ),
            "Gaidīju visu dienu, kurjers ieradās bez brīdinājuma 21:30.",
            "DPD kurjers atzīmēja, ka paka piegādāta, bet pie durvīm nekā nebija.",
            "Piegādes laiks no 9 līdz 17 ir bezjēdzīgs, ja strādā.",
            "Kurjers neatrada ieeju kāpņu telpā un vienkārši padevās.",
            (
                "Kurjers nerunāja ne latviski, ne angliski, "
                "nevarēja saprast, kad viņš atbrauks."
            ),
            "Kurjers pārmeta paku pāri žogam. Nopietni?",
        ],
        "neutral": [
            "Kurjers kavēja stundu, bet iepriekš piezvanīja.",
            "Kurjers steidzās, bet bija pieklājīgs.",
            "Piegādes laika logs varētu būt šaurāks.",
            (
                "Kurjers piezvanīja 10 minūtes iepriekš. "
                "Principā ok, bet diezgan pēdējā brīdī."
            ),
            "Kurjers bija jauks, laika logs gan ne visai.",
            "Kurjers atstāja paku kaimiņam, šoreiz tas derēja.",
            (
                "Kurjers atbrauca vēlāk, nekā solīts, bet atvainojās. "
                "Paldies par godīgumu."
            ),
            "Ar kurjeru viss ok, tikai īsziņa varēja atnākt agrāk.",
        ],
        "positive": [
            "Laipns kurjers, piezvanīja iepriekš.",
            "Kurjers aiznesa ledusskapi līdz pat virtuvei. Liels paldies!",
            "Ļoti pieklājīgs šoferis, ieradās laikā.",
            "Kurjers atbrauca tieši solītajā laikā.",
            "Lielisks kurjers, pat palīdzēja izpakot televizoru.",
            "Jauks kurjers.",
            "Kurjers piezvanīja, un vienojāmies par ērtu laiku. Tā tam jābūt!",
            "Ļoti jauks kurjers, uznesa televizoru pat uz piekto stāvu.",
        ],
    },
    "price": {
        "negative": [
            "Citos veikalos lētāk.",
            "Tas pats putekļsūcējs citur bija par 40 € lētāks.",
            "Piegāde telefona vāciņam 6,99 €? Nē, paldies.",
            'Pirms Melnās piektdienas cenas pacēla un tad "samazināja". Nav smuki.',
            "Grozā summa bija lielāka nekā produkta lapā.",
            "Agrāk jums bija labas cenas, tagad labākajā gadījumā vidējas.",
            "Bezmaksas piegādes slieksnis ir par augstu.",
            (
                "Nopirku televizoru, un pēc nedēļas tas bija par 100 € lētāks. "
                "Starpību neatmaksāja."
            ),
            "Pēdējā laikā cenas krietni kāpušas.",
        ],
        "neutral": [
            "Cenas ir ok, bet ne tās lētākās.",
            "Cena kvalitātei atbilstoša, bet piegāde krietni sadārdzina.",
            "Dažas preces lētas, dažas par dārgu. Kā kuru reizi.",
            "Atlaides bija labas, parastās cenas gan mazliet augstas.",
            "Cenas tādas pašas kā citur. Pērku te ātrās piegādes dēļ.",
            "Cena ok, bet virs 50 € piegādei vajadzētu būt bez maksas.",
            "Melnā piektdiena bija ok, bet lielas atlaides gan nemanīju.",
            "Lēti nav, bet vismaz ar garantiju viss tiek kārtīgi nokārtots.",
        ],
        "positive": [
            "Labas cenas!",
            "Lētākā vieta, kur atradu šo robotputekļsūcēju.",
            "Izpārdošanā bija super cenas, nopirku televizoru un skaņas joslu.",
            "Cenas un kvalitātes attiecība laba.",
            "Bezmaksas piegāde bija izšķirošā.",
            "Godīgas cenas, apmaksājot nekādu pārsteigumu.",
            "Par tik labu cenu kafijas automātu citur neatradu.",
            "Akcijā putekļsūcēju dabūju gandrīz par pusi cenas.",
        ],
    },
    "product_quality": {
        "negative": [
            "Tējkanna sāka tecēt pēc divām nedēļām.",
            "Lēta plastmasa, liekas, ka drīz salūzīs.",
            "Austiņas pēc mēneša vairs neuzlādējas.",
            "Pannai pēc pāris reizēm sāka lobīties pārklājums.",
            "Blenderis ir ļoti skaļš un smird pēc deguma.",
            "Par šādu cenu gaidīju labāku kvalitāti.",
            "Gultas veļa pēc pirmās mazgāšanas sarāvās.",
            (
                "Robotputekļsūcējs visu laiku iesprūst pie "
                "paklājiem, un baterija tur tikai pusstundu."
            ),
            "Viedpulkstenis lietū sabojājās, lai gan tam vajadzēja būt ūdensizturīgam.",
        ],
        "neutral": [
            "Savu darbu dara. Nekā īpaša.",
            "Kafijas automāts labs, bet piena putotājs vājš.",
            "Skaņa laba, bet austiņas krīt ārā no ausīm.",
            "Kvalitāte cenai atbilstoša.",
            "Ierīce strādā labi, bet tās lietotne ir briesmīga.",
            "Lampa skaista, bet gaisma aukstāka nekā bildēs.",
            "Fēns jaudīgs, bet ļoti skaļš.",
            "Matracis ērts, bet smaka turējās nedēļu.",
        ],
        "positive": [
            "Lieliska kvalitāte, ļoti apmierināta.",
            "Robotputekļsūcējs ir vienkārši glābiņš, grīdas vienmēr tīras.",
            "Stabils un kvalitatīvs, strādā nevainojami.",
            "Karstā gaisa friteris ir super, lietoju katru dienu.",
            "Ļoti labs kafijas automāts, espresso kā kafejnīcā.",
            "Laba kvalitāte, tieši kā aprakstīts.",
            "Austiņām lieliska skaņa, un baterija turas ilgi.",
            "Kafijas automāts jau pusgadu strādā nevainojami.",
            "Laba kvalitāte, arī vecākiem patika.",
        ],
    },
    "product_info": {
        "negative": [
            "Produkta lapā nav izmēru.",
            "Bildēs pavisam cita krāsa nekā tā, ko saņēmu.",
            "Trūkst tehnisko datu: vai tējkanna ir bezvadu vai nē?",
            "Gribētos zināt trokšņa līmeni decibelos.",
            "Tikai viena bilde, un tā pati ražotāja reklāmas bilde.",
            "Apraksts ir mašīntulkojums, neko nevar saprast.",
            "Nav norādīta energoefektivitātes klase un patēriņš.",
            "Kāds kabelis ir komplektā? Nekur nav rakstīts.",
            "Nav informācijas, vai kafijas automātā var izmantot arī maltu kafiju.",
            "Vai šim televizoram ir Netflix lietotne? Lapā neatradu.",
            "nav izmēru",
        ],
        "neutral": [
            "Apraksts ir normāls, bet vairāk bilžu noderētu.",
            "Dati ir, bet modeļus grūti salīdzināt.",
            "Informācija laba, bet atsauksmju vēl nav.",
            "Būtu forši redzēt preci reālā lietošanā, piemēram, video.",
            "Lielākā daļa informācijas bija, svaru gan nācās googlēt.",
            "Lapa ok, izmēru tabula varētu būt skaidrāka.",
            "Apraksts bija, bet tikai angļu valodā.",
            "Bildes skaistas, bet nevar saprast, kas ir komplektā.",
        ],
        "positive": [
            "Ļoti detalizēti tehniskie dati, atradu visu vajadzīgo.",
            "Labas bildes un skaidrs apraksts.",
            "Modeļu salīdzināšanas tabula ļoti noderēja.",
            "Citu pircēju atsauksmes palīdzēja.",
            "Viss izskaidrots, pat garantijas noteikumi.",
            "Skaidri un detalizēti. Paldies.",
            "Labi, ka norādīts arī, kas ir komplektā.",
            "Viss vajadzīgais bija, pat video.",
        ],
    },
    "search": {
        "negative": [
            'Meklēju "usb c lādētājs", bet meklētājs piedāvāja telefonu vāciņus.',
            "Kafijas dzirnaviņas, bet meklētājs rādīja tikai kafijas automātus.",
            "Meklētājs vispār nesaprot drukas kļūdas.",
            "55 collu televizoru, bet filtri nestrādāja.",
            "Maisiņus Philips putekļsūcējam",
            "Meklējot pēc modeļa numura, neko neatrod.",
            "HDMI kabeli 3 m. Nulle rezultātu, lai gan jums tādi ir pārdošanā.",
            "Atkaļķotāju kafijas automātam. Meklētājs piedāvāja tikai pašus automātus.",
            'Meklēju "austiņas", pirmie rezultāti bija kabeļi.',
            "Ja raksta bez garumzīmēm, neko neatrod.",
        ],
        "neutral": [
            "Beigās atradu, bet tikai caur izvēlni.",
            "Meklēšana strādā, filtri varētu būt labāki.",
            "Rezultāti ok, bet dīvainā secībā, piederumi pirmie.",
            "Vajadzīgo atradu tikai otrajā lapā.",
            "Meklētājs ir ok, ja zini precīzu nosaukumu.",
            "Normāli, bet lūdzu pievienojiet filtru pēc ražotāja.",
            "Meklētājs atrada, bet rezultātu bija pārāk daudz, grūti atfiltrēt.",
            "Meklētājs strādā, tikai krieviski neko neatrod.",
        ],
        "positive": [
            "Atradu uzreiz.",
            "Meklēšana ātra un precīza.",
            "Ieteikumi jau rakstīšanas laikā ir ļoti ērti.",
            "Ar filtriem bija viegli atrast piemērotu putekļsūcēju.",
            "Meklētājs saprata pat manu drukas kļūdu, forši.",
            "Ātri atradu, ko meklēju.",
            "Pēc modeļa numura uzreiz atradu pareizo filtru.",
            "Ātrs meklētājs, super.",
        ],
    },
    "checkout": {
        "negative": [
            "Noformējot pasūtījumu, piespieda izveidot kontu.",
            "Atlaides koda lauks nestrādāja.",
            "Noformēšanas laikā adrese vairākas reizes pazuda.",
            "Pārāk daudz soļu, lai noformētu pasūtījumu.",
            "Nevarēja izvēlēties piegādes laiku.",
            (
                "Pēc kartes datu ievadīšanas lapa uzkārās. "
                "Vai pasūtījums izgāja cauri vai nē?"
            ),
            "Piegādes cena parādījās tikai pēdējā solī.",
            "Prasīja personas kodu. Kāpēc?",
            "Atlaides kods pazuda, kad nomainīju adresi.",
        ],
        "neutral": [
            "Noformēšana ir ok, varētu būt īsāka.",
            "Strādāja, bet adreses forma telefonā ir kaitinoša.",
            "Viss kārtībā, bet lūdzu atcerieties manu pakomātu.",
            "Mazliet mulsinoši, bet tiku galā.",
            "Gribētos pasūtīt arī bez konta.",
            "Noformēšana ok, piegādes cenu gribētu redzēt agrāk.",
            "Kārtībā, bet pakomātu sarakstā vajadzētu meklēšanu.",
            "Izdevās ar otro reizi, pirmajā lapa tā arī neielādējās.",
        ],
        "positive": [
            "Ātra un vienkārša pasūtījuma noformēšana.",
            "Pasūtīju nepilnā minūtē.",
            "Raiti, bez liekiem soļiem.",
            "Sistēma atcerējās manus datus, ērti.",
            "Pakomātu izvēlēties bija viegli.",
            "Vienkārši un skaidri.",
            "Telefonā pasūtīt ļoti ērti.",
            "Ar Smart-ID pieslēgties ir vienkārši.",
        ],
    },
    "payment": {
        "negative": [
            "Maksājums ar karti trīs reizes neizdevās.",
            "Apple Pay nav?",
            "Internetbanka novirzīja atpakaļ uz grozu, bet nauda tika noņemta.",
            "Par vienu pasūtījumu naudu noņēma divreiz.",
            "Gribētu maksāt ar rēķinu, bet tas nav iespējams.",
            "Maksājuma lapā beidzās sesijas laiks.",
            "Līzinga pieteikums aizņēma mūžību un tika noraidīts bez paskaidrojuma.",
            "Citadeles internetbanka izmeta kļūdu, nācās sākt no jauna.",
            (
                "Nomaksa nestrādāja, lai gan pie preces "
                "bija rakstīts, ka var pirkt uz nomaksu."
            ),
        ],
        "neutral": [
            "Maksājums izdevās ar otro mēģinājumu.",
            "Internetbanka strādā, bet Google Pay būtu forši.",
            "Samaksāju ar karti, ok. Lielākiem pirkumiem noderētu nomaksa.",
            "Maksājums ok, apstiprinājuma e-pasts gan atnāca vēlāk.",
            "Banku izvēle laba, maksājums ar karti mazliet lēns.",
            "Strādāja. Vairāk neko nevajag.",
            (
                "Maksājums ok, bet kartē summu nobloķēja "
                "divreiz, viena atbrīvojās tikai pēc nedēļas."
            ),
            "Ar internetbanku ok, ar Revolut karti mazliet ilgāk.",
        ],
        "positive": [
            "Ar Swedbank internetbanku samaksāju ātri.",
            "Apple Pay strādāja lieliski.",
            "Viegli samaksāt, daudz iespēju.",
            "Ļoti patīk iespēja maksāt vēlāk.",
            "Maksājums izgāja uzreiz.",
            "Ar Google Pay viss noritēja gludi.",
            "SEB internetbanka, pāris klikšķu, un gatavs.",
            "Nomaksas noformēšana aizņēma 2 minūtes. Ļoti ērti.",
        ],
    },
    "returns": {
        "negative": [
            "Naudu atpakaļ gaidu jau 3 nedēļas.",
            "Atgriešana ir sarežģīta, vajadzēja izdrukāt uzlīmi.",
            "Atgriešanu nācās apmaksāt pašam, lai gan prece bija brāķis.",
            "Putekļsūcēju atgriezu pirms mēneša, joprojām nekādu ziņu.",
            "Atgriešanas forma mājaslapā izmet kļūdu.",
            "Atgriešana ilga mūžību, un uz e-pastiem neviens neatbildēja.",
            (
                "Atgriešanu atteica, jo kaste bija atvērta. "
                "Tas ir blenderis, kā citādi lai to pārbauda?"
            ),
            "Lai atgrieztu, bija jāiet uz pastu, pakomātu izmantot nevarēja.",
            'Atgrieztais putekļsūcējs jūsu noliktavā "pazuda". Tagad meklē.',
        ],
        "neutral": [
            "Atgriešana ok, nauda atnāca apmēram 10 dienās.",
            "Atsūtīt atpakaļ viegli, bet nauda nāk lēni.",
            "Atgriešanu pieņēma, bet visu nācās skaidrot divreiz.",
            "Kārtībā, bet bezmaksas atgriešanas uzlīme noderētu.",
            "Atgriešana strādā, tikai lēni.",
            "Aizņēma laiku, bet naudu saņēmu.",
            "Naudu atmaksāja, bet ne visu, piegādes izmaksas paturēja.",
            "Atgriešana ok, tikai forma mazliet mulsinoša.",
        ],
        "positive": [
            "Vienkārša atgriešana caur pakomātu.",
            "Nauda atpakaļ 2 dienās.",
            "Bezrūpīga atgriešana, paldies!",
            "Nepareizā izmēra atgriešana bija ļoti vienkārša.",
            "Ātri atmaksāja, bez liekiem jautājumiem.",
            "Ļoti vienkāršs atgriešanas process.",
            "Atgriezu caur pakomātu, nākamajā dienā nauda bija kontā. Super!",
            "Apmainīju austiņas pret citu modeli, viss noritēja gludi.",
        ],
    },
    "support_phone": {
        "negative": [
            "Gaidīju uz līnijas 25 minūtes.",
            "Neviens neceļ klausuli.",
            "Mani trīs reizes pāradresēja, un atbildi tā arī nesaņēmu.",
            "Tālruņa atbalsts tikai līdz 17:00 ir par maz.",
            "Zvans pārtrūka pēc 15 minūšu gaidīšanas.",
            "Konsultante solīja atzvanīt. Neatzvanīja.",
            "Nācās zvanīt divreiz un visu skaidrot no sākuma.",
            'Zvanīju trīs dienas pēc kārtas, katru reizi "visi operatori ir aizņemti".',
            "Zvanu pārslēdza uz automātu, kas mani vienkārši nometa.",
        ],
        "neutral": [
            "Mazliet nācās pagaidīt, bet konsultants bija izpalīdzīgs.",
            "Atbildi saņēmu, bet saruna ievilkās ilgāk nekā vajadzētu.",
            "Konsultante bija jauka, bet uzreiz atrisināt nevarēja.",
            "Pa telefonu var, bet čatā ir ātrāk.",
            "Ok, ar otro zvanu atrisinājām.",
            "Izpalīdzīgi, lai gan gaidīju 10 minūtes.",
            "Konsultante bija pieklājīga, bet visu vajadzēja pārjautāt kolēģim.",
            "Risinājumu atradām, bet tikai ar otro zvanu.",
        ],
        "positive": [
            "Pa telefonu ļoti labi palīdzēja.",
            "Uzreiz tiku cauri, un jautājums atrisinājās 5 minūtēs.",
            "Laipns un zinošs konsultants. Paldies!",
            "Zvanīju par salūzušu tējkannu, jaunu izsūtīja tajā pašā dienā.",
            "Lielisks klientu atbalsts pa telefonu.",
            "Konsultants atzvanīja, kā solīja, un visu nokārtoja.",
            "Paldies Aigai par palīdzību pa telefonu, ļoti lietišķi!",
            "Zvanīju par reklamāciju, viss atrisinājās vienā zvanā.",
        ],
    },
    "support_chat": {
        "negative": [
            "Čatbots atkal un atkal sūtīja to pašu BUJ saiti.",
            'Čatā rakstīts "tiešsaistē", bet neviens neatbild.',
            "Čata rindā gaidīju 40 minūtes.",
            "Konsultants aizvēra sarunu, pirms mana problēma bija atrisināta.",
            "Copy-paste atbildes, manu jautājumu pat neizlasīja.",
            "Čata logs telefonā nestrādā.",
            "Čatā tikt līdz dzīvam cilvēkam nav iespējams.",
            "Čatā atbildēja angliski, lai gan rakstīju latviski.",
            "Bots nesaprata, ka gribu atcelt pasūtījumu.",
        ],
        "neutral": [
            "Čatā atbildi dabūju, tikai ilgi.",
            "Bots bija bezjēdzīgs, bet cilvēks pēc tam gan palīdzēja.",
            "Čats ok, mazliet lēns.",
            "Izpalīdzīgi, bet pasūtījuma numuru nācās atkārtot vairākas reizes.",
            "Beigās atrisinājās.",
            "Čats ok, bet gribētos sarunas kopiju e-pastā.",
            "Atbilde atnāca, bet tikai nākamajā rītā.",
            "Čats ērts, bet atbildes diezgan vispārīgas.",
        ],
        "positive": [
            "Ātra atbilde čatā!",
            "Čatā jautājumu atrisināja 3 minūtēs.",
            "Ļoti laipns konsultants čatā.",
            "Super, ka čats strādā arī vakaros.",
            "Ātrs un lietišķs čats.",
            "Par garantiju čatā uzreiz saņēmu skaidru atbildi.",
            "Čatā pasūtījumu atcēla uzreiz, ļoti ērti.",
            "Palīdzību čatā saņēmu pat svētdienas vakarā. Paldies!",
        ],
    },
    "app_website": {
        "negative": [
            "Mājaslapa telefonā ir ļoti lēna.",
            "Lapa mani visu laiku izlogo.",
            "Lietotne avarē, kad atveru savus pasūtījumus.",
            "Grozs pa nakti pats iztukšojās.",
            "Pārāk daudz uznirstošo logu.",
            "Filtri katru reizi atiestatās, kad atgriežos atpakaļ.",
            "Telefonā nevar pietuvināt preču bildes.",
            "Pieslēgšanās ar Smart-ID nestrādā.",
            "Lapa lēna kā gliemezis.",
        ],
        "neutral": [
            "Lapa strādā, bet izskatās mazliet vecmodīga.",
            "Lielākoties ok, dažas lapas ielādējas lēni.",
            "Lietotne ok, mājaslapa labāka.",
            "Datorā labi, telefonā neērti.",
            "Strādā, bet tumšais režīms būtu forši.",
            "Lietojams, bet nekas īpašs.",
            "Lapa ok, bet latviešu teksti vietām dīvaini.",
            "Dažas pogas telefonā ir par mazu.",
        ],
        "positive": [
            "Lieliska mājaslapa, viegli lietot.",
            "Lietotne ātra un pārskatāma.",
            "Telefonā viss strādā raiti.",
            "Tīra un vienkārša lapa.",
            "Jaunais dizains ir ļoti skaists.",
            "Ātra lapa, viegli orientēties.",
            "Jaunā lietotne ir daudz labāka par veco.",
            "Viss strādā, kā nākas.",
        ],
    },
    "stock": {
        "negative": [
            "Atkal nav noliktavā.",
            (
                'Lapā bija "ir noliktavā", bet pēc '
                "pasūtīšanas pateica, ka būs pēc 3 nedēļām."
            ),
            "Dyson V15, bet tas jums nekad nav pieejams.",
            'Lūdzu, pievienojiet izpārdotām precēm pogu "paziņot, kad būs pieejams".',
            "Ziemassvētku dāvanai izvēlētā prece tika izpārdota vienā dienā.",
            "Bija pieejama tikai melnā krāsā, gribēju balto.",
            "Rādīja, ka noliktavā ir 5 gab., pēc tam mans pasūtījums tika atcelts.",
            "Rezerves suku Philips putekļsūcējam. Nekad nav noliktavā.",
            'Nedēļu rādīja "drīzumā", vairāk nekādas informācijas.',
        ],
        "neutral": [
            "Nācās nedēļu gaidīt, kamēr prece ienāks noliktavā, bet ienāca.",
            "Dažu izmēru nav, bet izvēle ir gana laba.",
            "No piegādātāja noliktavas vajadzēja ilgāk, bet vismaz tas bija norādīts.",
            "Prece bija beigusies, klientu atbalsts piedāvāja alternatīvu.",
            "Informācija par atlikumiem varētu būt precīzāka.",
            "Ne viss ir pieejams, bet lielākā daļa ir.",
            "Veikalā bija, e-veikalā nebija. Dīvaini, bet dabūju.",
            "Prece atkal parādījās, bet cena pa to laiku bija pacelta.",
        ],
        "positive": [
            "Viss bija noliktavā.",
            "Liela izvēle, atradu visu vajadzīgo.",
            "Labi, ka rādāt atlikumus pa veikaliem.",
            "Prece ātri atkal parādījās noliktavā, paldies par e-pastu.",
            "Plašs preču klāsts.",
            "Bija noliktavā un izsūtīja tajā pašā dienā.",
            "Forši, ka var pasūtīt arī no piegādātāja noliktavas.",
            "Viss vajadzīgais bija uzreiz pieejams.",
        ],
    },
    "packaging": {
        "negative": [
            "Milzīga kaste mazītiņam lādētājam.",
            "Pārāk daudz plastmasas.",
            "Nekāda polsterējuma, glāzes ripoja pa kasti.",
            "Iepakojums bija plāns un saplēsts.",
            "Trīs atsevišķas kastes vienam pasūtījumam. Kāpēc?",
            "Visur burbuļplēve, lūdzu, izmantojiet papīru.",
            "Mazu pulksteņa siksniņu atsūtīja kurpju kastes lieluma pakā.",
            "Plēve un putuplasts, ko nekur nevar izmest.",
        ],
        "neutral": [
            "Iepakojums ok, mazliet par lielu.",
            "Kārtībā, bet plastmasas varētu būt mazāk.",
            "Iepakojums savu darbu izdarīja.",
            "Kaste bija lielāka nekā vajag, bet prece bija labi aizsargāta.",
            "Papīra pildījums labs, plastmasas līmlente gan ne.",
            "Normāls iepakojums.",
            (
                "Iepakojums ok, tikai uz kastes uzreiz redzams, kas iekšā. "
                "Dāvanai tas nav labi."
            ),
            "Pietiktu ar maisiņu, kaste nebija vajadzīga.",
        ],
        "positive": [
            "Labi iepakots.",
            "Jauks, videi draudzīgs iepakojums.",
            "Viss bija labi aizsargāts, paldies.",
            "Piemērota izmēra kaste, nekādas liekas plastmasas.",
            "Rūpīgi iepakots, pat trauslā vāze atnāca vesela.",
            "Papīra iepakojums ļoti patīk.",
            "Labi iepakots, un kasti uzreiz varēja izmest papīra konteinerā.",
            "Kasti viegli atvērt, nekādas cīņas ar līmlenti.",
        ],
    },
    "loyalty": {
        "negative": [
            "Bonusa punkti pazuda no konta.",
            "Dzimšanas dienas atlaide nestrādāja.",
            "Punkti gandrīz neko nav vērti.",
            "Klienta kartes atlaide neattiecas uz akcijas precēm, tad kāda jēga.",
            "Solīto atlaides kodu jaunajiem klientiem tā arī nesaņēmu.",
            "Punktiem beidzās derīguma termiņš bez jebkāda brīdinājuma.",
            "Pastāvīgā klienta cena grozā netika piemērota.",
            "Dzimšanas dienas kods atnāca divas nedēļas pēc dzimšanas dienas.",
        ],
        "neutral": [
            "Lojalitātes programma ir ok, bet grūti saprotama.",
            "Jauks dzimšanas dienas piedāvājums, bet derīgs tikai nedēļu.",
            "Punkti ir ok, es tikai aizmirstu tos izmantot.",
            "Atlaides nelielas, bet laika gaitā sakrājas.",
            "Gribētu redzēt savus punktus lietotnē.",
            "Normāli, bet citi veikali dod vairāk.",
            "Punkti krājas lēni, bet vismaz kaut kas.",
            "Gribētos, lai punktus var izmantot arī veikalā.",
        ],
        "positive": [
            "Super dzimšanas dienas atlaide, paldies!",
            "Man patīk krāt punktus.",
            "Pastāvīgā klienta atlaides ir tiešām labas.",
            "Kā pastāvīgā kliente saņēmu jauku -15% kodu.",
            "Pusi no blendera cenas samaksāju ar punktiem.",
            "Dzimšanas dienas piedāvājums bija patīkams pārsteigums.",
            "Kā pastāvīgais klients saņēmu arī bezmaksas piegādi, ļoti jauki.",
            "Dzimšanas dienā -20%, nopirku sev dāvanu. Paldies!",
        ],
    },
}

# Finnish.
_FI: Comments = {
    "delivery_speed": {
        "negative": [
            "Joulun alla toimitus kesti 8 päivää. Ihan liian hidas.",
            (
                "Tilasin maanantaina ja paketti tuli vasta seuraavan "
                "viikon keskiviikkona, vaikka luvattiin 1–3 arkipäivää."
            ),
            "Hidas toimitus.",
            (
                "Seurannassa paketti oli viisi päivää "
                '"kuljetuksessa" eikä mitään tapahtunut.'
            ),
            "Maksoin pikatoimituksesta ja silti meni 4 päivää. Mikä siinä oli pikaa?",
            "Joululahja tuli vasta 27.12. Vähän myöhässä.",
            (
                "Kassalla luvattiin 2 päivää, meni viikko. "
                "Kertokaa joulukuussa rehellisesti, kauanko toimitus kestää."
            ),
            "Joulukuussa paketti jumitti Postin terminaalissa viisi päivää.",
            "Tilaus lähti varastosta vasta kolmen päivän päästä.",
            "toimitus kesti ikuisuuden",
            "Paketti kiersi Postin terminaaleja kokonaisen viikon.",
            (
                "Tilasin 15.12., että ehtisi jouluksi. "
                "Tuli aatonaattona illalla, juuri ja juuri."
            ),
            (
                "Budbee ilmoitti joka päivä, että toimitus on huomenna. "
                "Kolme päivää putkeen."
            ),
        ],
        "neutral": [
            "Tuli viimeisenä luvattuna päivänä. Ihan ok, mutta ei mitenkään nopeasti.",
            "4 päivää Ouluun, menettelee. Muualta saa 2 päivässä.",
            "Toimitus myöhästyi päivällä, mutta siitä sentään tuli tekstari.",
            "Perustoimitus, ei moitittavaa eikä kehuttavaa.",
            "Tuli ajallaan, vaikka seuranta ei päivittynyt kertaakaan.",
            "Joulukiireissä 6 päivää on varmaan ihan normaalia.",
            "Välissä oli viikonloppu, muuten olisi tullut nopeammin.",
            "Matkahuollon kautta 3 päivässä, ihan normaalia.",
        ],
        "positive": [
            "Nopea toimitus!",
            "Tilasin illalla ja seuraavana aamuna paketti oli jo automaatissa. Hienoa!",
            "Tuli päivän etuajassa.",
            "Tosi nopee, 2 päivässä Tampereelle.",
            "Perillä vuorokaudessa, vaikka oli joulukuu. Hyvä!",
            "Nopeaa ja sujuvaa, kiitos!",
            "Seuraavana päivänä perillä, juuri kuten luvattiin.",
            "nopee toimitus kiitti",
            "Perjantai-iltana tilasin, lauantaina jo kotona! Tosi hyvä.",
            "Rovaniemelle 2 päivässä, odotin pidempää.",
        ],
    },
    "delivery_damage": {
        "negative": [
            "Laatikko oli ruttuinen ja kahvinkeittimen vesisäiliö haljennut.",
            "Pölynimurin kahva oli rikki, kun avasin paketin.",
            (
                "Television näytön kulmassa oli halkeama. "
                "Jouduin kieltäytymään toimituksesta ja odottamaan viikon lisää."
            ),
            "Lautaset tulivat sirpaleina, kuudesta kaksi rikki.",
            (
                "Paketti näytti siltä, että joku oli seissyt sen päällä. "
                "Vedenkeittimessä on lommo."
            ),
            "Jo toinen kerta tänä vuonna, kun tuote tulee rikki.",
            (
                "Näytössä kuolleita pikseleitä ja jalka "
                "naarmuilla, selvästi kolhiintunut kuljetuksessa."
            ),
            "Airfryerin kori oli lommolla eikä kansi mene enää kunnolla kiinni.",
            "Paketista kuului jo helinää. Puolet kahvikupeista rikki.",
        ],
        "neutral": [
            "Ulkolaatikko oli rikki, mutta itse tuote kunnossa.",
            "Yksi lasi oli lohjennut. Tilalle tuli uusi, mutta siinä kesti.",
            "Jääkaapin kyljessä pieni naarmu. En jaksa palauttaa, mutta harmittaa.",
            "Laatikko oli kastunut automaatissa, tuote onneksi selvisi.",
            "Paketin kulma oli revennyt, kuulokkeet onneksi ehjät.",
            "Paistinpannun kannessa pieni lommo. Ei haittaa.",
            (
                "Läppärin laatikko oli kolhiintunut, kone onneksi kunnossa. "
                "Säikähdin kyllä."
            ),
            "Kahvinkeittimen kyljessä pieni naarmu, mutta toimii.",
        ],
        "positive": [
            "Kaikki tuli perille ehjänä.",
            "Ei vaurioita, lasitkin olivat ihan ehjät.",
            "Painava airfryer, mutta tuli ilman naarmuakaan.",
            "Tuote tuli täydellisessä kunnossa.",
            "Iso telkkari tuli ehjänä perille. Turhaan jännitin.",
            "Kaikki ehjää, mikään ei kolissut laatikossa.",
            "Lasinen pöytävalaisin tuli ehjänä, tosi huolellisesti pakattu.",
            "Pesukone tuotiin ilman naarmuakaan.",
        ],
    },
    "parcel_locker": {
        "negative": [
            (
                "Pakettiautomaatti oli täynnä, ja paketti "
                "ohjattiin toiseen automaattiin 5 km päähän."
            ),
            (
                "Postin automaatin luukku ei auennut, jouduin "
                "soittamaan asiakaspalveluun pakkasessa."
            ),
            (
                "Paketti ei mahtunut automaattiin ja se vietiin postiin. "
                "Kukaan ei ilmoittanut mitään."
            ),
            "Lisää pakettiautomaatteja Lahteen, lähin on aina täynnä.",
            (
                "Noutokoodi tuli vasta toisena päivänä, vaikka "
                "paketti oli jo odottanut automaatissa."
            ),
            "Valitsin Matkahuollon noutopisteen, mutta paketti meni ihan eri paikkaan.",
            "Automaatin näyttö jumitti, vasta kolmannella yrityksellä sain paketin.",
            "Automaatin koodi ei toiminut ja Postin asiakaspalveluun oli jonoa.",
            "Halusin Matkahuollon automaatin, mutta valittavana oli vain Posti.",
            "Paketti meni Kannelmäen automaattiin, vaikka valitsin Malmin.",
        ],
        "neutral": [
            "Automaatti on ok, mutta haluaisin valita tarkan automaatin itse kassalla.",
            "Nouto onnistui, koodi tuli vähän myöhään.",
            "Automaatti oli kaukana, mutta isolle paketille ainoa vaihtoehto.",
            "Olisi kiva, jos Postin lisäksi voisi valita Matkahuollon automaatin.",
            "Viikko noutoaikaa on vähän lyhyt, jos on reissussa.",
            "Ihan tavallinen automaattinouto.",
            (
                "Automaatti on kaupan sisällä, joten paketin saa vain aukioloaikoina. "
                "Vähän hankalaa."
            ),
            "Ok, mutta iso lokero oli niin korkealla, että juuri ja juuri ylsin.",
        ],
        "positive": [
            "Pakettiautomaatti ihan talon vieressä, täydellistä.",
            "Automaatit on parhaita, ei tarvitse odotella kuljettajaa.",
            "Koodi tuli heti, hain paketin kotimatkalla.",
            "Nouto Postin automaatista sujui nopeasti.",
            "Pakettiautomaatti on kätevin vaihtoehto.",
            "Helppoa ja nopeaa, paketin voi hakea vaikka keskellä yötä.",
            "Pakettiautomaatti on paras keksintö.",
            (
                "Valitsin automaatin työpaikan vierestä ja hain paketin lounastauolla. "
                "Kätevää!"
            ),
        ],
    },
    "courier": {
        "negative": [
            (
                "Kuljettaja ei soittanut, jätti vain lapun että en ollut kotona. "
                "Olin kotona."
            ),
            "Kuljettaja jätti paketin oven taakse kysymättä.",
            (
                "Kuljettaja oli puhelimessa töykeä eikä suostunut "
                "kantamaan pesukonetta kolmanteen kerrokseen."
            ),
            "Odotin koko päivän, kuljettaja tuli ilmoittamatta klo 21.30.",
            "Kuriiri merkitsi paketin toimitetuksi, mutta oven takana ei ollut mitään.",
            "Toimitusikkuna 9–17 on hyödytön, jos on töissä.",
            "Kuljettaja ei löytänyt rappua ja luovutti.",
            (
                "Kuljettaja ei puhunut suomea eikä "
                "englantia, ei saanut selvää milloin tulee."
            ),
            "Kuljettaja heitti paketin aidan yli. Oikeesti?",
        ],
        "neutral": [
            "Kuljettaja oli tunnin myöhässä, mutta soitti etukäteen.",
            "Kuski oli kiireinen mutta kohtelias.",
            "Toimitusikkuna saisi olla lyhyempi.",
            (
                "Kuljettaja soitti 10 minuuttia ennen. "
                "Ihan ok, mutta aika lyhyellä varoitusajalla."
            ),
            "Kuljettaja oli mukava, aikaikkuna ei niinkään.",
            "Paketti jätettiin naapurille, tällä kertaa se kävi.",
            (
                "Kuljettaja tuli myöhemmin kuin luvattiin, mutta pahoitteli. "
                "Kiitos rehellisyydestä."
            ),
            "Kuljettajan kanssa kaikki ok, tekstari olisi vaan voinut tulla aiemmin.",
        ],
        "positive": [
            "Ystävällinen kuljettaja, soitti etukäteen.",
            "Kuljettaja kantoi jääkaapin keittiöön asti. Iso kiitos!",
            "Tosi kohtelias kuski, ajallaan.",
            "Kuljettaja tuli just luvatussa aikaikkunassa.",
            "Loistava kuljettaja, auttoi jopa telkkarin purkamisessa.",
            "Mukava kuski.",
            "Kuljettaja soitti ja sovittiin sopiva aika. Näin sen pitää mennä!",
            "Tosi mukava kuski, kantoi telkkarin viidenteen kerrokseen asti.",
        ],
    },
    "price": {
        "negative": [
            "Kalliimpi kuin muualla.",
            "Sama pölynimuri oli muualla 40 € halvempi.",
            "Puhelimen kuorille 6,90 € toimituskulut? Ei kiitos.",
            (
                'Hinnat nousivat juuri ennen Black Fridayta ja sitten "alennettiin". '
                "Ei kivaa."
            ),
            "Ostoskorissa loppusumma oli isompi kuin tuotesivulla.",
            "Ennen teillä oli hyvät hinnat, nyt korkeintaan keskitasoa.",
            "Ilmaisen toimituksen raja on liian korkea.",
            (
                "Ostin telkkarin ja viikon päästä se oli 100 € halvempi. "
                "Hintaeroa ei hyvitetty."
            ),
            "Hinnat on nousseet viime aikoina reippaasti.",
        ],
        "neutral": [
            "Hinnat ok, mutta ei halvimmat.",
            "Hinta laatuun nähden reilu, mutta toimituskulut nostaa loppusummaa.",
            "Osa tuotteista halpoja, osa ylihinnoiteltuja.",
            "Ale oli hyvä, normaalihinnat vähän korkeat.",
            (
                "Samat hinnat kuin muualla. "
                "Tilaan täältä lähinnä nopean toimituksen takia."
            ),
            "Hinta ok, mutta yli 50 € tilauksissa toimituksen voisi saada ilmaiseksi.",
            "Black Friday oli ok, mutta mitään isoja alennuksia en huomannut.",
            "Halpaa ei ole, mutta takuuasiat hoituu kunnolla.",
        ],
        "positive": [
            "Hyvät hinnat!",
            "Halvin paikka, mistä tämän robotti-imurin löysin.",
            "Alesta tuli tehtyä hyvät kaupat, ostin telkkarin ja soundbarin.",
            "Hinta-laatusuhde kohdallaan.",
            "Ilmainen toimitus ratkaisi.",
            "Reilut hinnat, ei yllätyskuluja kassalla.",
            "En löytänyt näin edullista kahvinkeitintä mistään muualta.",
            "Kampanjasta sain imurin melkein puoleen hintaan.",
        ],
    },
    "product_quality": {
        "negative": [
            "Vedenkeitin alkoi vuotaa kahden viikon jälkeen.",
            "Halpaa muovia, tuntuu että hajoaa pian.",
            "Kuulokkeet lakkasivat latautumasta kuukaudessa.",
            "Pannun pinnoite alkoi irrota muutaman käytön jälkeen.",
            "Tehosekoitin pitää kovaa meteliä ja haisee palaneelle.",
            "Tähän hintaan odotin parempaa laatua.",
            "Pussilakana kutistui ensimmäisessä pesussa.",
            (
                "Robotti-imuri jumittaa jatkuvasti mattoihin "
                "ja akku kestää vain puoli tuntia."
            ),
            "Älykello hajosi sateessa, vaikka piti olla vedenkestävä.",
        ],
        "neutral": [
            "Ajaa asiansa. Ei mitään erikoista.",
            "Kahvinkeitin on hyvä, mutta maidonvaahdotin on heikko.",
            "Ääni on hyvä, mutta nappikuulokkeet putoilee korvista.",
            "Laatu ok hintaan nähden.",
            "Laite toimii hyvin, mutta sen sovellus on surkea.",
            "Lamppu on kaunis, mutta valo on kylmempää kuin kuvissa.",
            "Hiustenkuivaaja on tehokas, mutta tosi äänekäs.",
            "Patja on mukava, mutta haju pysyi viikon.",
        ],
        "positive": [
            "Erinomainen laatu, tosi tyytyväinen.",
            "Robotti-imuri muutti elämän, lattiat aina puhtaat.",
            "Tukeva ja laadukas, toimii moitteetta.",
            "Airfryer on mahtava, käytän joka päivä.",
            "Loistava kahvinkeitin, espresso kuin kahvilassa.",
            "Hyvä laatu, juuri kuten kuvattiin.",
            "Kuulokkeissa hyvä ääni ja akku kestää pitkään.",
            "Kahvinkeitin on toiminut moitteetta jo puoli vuotta.",
            "Hyvä laatu, vanhemmatkin tykkäsi.",
        ],
    },
    "product_info": {
        "negative": [
            "Tuotesivulla ei ole mittoja.",
            "Kuvissa ihan eri väri kuin mitä sain.",
            "Tekniset tiedot puuttuu: onko vedenkeitin johdoton vai ei?",
            "Haluaisin tietää äänitason desibeleinä.",
            "Vain yksi kuva, ja sekin valmistajan mainoskuva.",
            "Kuvaus on konekäännös, siitä ei saa mitään selvää.",
            "Energialuokka ja virrankulutus puuttuu.",
            "Mikä johto tulee mukana? Ei mainita missään.",
            "Ei tietoa, voiko kahvinkeittimessä käyttää myös jauhettua kahvia.",
            "Onko tässä telkkarissa Yle Areena -sovellus? Sivulta ei löytynyt.",
            "mitat puuttuu",
        ],
        "neutral": [
            "Kuvaus ok, mutta lisää kuvia kaivattaisiin.",
            "Tiedot on, mutta malleja on vaikea verrata.",
            "Hyvät tiedot, mutta arvosteluja ei vielä ole.",
            "Olisi kiva nähdä tuote käytössä, vaikka videolla.",
            "Melkein kaikki tiedot löytyi, painon jouduin googlaamaan.",
            "Sivu ok, kokotaulukko voisi olla selkeämpi.",
            "Kuvaus oli, mutta vain englanniksi.",
            "Kuvat on hienoja, mutta ei selviä, mitä paketissa tulee mukana.",
        ],
        "positive": [
            "Tosi tarkat tekniset tiedot, löysin kaiken tarvittavan.",
            "Hyvät kuvat ja selkeä kuvaus.",
            "Mallien vertailutaulukko oli tosi kätevä.",
            "Muiden ostajien arvostelut auttoivat.",
            "Kaikki selitetty, jopa takuuehdot.",
            "Selkeä ja kattava. Kiitos.",
            "Hyvä, että kerrotaan myös mitä pakkauksessa on mukana.",
            "Kaikki tarvittava löytyi, jopa video.",
        ],
    },
    "search": {
        "negative": [
            'Hain "usb c laturi" ja sain puhelimen kuoria.',
            "Kahvimyllyä, mutta haku näytti pelkkiä kahvinkeittimiä.",
            "Haku ei ymmärrä kirjoitusvirheitä ollenkaan.",
            "55 tuuman telkkaria, mutta suodattimet ei toimineet.",
            "Pölypusseja Philipsin imuriin",
            "Mallinumerolla haku ei löydä mitään.",
            "HDMI-kaapelia 3 m. Nolla tulosta, vaikka teillä niitä myydään.",
            "Kalkinpoistoainetta kahvinkeittimeen. Haku tarjosi vain keittimiä.",
            'Hain "kuulokkeet", ensimmäisinä tuloksina oli kaapeleita.',
            "Jos kirjoittaa ilman ääkkösiä, ei löydy mitään.",
        ],
        "neutral": [
            "Löysin lopulta, mutta vain valikon kautta.",
            "Haku toimii, suodattimet voisi olla parempia.",
            "Tulokset ok, mutta oudossa järjestyksessä, tarvikkeet ensin.",
            "Löysin etsimäni vasta toiselta sivulta.",
            "Haku toimii, jos tietää tuotteen tarkan nimen.",
            "Ihan ok, mutta lisätkää merkkisuodatin.",
            "Haku löysi, mutta tuloksia oli liikaa ja niitä oli vaikea rajata.",
            "Haku toimii, mutta ruotsiksi ei löydy mitään.",
        ],
        "positive": [
            "Löytyi heti.",
            "Haku on nopea ja osuva.",
            "Ehdotukset jo kirjoittaessa on tosi käteviä.",
            "Suodattimilla oli helppo löytää sopiva imuri.",
            "Haku ymmärsi jopa kirjoitusvirheeni, hienoa.",
            "Löysin nopeasti mitä etsin.",
            "Mallinumerolla löysin heti oikean suodattimen.",
            "Nopea haku, toimii hyvin.",
        ],
    },
    "checkout": {
        "negative": [
            "Kassalla pakotettiin luomaan tili.",
            "Alennuskoodin kenttä ei toiminut.",
            "Kassa pyyhki osoitteeni monta kertaa.",
            "Liikaa vaiheita tilauksen tekemiseen.",
            "Kassalla ei voinut valita toimitusaikaa.",
            "Sivu kaatui kun olin syöttänyt korttitiedot. Menikö tilaus läpi vai ei?",
            "Toimituskulut näkyi vasta viimeisessä vaiheessa.",
            "Kassalla kysyttiin henkilötunnusta. Miksi?",
            "Alennuskoodi katosi, kun vaihdoin osoitetta.",
        ],
        "neutral": [
            "Kassa on ok, voisi olla lyhyempi.",
            "Toimi, mutta osoitelomake on puhelimella ärsyttävä.",
            "Ihan ok, mutta muistakaa mun pakettiautomaatti.",
            "Vähän sekava, mutta selvisin.",
            "Haluaisin tilata ilman tiliä.",
            "Kassa ok, toimituskulut haluaisin nähdä aiemmin.",
            "Ok, mutta automaattilistaan kaipaisi hakua.",
            "Onnistui toisella yrityksellä, ekalla sivu jäi lataamaan.",
        ],
        "positive": [
            "Nopea ja helppo kassa.",
            "Tilaus tehty alle minuutissa.",
            "Sujuva, ei turhia vaiheita.",
            "Kassa muisti tietoni, kätevää.",
            "Pakettiautomaatin valinta kassalla oli helppoa.",
            "Selkeä ja yksinkertainen.",
            "Puhelimella tosi kätevä tilata.",
            "Kassalla ei kysytty mitään turhaa, hyvä.",
        ],
    },
    "payment": {
        "negative": [
            "Korttimaksu epäonnistui kolme kertaa.",
            "Eikö MobilePayta ole?",
            "Verkkopankki ohjasi takaisin ostoskoriin, mutta rahat veloitettiin silti.",
            "Yhdestä tilauksesta veloitettiin kahdesti.",
            "Haluaisin maksaa laskulla, mutta se ei onnistu.",
            "Maksusivulla istunto vanheni kesken maksun.",
            "Osamaksuhakemus kesti ikuisuuden ja hylättiin ilman perusteluja.",
            "Nordean verkkopankki heitti virheen ja piti aloittaa alusta.",
            "Osamaksu ei toiminut, vaikka tuotteen kohdalla luki, että onnistuu.",
        ],
        "neutral": [
            "Maksu meni läpi toisella yrityksellä.",
            "Verkkopankki toimii, mutta Apple Pay olisi kiva.",
            "Maksoin kortilla, ok. Isompiin ostoksiin osamaksu olisi hyvä.",
            "Maksu ok, vahvistusviesti tuli tosin myöhässä.",
            "Hyvä pankkivalikoima, korttimaksu vähän hidas.",
            "Toimi. Muuta en kaipaa.",
            (
                "Maksu ok, mutta kortilta varattiin summa "
                "kahdesti ja toinen vapautui vasta viikon päästä."
            ),
            "Verkkopankilla ok, Revolutin kortilla kesti hetken.",
        ],
        "positive": [
            "Maksu MobilePaylla sujui nopeasti.",
            "Apple Pay toimi täydellisesti.",
            "Helppo maksaa, paljon vaihtoehtoja.",
            'Tykkään tosi paljon "maksa myöhemmin" -vaihtoehdosta.',
            "Maksu meni heti läpi.",
            "Verkkopankkimaksu sujui ongelmitta.",
            "OP:n verkkopankki, pari klikkausta ja valmis.",
            "Osamaksun tekeminen vei 2 minuuttia. Tosi kätevää.",
        ],
    },
    "returns": {
        "negative": [
            "Odotan rahoja takaisin jo 3 viikkoa.",
            "Palautus on monimutkainen, piti tulostaa osoitelappu.",
            "Jouduin maksamaan palautuksen itse, vaikka tuote oli viallinen.",
            "Palautin imurin kuukausi sitten, eikä mitään kuulu.",
            "Nettisivujen palautuslomake antaa virheen.",
            "Palautus kesti ikuisuuden eikä sähköposteihin vastattu.",
            (
                "Palautus hylättiin, koska laatikko oli avattu. "
                "Se on tehosekoitin, miten muuten sitä testaan?"
            ),
            "Palautusta varten piti mennä postiin, automaattia ei voinut käyttää.",
            'Palautettu imuri "katosi" teidän varastoon. Nyt sitä etsitään.',
        ],
        "neutral": [
            "Palautus ok, rahat tuli noin 10 päivässä.",
            "Helppo lähettää takaisin, rahat tulee hitaasti.",
            "Palautus hyväksyttiin, mutta jouduin selittämään kaiken kahdesti.",
            "Ok, mutta ilmainen palautuslappu auttaisi.",
            "Palautus toimii, on vain hidas.",
            "Kesti, mutta rahat tuli.",
            "Rahat palautettiin, mutta toimituskuluja ei hyvitetty.",
            "Palautus ok, lomake vaan vähän sekava.",
        ],
        "positive": [
            "Helppo palautus pakettiautomaatin kautta.",
            "Rahat takaisin 2 päivässä.",
            "Vaivaton palautus, kiitos!",
            "Väärän koon palautus oli superhelppo.",
            "Nopea hyvitys, ei kyselty turhia.",
            "Tosi helppo palautusprosessi.",
            (
                "Palautin automaatin kautta ja rahat oli seuraavana päivänä tilillä. "
                "Mahtavaa!"
            ),
            "Vaihdoin kuulokkeet toiseen malliin, kaikki sujui hienosti.",
        ],
    },
    "support_phone": {
        "negative": [
            "Jonotin puhelimessa 25 minuuttia.",
            "Kukaan ei vastaa puhelimeen.",
            "Minut siirrettiin kolme kertaa eikä vastausta silti tullut.",
            "Puhelinpalvelu vain klo 17 asti ei riitä.",
            "Puhelu katkesi 15 minuutin jonottamisen jälkeen.",
            "Asiakaspalvelija lupasi soittaa takaisin. Ei soittanut.",
            "Jouduin soittamaan kahdesti ja selittämään kaiken alusta.",
            (
                "Soitin kolmena päivänä peräkkäin, joka kerta "
                '"kaikki asiakaspalvelijamme ovat varattuja".'
            ),
            "Puhelu ohjattiin automaattiin, joka vain katkaisi puhelun.",
        ],
        "neutral": [
            "Jouduin vähän jonottamaan, mutta asiakaspalvelija oli avulias.",
            "Sain vastauksen, mutta puhelu venyi turhan pitkäksi.",
            "Asiakaspalvelija oli mukava, mutta ei osannut ratkaista asiaa heti.",
            "Puhelin toimii, mutta chat on nopeampi.",
            "Ok, toisella soitolla ratkesi.",
            "Avulias palvelu, vaikka jonotin 10 minuuttia.",
            "Asiakaspalvelija oli kohtelias, mutta joutui kysymään kaiken kollegalta.",
            "Ratkaisu löytyi, mutta vasta toisella soitolla.",
        ],
        "positive": [
            "Sain puhelimessa tosi hyvää palvelua.",
            "Pääsin heti läpi ja asia ratkesi 5 minuutissa.",
            "Ystävällinen ja osaava asiakaspalvelija. Kiitos!",
            "Soitin rikkinäisestä vedenkeittimestä, uusi lähti samana päivänä.",
            "Loistava puhelinpalvelu.",
            (
                "Asiakaspalvelija soitti takaisin "
                "luvattuun aikaan ja hoiti kaiken kuntoon."
            ),
            "Kiitos Sannalle puhelimessa, tosi asiantunteva!",
            "Soitin reklamaatiosta, kaikki hoitui yhdellä puhelulla.",
        ],
    },
    "support_chat": {
        "negative": [
            "Chatbot lähetti mulle yhä uudestaan saman UKK-linkin.",
            'Chatissa lukee "paikalla", mutta kukaan ei vastaa.',
            "Jonotin chatissa 40 minuuttia.",
            "Asiakaspalvelija sulki chatin ennen kuin asia oli ratkaistu.",
            "Copy-paste-vastauksia, kysymystäni ei edes luettu.",
            "Chat-ikkuna ei toimi puhelimella.",
            "Oikean ihmisen tavoittaminen chatissa on mahdotonta.",
            "Chatissa vastattiin englanniksi, vaikka kirjoitin suomeksi.",
            "Botti ei tajunnut, että haluan perua tilauksen.",
        ],
        "neutral": [
            "Sain chatissa vastauksen, siinä vain kesti.",
            "Botti oli hyödytön, mutta sen jälkeen tullut ihminen oli hyvä.",
            "Chat ok, vähän hidas.",
            "Avulias, mutta jouduin toistamaan tilausnumeron monta kertaa.",
            "Lopulta ratkesi.",
            "Chat oli ok, mutta haluaisin keskustelusta kopion sähköpostiin.",
            "Vastaus tuli, mutta vasta seuraavana aamuna.",
            "Chat on kätevä, mutta vastaukset aika yleisiä.",
        ],
        "positive": [
            "Nopea vastaus chatissa!",
            "Chatissa asia ratkesi 3 minuutissa.",
            "Tosi ystävällinen asiakaspalvelija chatissa.",
            "Hienoa, että chat on auki myös iltaisin.",
            "Nopea ja asiallinen chat.",
            "Sain chatissa heti selkeän vastauksen takuuasiaan.",
            "Chatissa tilaus peruttiin heti, tosi kätevää.",
            "Sain apua chatissa jopa sunnuntai-iltana. Kiitos!",
        ],
    },
    "app_website": {
        "negative": [
            "Nettisivu on puhelimella tosi hidas.",
            "Sivu kirjaa mut jatkuvasti ulos.",
            "Sovellus kaatuu, kun avaan tilaukseni.",
            "Ostoskori tyhjeni yön aikana itsestään.",
            "Liikaa ponnahdusikkunoita.",
            "Suodattimet nollautuu aina kun palaa takaisin.",
            "Puhelimella ei voi zoomata tuotekuvia.",
            "Kirjautuminen ei toimi.",
            "Sivu on hidas kuin etana.",
        ],
        "neutral": [
            "Sivu toimii, mutta näyttää vähän vanhanaikaiselta.",
            "Enimmäkseen ok, jotkut sivut latautuu hitaasti.",
            "Sovellus ok, nettisivu parempi.",
            "Koneella hyvä, puhelimella kömpelö.",
            "Toimii, mutta tumma tila olisi kiva.",
            "Käyttökelpoinen, ei sen kummempaa.",
            "Sivu ok, mutta suomenkieliset tekstit on paikoin outoja.",
            "Jotkut napit on puhelimella liian pieniä.",
        ],
        "positive": [
            "Loistava nettisivu, helppo käyttää.",
            "Sovellus on nopea ja selkeä.",
            "Kaikki toimii puhelimella sujuvasti.",
            "Siisti ja selkeä sivu.",
            "Uusi ulkoasu on tosi hieno.",
            "Nopea sivu, asiat löytyy helposti.",
            "Uusi sovellus on paljon parempi kuin vanha.",
            "Kaikki toimii niin kuin pitää.",
        ],
    },
    "stock": {
        "negative": [
            "Taas loppu.",
            (
                'Sivulla luki "varastossa", mutta tilauksen '
                "jälkeen kerrottiin toimitusajaksi 3 viikkoa."
            ),
            "Dyson V15:tä, mutta se on teillä aina loppu.",
            'Lisätkää loppuneisiin tuotteisiin "ilmoita kun saatavilla" -nappi.',
            "Joululahjaksi aikomani tuote myytiin loppuun päivässä.",
            "Saatavilla vain mustana, halusin valkoisen.",
            "Varastossa näkyi 5 kpl, sitten tilaukseni peruttiin.",
            "Varaharjaa Philipsin imuriin. Ei koskaan varastossa.",
            'Viikon näkyi "tulossa pian", eikä mitään muuta tietoa.',
        ],
        "neutral": [
            (
                "Jouduin odottamaan viikon ennen kuin "
                "tuote tuli varastoon, mutta tulihan se."
            ),
            "Joitain kokoja puuttuu, mutta valikoima on ihan ok.",
            "Toimittajan varastosta kesti kauemmin, onneksi se näkyi sivulla.",
            "Tuote oli loppu, asiakaspalvelu ehdotti vaihtoehtoa.",
            "Saatavuustieto voisi olla tarkempi.",
            "Kaikkea ei ole saatavilla, mutta suurin osa on.",
            "Myymälässä oli, verkkokaupassa ei. Outoa, mutta sain sen.",
            "Tuote tuli takaisin varastoon, mutta hinta oli sillä välin noussut.",
        ],
        "positive": [
            "Kaikki oli varastossa.",
            "Iso valikoima, löysin kaiken tarvitsemani.",
            "Hyvä että näytätte saatavuuden myymälöittäin.",
            "Tuote tuli nopeasti takaisin varastoon, kiitos sähköpostista.",
            "Laaja valikoima.",
            "Varastossa ja lähti samana päivänä.",
            "Kiva, että voi tilata myös toimittajan varastosta.",
            "Kaikki tarvittava oli heti saatavilla.",
        ],
    },
    "packaging": {
        "negative": [
            "Valtava laatikko pienelle laturille.",
            "Liikaa muovia.",
            "Ei mitään pehmusteita, lasit pyöri laatikossa.",
            "Pakkaus oli ohut ja revennyt.",
            "Kolme erillistä laatikkoa yhdelle tilaukselle. Miksi?",
            "Kuplamuovia joka paikassa, käyttäkää paperia.",
            "Pieni kellonranneke tuli kenkälaatikon kokoisessa paketissa.",
            "Muovikalvoa ja styroksia, joita ei voi laittaa mihinkään keräykseen.",
        ],
        "neutral": [
            "Pakkaus ok, vähän turhan iso.",
            "Ihan ok, mutta muovia voisi olla vähemmän.",
            "Pakkaus ajoi asiansa.",
            "Laatikko oli isompi kuin tarvitsi, mutta tuote oli hyvin suojattu.",
            "Paperitäyte hyvä, muoviteippi ei niinkään.",
            "Ok pakkaus.",
            (
                "Pakkaus ok, mutta laatikosta näki heti, mitä sisällä on. "
                "Lahjaksi ei hyvä."
            ),
            "Pussi olisi riittänyt, laatikkoa ei olisi tarvittu.",
        ],
        "positive": [
            "Hyvin pakattu.",
            "Kiva ympäristöystävällinen pakkaus.",
            "Kaikki hyvin suojattu, kiitos.",
            "Sopivan kokoinen laatikko, ei turhaa muovia.",
            "Huolellisesti pakattu, hauras maljakkokin tuli ehjänä.",
            "Paperipakkaus on tosi hyvä juttu.",
            "Hyvin pakattu, ja laatikon sai suoraan kartonkikeräykseen.",
            "Laatikko aukesi helposti, ei teippien kanssa taistelua.",
        ],
    },
    "loyalty": {
        "negative": [
            "Kanta-asiakaspisteet katosivat tililtä.",
            "Syntymäpäiväetu ei toiminut.",
            "Pisteet on lähes arvottomia.",
            "Kanta-asiakasalennus ei koske alennustuotteita, mitä järkeä.",
            "Luvattua tervetuloetua ei koskaan tullut.",
            "Pisteet vanhenivat ilman mitään varoitusta.",
            "Kanta-asiakashintaa ei huomioitu kassalla.",
            "Synttärikoodi tuli kaksi viikkoa synttärien jälkeen.",
        ],
        "neutral": [
            "Kanta-asiakasohjelma on ok, mutta vaikea ymmärtää.",
            "Kiva synttärietu, mutta voimassa vain viikon.",
            "Pisteet ok, unohdan vain käyttää niitä.",
            "Edut on pieniä, mutta kertyyhän niitä.",
            "Haluaisin nähdä pisteeni sovelluksessa.",
            "Ihan ok, mutta muualla saa enemmän.",
            "Pisteitä kertyy hitaasti, mutta jotain kuitenkin.",
            "Olisi kiva, jos pisteitä voisi käyttää myös myymälässä.",
        ],
        "positive": [
            "Mahtava synttärietu, kiitos!",
            "Tykkään kerätä pisteitä.",
            "Kanta-asiakasedut on tosi hyviä.",
            "Sain kanta-asiakkaana kivan -15 % koodin.",
            "Maksoin puolet tehosekoittimesta pisteillä.",
            "Syntymäpäiväetu oli mukava yllätys.",
            "Kanta-asiakkaana sain myös ilmaisen toimituksen, tosi kiva.",
            "Synttäreiden kunniaksi -20 %, ostin itselleni lahjan. Kiitos!",
        ],
    },
}

# Lithuanian.
_LT: Comments = {
    "delivery_speed": {
        "negative": [
            "Prieš Kalėdas pristatymas užtruko 9 dienas.",
            (
                "Užsisakiau pirmadienį, gavau tik kitos savaitės trečiadienį. "
                "Svetainėje žadėjo 1–3 darbo dienas."
            ),
            "Per lėtas pristatymas.",
            'Siuntos sekime penkias dienas rodė "kelyje" ir niekas nesikeitė.',
            (
                "Sumokėjau už skubų pristatymą, o siunta "
                "vis tiek atkeliavo per 4 dienas. Kur čia skubumas?"
            ),
            "Kalėdinė dovana atkeliavo gruodžio 27 d. Po švenčių iš jos mažai naudos.",
            (
                "Apmokant žadėjo 2 dienas, o užtruko savaitę. "
                "Gruodį reikėtų sąžiningai nurodyti pristatymo terminus."
            ),
            "Gruodį siunta 5 dienas stovėjo LP Express terminale Vilniuje.",
            "Užsakymas 3 dienas gulėjo sandėlyje, kol buvo išsiųstas.",
            "taip ilgai laukti virdulio tai jau per daug",
            "Lietuvos paštas siuntą vežiojo visą savaitę.",
            (
                "Užsisakiau gruodžio 15 d., kad suspėtų iki švenčių. "
                "Atėjo 23 d. vakare, vos vos."
            ),
            "DPD kasdien rašė, kad pristatys rytoj, ir taip tris dienas iš eilės.",
        ],
        "neutral": [
            "Atkeliavo paskutinę žadėtą dieną. Viskas gerai, bet ne greitai.",
            "4 dienos iki Klaipėdos, normaliai. Kitur pristato per 2.",
            "Pristatymas vėlavo dieną, bet bent atsiuntėte SMS.",
            "Vidutiniškai. Nėra kuo skųstis, bet ir girti nėra ko.",
            "Atkeliavo laiku, nors sekimo puslapis nė karto neatsinaujino.",
            "Prieš šventes 6 dienos, turbūt normalu.",
            "Per vidurį buvo savaitgalis, kitaip būtų greičiau.",
            "Per Venipak atėjo per 3 dienas, normaliai.",
        ],
        "positive": [
            "Greitas pristatymas!",
            "Užsisakiau vakare, kitą rytą siunta jau buvo paštomate. Puiku!",
            "Atkeliavo diena anksčiau nei žadėta.",
            "Labai greitai, per 2 dienas iki Šiaulių.",
            "Pristatė per parą, net gruodžio viduryje. Šaunuoliai!",
            "Greitai ir tiksliai, ačiū!",
            "Kitą dieną jau turėjau, kaip ir žadėjo.",
            "greitas pristatymas, aciu",
            "Penktadienio vakarą užsisakiau, šeštadienį jau turėjau! Labai gerai.",
            "Į Alytų per 2 dienas, tikėjausi ilgiau.",
        ],
    },
    "delivery_damage": {
        "negative": [
            "Dėžė buvo sulamdyta, o kavos aparato vandens bakelis įskilęs.",
            "Dulkių siurblys atkeliavo su sulūžusia rankena.",
            (
                "Televizoriaus ekrano kampe buvo įtrūkimas. "
                "Teko atsisakyti siuntos ir laukti dar savaitę."
            ),
            "Lėkštės atkeliavo šukėmis, dvi iš šešių sudužusios.",
            "Dėžė atrodė taip, lyg kas ant jos būtų stovėjęs. Virdulys įlenktas.",
            "Jau antrą kartą šiais metais gaunu sugadintą prekę.",
            (
                "Monitoriuje negyvi pikseliai ir subraižyta "
                "kojelė, akivaizdžiai per transportavimą."
            ),
            "Gruzdintuvės krepšelis įlenktas, o dangtis nebeužsidaro kaip reikiant.",
            "Jau siuntoje girdėjosi žvangėjimas. Pusė puodelių sudužo.",
        ],
        "neutral": [
            "Išorinė dėžė buvo apgadinta, bet pati prekė sveika.",
            "Viena taurė buvo nuskilusi. Atsiuntėte naują, bet tai užtruko.",
            "Ant šaldytuvo šono mažas įbrėžimas. Negrąžinsiu, bet nemalonu.",
            "Dėžė paštomate sušlapo, prekė laimei liko sveika.",
            "Siuntos kampas buvo praplyšęs, bet ausinės laimei tvarkingos.",
            "Keptuvės dangtis šiek tiek įlenktas. Nieko baisaus.",
            (
                "Nešiojamo kompiuterio dėžė buvo įlenkta, kompiuteris laimei sveikas. "
                "Bet išsigandau."
            ),
            "Kavos aparatas šone šiek tiek subraižytas, bet veikia.",
        ],
        "positive": [
            "Visos prekės atkeliavo sveikos.",
            "Jokių pažeidimų, net taurės visiškai sveikos.",
            "Sunki karšto oro gruzdintuvė, bet atkeliavo be jokio įbrėžimo.",
            "Atkeliavo puikios būklės.",
            "Didelis televizorius atkeliavo sveikas. Be reikalo jaudinausi.",
            "Viskas sveika, dėžėje niekas nebarškėjo.",
            "Stiklinė stalinė lempa atkeliavo sveika, labai kruopščiai supakuota.",
            "Skalbimo mašiną atvežė be jokio įbrėžimo.",
        ],
    },
    "parcel_locker": {
        "negative": [
            "Paštomatas buvo pilnas, todėl siuntą nukreipė į kitą paštomatą už 5 km.",
            (
                "Omniva paštomato durelės neatsidarė, teko "
                "šaltyje skambinti į jų informacinę liniją."
            ),
            (
                "Siunta netilpo į paštomatą, ją išvežė atgal į terminalą. "
                "Niekas man apie tai nepranešė."
            ),
            "Panevėžyje reikia daugiau paštomatų, artimiausias visada pilnas.",
            "Kodą gavau tik antrą dieną, nors siunta jau seniai buvo paštomate.",
            (
                "Pasirinkau LP Express paštomatą prie "
                "Maximos, o siunta nukeliavo visai kitur."
            ),
            "Paštomato ekranas užstrigo, siuntą pasiėmiau tik iš trečio karto.",
            "Paštomato kodas neveikė, o informacinėje linijoje buvo eilė.",
            "Norėjau Omniva paštomato, bet buvo galima rinktis tik LP Express.",
            "Siuntą paliko paštomate Šeškinėje, nors rinkausi Pilaitę.",
        ],
        "neutral": [
            (
                "Paštomatas ok, bet norėčiau užsakydamas "
                "pats pasirinkti konkretų paštomatą."
            ),
            "Atsiėmiau be problemų, tik kodas atėjo kiek vėliau.",
            "Paštomatas buvo toli, bet didelei dėžei tai buvo vienintelis variantas.",
            "Būtų gerai, jei be LP Express būtų galima rinktis ir Omniva paštomatus.",
            "3 dienos siuntai atsiimti kiek per mažai, jei esi išvykęs.",
            "Paprastas paštomatas, nieko ypatingo.",
            (
                "Paštomatas parduotuvės viduje, tai siuntą "
                "galima pasiimti tik darbo valandomis. Truputį nepatogu."
            ),
            "Ok, bet didelis skyrelis buvo taip aukštai, kad vos pasiekiau.",
        ],
        "positive": [
            "Paštomatas visai šalia namų, super.",
            "Paštomatai geriausi, nereikia laukti kurjerio.",
            "Kodas atėjo iš karto, siuntą pasiėmiau grįždamas namo.",
            "Iš LP Express paštomato atsiėmiau greitai ir be vargo.",
            "Paštomatas – patogiausias variantas.",
            "Paprasta ir greita, siuntą gali pasiimti kad ir vidurnaktį.",
            "Paštomatas – geriausias išradimas.",
            (
                "Pasirinkau paštomatą prie darbo, "
                "siuntą pasiėmiau per pietų pertrauką. Patogu!"
            ),
        ],
    },
    "courier": {
        "negative": [
            (
                "Kurjeris nepaskambino, tiesiog paliko "
                "pranešimą, kad manęs nebuvo namie. Buvau namie!"
            ),
            "Kurjeris paliko siuntą prie durų nieko neklausęs.",
            (
                "Kurjeris telefonu buvo nemandagus ir atsisakė "
                "užnešti skalbimo mašiną į trečią aukštą."
            ),
            "Laukiau visą dieną, kurjeris atvažiavo neperspėjęs 21:30.",
            "DPD kurjeris pažymėjo, kad siunta pristatyta, bet prie durų nieko nebuvo.",
            "Pristatymo laikas nuo 9 iki 17 beprasmis, jei dirbi.",
            "Kurjeris nerado įėjimo į laiptinę ir tiesiog pasidavė.",
            (
                "Kurjeris nekalbėjo nei lietuviškai, nei "
                "angliškai, nesupratau, kada jis atvažiuos."
            ),
            "Kurjeris permetė siuntą per tvorą. Rimtai?",
        ],
        "neutral": [
            "Kurjeris vėlavo valandą, bet iš anksto paskambino.",
            "Kurjeris skubėjo, bet buvo mandagus.",
            "Pristatymo laiko intervalas galėtų būti siauresnis.",
            (
                "Kurjeris paskambino likus 10 minučių. "
                "Iš esmės ok, bet gana paskutinę minutę."
            ),
            "Kurjeris buvo malonus, laiko intervalas – nelabai.",
            "Kurjeris paliko siuntą kaimynei, šį kartą tiko.",
            "Kurjeris atvažiavo vėliau nei žadėta, bet atsiprašė. Ačiū už sąžiningumą.",
            "Su kurjeriu viskas ok, tik SMS galėjo ateiti anksčiau.",
        ],
        "positive": [
            "Malonus kurjeris, iš anksto paskambino.",
            "Kurjeris užnešė šaldytuvą iki pat virtuvės. Didelis ačiū!",
            "Labai mandagus vairuotojas, atvyko laiku.",
            "Kurjeris atvyko tiksliai žadėtu laiku.",
            "Puikus kurjeris, net padėjo išpakuoti televizorių.",
            "Šaunus kurjeris.",
            "Kurjeris paskambino, ir susitarėme dėl patogaus laiko. Taip ir turi būti!",
            "Labai malonus kurjeris, užnešė televizorių net į penktą aukštą.",
        ],
    },
    "price": {
        "negative": [
            "Kitose parduotuvėse pigiau.",
            "Tas pats dulkių siurblys kitur buvo 40 € pigesnis.",
            "Pristatymas telefono dėklui 6,99 €? Ne, ačiū.",
            'Prieš Juodąjį penktadienį kainas pakėlė, o paskui "nuleido". Negražu.',
            "Krepšelyje suma buvo didesnė nei prekės puslapyje.",
            "Anksčiau turėjote geras kainas, dabar geriausiu atveju vidutines.",
            "Nemokamo pristatymo riba per aukšta.",
            (
                "Nusipirkau televizorių, o po savaitės jis buvo 100 € pigesnis. "
                "Skirtumo negrąžino."
            ),
            "Pastaruoju metu kainos gerokai pakilo.",
        ],
        "neutral": [
            "Kainos ok, bet ne pigiausios.",
            "Kaina atitinka kokybę, bet pristatymas nemažai prideda.",
            "Vienos prekės pigios, kitos per brangios. Kaip kada.",
            "Akcija buvo gera, įprastos kainos kiek aukštokos.",
            "Kainos tokios pat kaip kitur. Perku čia dėl greito pristatymo.",
            "Kaina ok, bet nuo 50 € pristatymas galėtų būti nemokamas.",
            "Juodasis penktadienis buvo ok, bet didelių nuolaidų nepastebėjau.",
            "Pigu nėra, bet bent jau garantiniai reikalai sutvarkomi kaip reikiant.",
        ],
        "positive": [
            "Geros kainos!",
            "Pigiausia vieta, kur radau šį robotą dulkių siurblį.",
            (
                "Per išpardavimą buvo super kainos, "
                "nusipirkau televizorių ir garso kolonėlę."
            ),
            "Kainos ir kokybės santykis puikus.",
            "Nemokamas pristatymas nulėmė pasirinkimą.",
            "Sąžiningos kainos, apmokant jokių staigmenų.",
            "Tokios geros kainos kavos aparato niekur kitur neradau.",
            "Per akciją dulkių siurblį gavau beveik už pusę kainos.",
        ],
    },
    "product_quality": {
        "negative": [
            "Virdulys pradėjo tekėti po dviejų savaičių.",
            "Pigus plastikas, atrodo, kad greitai suluš.",
            "Ausinės po mėnesio nebesikrauna.",
            "Keptuvės danga pradėjo luptis po kelių kartų.",
            "Trintuvas labai triukšmingas ir dvokia degėsiais.",
            "Už tokią kainą tikėjausi geresnės kokybės.",
            "Patalynė po pirmo skalbimo susitraukė.",
            (
                "Robotas siurblys nuolat užstringa ant "
                "kilimų, o baterija laiko tik pusvalandį."
            ),
            (
                "Išmanusis laikrodis sugedo per lietų, "
                "nors turėjo būti atsparus vandeniui."
            ),
        ],
        "neutral": [
            "Savo darbą atlieka. Nieko ypatingo.",
            "Kavos aparatas geras, bet pieno putų plakiklis silpnas.",
            "Garsas geras, bet ausinės krenta iš ausų.",
            "Kokybė atitinka kainą.",
            "Prietaisas veikia gerai, bet jo programėlė siaubinga.",
            "Lempa graži, bet šviesa šaltesnė nei nuotraukose.",
            "Plaukų džiovintuvas galingas, bet labai triukšmingas.",
            "Čiužinys patogus, bet kvapas laikėsi savaitę.",
        ],
        "positive": [
            "Puiki kokybė, labai patenkinta.",
            "Robotas dulkių siurblys – tiesiog išsigelbėjimas, grindys visada švarios.",
            "Tvirtas ir kokybiškas, veikia nepriekaištingai.",
            "Karšto oro gruzdintuvė super, naudoju kasdien.",
            "Labai geras kavos aparatas, espresso kaip kavinėje.",
            "Gera kokybė, tiksliai kaip aprašyta.",
            "Ausinių garsas puikus, o baterija laiko ilgai.",
            "Kavos aparatas jau pusmetį veikia be priekaištų.",
            "Gera kokybė, tėvams irgi patiko.",
        ],
    },
    "product_info": {
        "negative": [
            "Prekės puslapyje nėra matmenų.",
            "Nuotraukose visai kita spalva nei gavau.",
            "Trūksta techninių duomenų: ar virdulys belaidis, ar ne?",
            "Norėčiau žinoti triukšmo lygį decibelais.",
            "Tik viena nuotrauka, ir ta pati gamintojo reklaminė.",
            "Aprašymas išverstas mašininiu vertėju, nieko nesuprasti.",
            "Nenurodyta energijos klasė ir elektros sąnaudos.",
            "Koks laidas yra komplekte? Niekur neparašyta.",
            "Nėra informacijos, ar kavos aparate galima naudoti maltą kavą.",
            "Ar šis televizorius turi Netflix programėlę? Puslapyje neradau.",
            "nėra matmenų",
        ],
        "neutral": [
            "Aprašymas normalus, bet daugiau nuotraukų praverstų.",
            "Duomenys yra, bet modelius sunku palyginti.",
            "Informacija gera, bet atsiliepimų dar nėra.",
            "Būtų smagu pamatyti prekę realiai naudojamą, pavyzdžiui, vaizdo įraše.",
            "Beveik visa informacija buvo, tik svorį teko googlinti.",
            "Puslapis ok, dydžių lentelė galėtų būti aiškesnė.",
            "Aprašymas buvo, bet tik angliškai.",
            "Nuotraukos gražios, bet neaišku, kas yra komplekte.",
        ],
        "positive": [
            "Labai išsamūs techniniai duomenys, radau viską, ko reikia.",
            "Geros nuotraukos ir aiškus aprašymas.",
            "Modelių palyginimo lentelė labai padėjo.",
            "Kitų pirkėjų atsiliepimai buvo naudingi.",
            "Viskas paaiškinta, net garantijos sąlygos.",
            "Aiškiai ir išsamiai. Ačiū.",
            "Gerai, kad nurodyta ir tai, kas yra komplekte.",
            "Buvo viskas, ko reikia, net vaizdo įrašas.",
        ],
    },
    "search": {
        "negative": [
            'Ieškojau "usb c įkroviklis", o paieška pasiūlė telefonų dėklus.',
            "Kavamalės, bet paieška rodė tik kavos aparatus.",
            "Paieška visiškai nesupranta rašybos klaidų.",
            "55 colių televizoriaus, bet filtrai neveikė.",
            "Maišelių Philips dulkių siurbliui",
            "Ieškant pagal modelio numerį nieko nerandama.",
            "HDMI laido 3 m. Nulis rezultatų, nors jūs tokius parduodate.",
            (
                "Kalkių šalinimo priemonės kavos aparatui. "
                "Paieška siūlė tik pačius aparatus."
            ),
            'Ieškojau "ausinės", pirmi rezultatai buvo laidai.',
            "Jei rašai be lietuviškų raidžių, nieko neranda.",
        ],
        "neutral": [
            "Galiausiai radau, bet tik per meniu.",
            "Paieška veikia, filtrai galėtų būti geresni.",
            "Rezultatai ok, bet keista tvarka, priedai pirmi.",
            "Reikiamą prekę radau tik antrame puslapyje.",
            "Paieška gera, jei žinai tikslų pavadinimą.",
            "Normaliai, bet pridėkite filtrą pagal gamintoją.",
            "Paieška rado, bet rezultatų buvo per daug, sunku atsirinkti.",
            "Paieška veikia, tik rusiškai nieko neranda.",
        ],
        "positive": [
            "Radau iš karto.",
            "Paieška greita ir tiksli.",
            "Pasiūlymai dar rašant labai patogūs.",
            "Su filtrais buvo lengva rasti tinkamą dulkių siurblį.",
            "Paieška suprato net mano rašybos klaidą, šaunu.",
            "Greitai radau, ko ieškojau.",
            "Pagal modelio numerį iš karto radau tinkamą filtrą.",
            "Greita paieška, super.",
        ],
    },
    "checkout": {
        "negative": [
            "Apmokant privertė susikurti paskyrą.",
            "Nuolaidos kodo laukelis neveikė.",
            "Užsakymo formoje adresas kelis kartus išsitrynė.",
            "Per daug žingsnių užsakymui pateikti.",
            "Negalėjau pasirinkti pristatymo laiko.",
            "Įvedus kortelės duomenis puslapis užstrigo. Ar užsakymas praėjo, ar ne?",
            "Pristatymo kaina paaiškėjo tik paskutiniame žingsnyje.",
            "Paprašė asmens kodo. Kam?",
            "Nuolaidos kodas dingo, kai pakeičiau adresą.",
        ],
        "neutral": [
            "Užsakymo pateikimas ok, galėtų būti trumpesnis.",
            "Veikė, bet adreso forma telefone erzina.",
            "Viskas gerai, bet galėtumėte įsiminti mano paštomatą.",
            "Šiek tiek painu, bet susitvarkiau.",
            "Norėčiau užsisakyti ir be paskyros.",
            "Viskas ok, tik pristatymo kainą norėčiau matyti anksčiau.",
            "Viskas gerai, bet paštomatų sąraše trūksta paieškos.",
            "Pavyko iš antro karto, pirmą kartą puslapis taip ir neužsikrovė.",
        ],
        "positive": [
            "Greitas ir paprastas užsakymo pateikimas.",
            "Užsisakiau greičiau nei per minutę.",
            "Sklandžiai, be nereikalingų žingsnių.",
            "Sistema įsiminė mano duomenis, patogu.",
            "Paštomatą pasirinkti buvo lengva.",
            "Paprasta ir aišku.",
            "Telefonu užsisakyti labai patogu.",
            "Prisijungti per Smart-ID paprasta.",
        ],
    },
    "payment": {
        "negative": [
            "Mokėjimas kortele nepavyko tris kartus.",
            "Nėra Apple Pay?",
            (
                "Elektroninė bankininkystė nukreipė atgal į "
                "krepšelį, bet pinigai vis tiek nuskaičiuoti."
            ),
            "Už vieną užsakymą nuskaičiavo du kartus.",
            "Norėčiau mokėti pagal sąskaitą, bet tokios galimybės nėra.",
            "Mokėjimo puslapyje baigėsi sesijos laikas.",
            "Lizingo paraiška užtruko amžinybę ir buvo atmesta be paaiškinimo.",
            "Luminor elektroninė bankininkystė išmetė klaidą, teko pradėti iš naujo.",
            (
                "Lizingas neveikė, nors prie prekės buvo "
                "parašyta, kad galima pirkti išsimokėtinai."
            ),
        ],
        "neutral": [
            "Mokėjimas praėjo iš antro karto.",
            "Bankinis pavedimas veikia, bet Google Pay būtų smagu.",
            "Mokėjau kortele, ok. Didesniems pirkiniams praverstų mokėjimas dalimis.",
            "Mokėjimas ok, tik patvirtinimo laiškas atėjo vėliau.",
            "Bankų pasirinkimas geras, mokėjimas kortele kiek lėtas.",
            "Veikė. Daugiau nieko ir nereikia.",
            (
                "Mokėjimas ok, bet kortelėje suma buvo rezervuota "
                "du kartus, viena atsilaisvino tik po savaitės."
            ),
            "Per banką ok, su Revolut kortele truputį ilgiau.",
        ],
        "positive": [
            "Per Swedbank apmokėjau greitai.",
            "Apple Pay veikė puikiai.",
            "Lengva sumokėti, daug galimybių.",
            "Labai patinka galimybė mokėti vėliau.",
            "Mokėjimas praėjo akimirksniu.",
            "Su Google Pay viskas sklandžiai.",
            "Per Paysera, keli paspaudimai ir viskas.",
            "Išsimokėtinai įforminau per 2 minutes. Labai patogu.",
        ],
    },
    "returns": {
        "negative": [
            "Pinigų atgal laukiu jau 3 savaites.",
            "Grąžinimas sudėtingas, reikėjo atsispausdinti lipduką.",
            "Grąžinimą teko apmokėti pačiam, nors prekė buvo brokuota.",
            "Dulkių siurblį grąžinau prieš mėnesį, iki šiol jokių žinių.",
            "Grąžinimo forma svetainėje meta klaidą.",
            "Grąžinimas užtruko amžinybę, į el. laiškus niekas neatsakė.",
            (
                "Grąžinimą atmetė, nes dėžė buvo atidaryta. "
                "Tai trintuvas, kaip kitaip jį išbandyti?"
            ),
            "Norint grąžinti, teko eiti į paštą, paštomato naudoti negalėjau.",
            'Grąžintas dulkių siurblys jūsų sandėlyje "dingo". Dabar ieško.',
        ],
        "neutral": [
            "Grąžinimas ok, pinigai grįžo maždaug per 10 dienų.",
            "Išsiųsti atgal lengva, bet pinigai grįžta lėtai.",
            "Grąžinimą priėmė, bet viską teko aiškinti du kartus.",
            "Viskas gerai, bet nemokamas grąžinimo lipdukas praverstų.",
            "Grąžinimas veikia, tik lėtai.",
            "Užtruko, bet pinigus gavau.",
            "Pinigus grąžino, bet ne visus, pristatymo išlaidų negrąžino.",
            "Grąžinimas ok, tik forma kiek paini.",
        ],
        "positive": [
            "Paprastas grąžinimas per paštomatą.",
            "Pinigai grįžo per 2 dienas.",
            "Grąžinimas be jokio vargo, ačiū!",
            "Grąžinti netinkamo dydžio prekę buvo labai paprasta.",
            "Greitai grąžino pinigus, be nereikalingų klausimų.",
            "Labai paprastas grąžinimo procesas.",
            "Grąžinau per paštomatą, kitą dieną pinigai jau buvo sąskaitoje. Super!",
            "Ausines pasikeičiau į kitą modelį, viskas vyko sklandžiai.",
        ],
    },
    "support_phone": {
        "negative": [
            "Telefonu eilėje laukiau 25 minutes.",
            "Niekas nekelia ragelio.",
            "Mane tris kartus peradresavo, o atsakymo taip ir negavau.",
            "Telefonu aptarnauja tik iki 17 val., to per mažai.",
            "Skambutis nutrūko po 15 minučių laukimo.",
            "Konsultantė žadėjo perskambinti. Neperskambino.",
            "Teko skambinti du kartus ir viską aiškinti iš naujo.",
            'Skambinau tris dienas iš eilės, kaskart "visi operatoriai užimti".',
            "Skambutį nukreipė į autoatsakiklį, kuris tiesiog nutraukė pokalbį.",
        ],
        "neutral": [
            "Teko kiek palaukti, bet konsultantas buvo paslaugus.",
            "Atsakymą gavau, bet pokalbis užtruko ilgiau nei reikėtų.",
            "Konsultantė buvo maloni, bet iš karto išspręsti negalėjo.",
            "Telefonu galima, bet čate greičiau.",
            "Ok, išsprendėme per antrą skambutį.",
            "Paslaugūs, nors laukiau 10 minučių.",
            "Konsultantė buvo mandagi, bet viską turėjo pasiklausti kolegos.",
            "Sprendimą radome, bet tik per antrą skambutį.",
        ],
        "positive": [
            "Telefonu labai gerai padėjo.",
            "Prisiskambinau iš karto, ir klausimas išsisprendė per 5 minutes.",
            "Malonus ir išmanantis konsultantas. Ačiū!",
            "Skambinau dėl sugedusio virdulio, naują išsiuntė tą pačią dieną.",
            "Puikus aptarnavimas telefonu.",
            "Konsultantas perskambino, kaip žadėjo, ir viską sutvarkė.",
            "Ačiū Linai už pagalbą telefonu, labai dalykiška!",
            "Skambinau dėl pretenzijos, viskas išsisprendė per vieną skambutį.",
        ],
    },
    "support_chat": {
        "negative": [
            "Pokalbių robotas vis siuntė tą pačią DUK nuorodą.",
            'Pokalbių lange parašyta "prisijungę", bet niekas neatsako.',
            "Pokalbio eilėje laukiau 40 minučių.",
            "Konsultantas uždarė pokalbį, kol mano problema dar nebuvo išspręsta.",
            "Šabloniniai atsakymai, mano klausimo net neperskaitė.",
            "Pokalbių langas telefone neveikia.",
            "Per čatą prisikasti iki gyvo žmogaus neįmanoma.",
            "Čate atsakė angliškai, nors rašiau lietuviškai.",
            "Robotas nesuprato, kad noriu atšaukti užsakymą.",
        ],
        "neutral": [
            "Pokalbių lange atsakymą gavau, tik ilgai.",
            "Robotas buvo nenaudingas, bet po jo prisijungęs žmogus padėjo.",
            "Čatas ok, kiek lėtas.",
            "Paslaugūs, bet užsakymo numerį teko kartoti kelis kartus.",
            "Galiausiai išsisprendė.",
            "Čatas ok, bet norėčiau pokalbio kopijos el. paštu.",
            "Atsakymas atėjo, bet tik kitą rytą.",
            "Čatas patogus, bet atsakymai gana bendri.",
        ],
        "positive": [
            "Greitas atsakymas čate!",
            "Čate problemą išsprendė per 3 minutes.",
            "Labai malonus konsultantas pokalbių lange.",
            "Super, kad čatas veikia ir vakarais.",
            "Greitas ir dalykiškas čatas.",
            "Dėl garantijos čate iš karto gavau aiškų atsakymą.",
            "Čate užsakymą atšaukė iš karto, labai patogu.",
            "Pagalbos čate sulaukiau net sekmadienio vakarą. Ačiū!",
        ],
    },
    "app_website": {
        "negative": [
            "Svetainė telefone labai lėta.",
            "Svetainė vis mane atjungia.",
            "Programėlė užlūžta, kai atidarau savo užsakymus.",
            "Krepšelis per naktį pats išsituštino.",
            "Per daug iššokančių langų.",
            "Grįžus atgal filtrai kaskart nusinulina.",
            "Telefone negalima padidinti prekių nuotraukų.",
            "Prisijungimas per Smart-ID neveikia.",
            "Svetainė lėta kaip sraigė.",
        ],
        "neutral": [
            "Svetainė veikia, bet atrodo kiek pasenusi.",
            "Dažniausiai ok, kai kurie puslapiai kraunasi lėtai.",
            "Programėlė ok, svetainė geresnė.",
            "Kompiuteryje gerai, telefone nepatogu.",
            "Veikia, bet norėtųsi tamsaus režimo.",
            "Naudotis galima, bet nieko ypatingo.",
            "Svetainė ok, bet lietuviški tekstai vietomis keisti.",
            "Kai kurie mygtukai telefone per maži.",
        ],
        "positive": [
            "Puiki svetainė, lengva naudotis.",
            "Programėlė greita ir aiški.",
            "Telefone viskas veikia sklandžiai.",
            "Švari ir paprasta svetainė.",
            "Naujas dizainas labai gražus.",
            "Greita svetainė, lengva susigaudyti.",
            "Nauja programėlė daug geresnė už senąją.",
            "Viskas veikia, kaip turi.",
        ],
    },
    "stock": {
        "negative": [
            "Vėl nėra.",
            'Puslapyje buvo "yra sandėlyje", o užsakius pasakė, kad bus po 3 savaičių.',
            "Dyson V15, bet jo pas jus niekada nėra.",
            'Pridėkite išparduotoms prekėms mygtuką "pranešti, kai atsiras".',
            "Kalėdinei dovanai išsirinkta prekė buvo išparduota per dieną.",
            "Buvo tik juodos spalvos, norėjau baltos.",
            "Rodė, kad sandėlyje yra 5 vnt., paskui mano užsakymą atšaukė.",
            "Atsarginio šepetėlio Philips dulkių siurbliui. Niekada nėra sandėlyje.",
            'Savaitę rodė "netrukus", daugiau jokios informacijos.',
        ],
        "neutral": [
            "Teko savaitę palaukti, kol prekė atsiras, bet atsirado.",
            "Kai kurių dydžių nėra, bet pasirinkimas visai neblogas.",
            "Iš tiekėjo sandėlio užtruko ilgiau, bet bent jau tai buvo nurodyta.",
            "Prekės nebuvo, klientų aptarnavimas pasiūlė alternatyvą.",
            "Informacija apie likučius galėtų būti tikslesnė.",
            "Ne visko yra, bet didžiąją dalį prekių rasti galima.",
            "Parduotuvėje buvo, e. parduotuvėje ne. Keista, bet gavau.",
            "Prekė vėl atsirado, bet kaina per tą laiką pakilo.",
        ],
        "positive": [
            "Viskas buvo sandėlyje.",
            "Didelis pasirinkimas, radau viską, ko reikėjo.",
            "Gerai, kad rodote likučius pagal parduotuves.",
            "Prekė greitai vėl atsirado, ačiū už el. laišką.",
            "Platus prekių asortimentas.",
            "Buvo sandėlyje ir išsiuntė tą pačią dieną.",
            "Smagu, kad galima užsakyti ir iš tiekėjo sandėlio.",
            "Viskas, ko reikėjo, buvo iš karto.",
        ],
    },
    "packaging": {
        "negative": [
            "Milžiniška dėžė mažyčiam įkrovikliui.",
            "Per daug plastiko.",
            "Jokio paminkštinimo, taurės ridinėjosi po dėžę.",
            "Pakuotė buvo plona ir suplyšusi.",
            "Trys atskiros dėžės vienam užsakymui. Kodėl?",
            "Visur burbulinė plėvelė, naudokite popierių.",
            "Mažą laikrodžio dirželį atsiuntė batų dėžės dydžio pakuotėje.",
            "Plėvelė ir putplastis, kurių niekur negali išmesti.",
        ],
        "neutral": [
            "Pakuotė ok, kiek per didelė.",
            "Viskas gerai, bet plastiko galėtų būti mažiau.",
            "Pakuotė savo darbą atliko.",
            "Dėžė buvo didesnė nei reikia, bet prekė gerai apsaugota.",
            "Popierinis užpildas geras, plastikinė lipni juosta – nelabai.",
            "Normali pakuotė.",
            "Pakuotė ok, tik ant dėžės iš karto matyti, kas viduje. Dovanai netinka.",
            "Užtektų maišelio, dėžės nereikėjo.",
        ],
        "positive": [
            "Gerai supakuota.",
            "Graži, aplinkai draugiška pakuotė.",
            "Viskas buvo gerai apsaugota, ačiū.",
            "Tinkamo dydžio dėžė, jokio nereikalingo plastiko.",
            "Kruopščiai supakuota, net trapi vaza atkeliavo sveika.",
            "Popierinė pakuotė labai patinka.",
            "Gerai supakuota, dėžę iš karto galėjau mesti į popieriaus konteinerį.",
            "Dėžę lengva atidaryti, jokių kovų su lipnia juosta.",
        ],
    },
    "loyalty": {
        "negative": [
            "Lojalumo taškai dingo iš paskyros.",
            "Gimtadienio nuolaida neveikė.",
            "Taškai beveik nieko neverti.",
            "Klubo kortelės nuolaida negalioja akcijinėms prekėms, tai kokia prasmė.",
            "Žadėto nuolaidos kodo naujiems klientams taip ir negavau.",
            "Taškai baigė galioti be jokio įspėjimo.",
            "Nuolatinio kliento kaina krepšelyje nepritaikyta.",
            "Gimtadienio kodas atėjo praėjus dviem savaitėms po gimtadienio.",
        ],
        "neutral": [
            "Lojalumo programa ok, bet sunkiai suprantama.",
            "Smagus gimtadienio pasiūlymas, bet galiojo tik savaitę.",
            "Taškai ok, tik pamirštu juos panaudoti.",
            "Nuolaidos nedidelės, bet per laiką susikaupia.",
            "Norėčiau matyti savo taškus programėlėje.",
            "Normaliai, bet kitos parduotuvės duoda daugiau.",
            "Taškai kaupiasi lėtai, bet bent kažkas.",
            "Norėtųsi, kad taškus būtų galima panaudoti ir parduotuvėje.",
        ],
        "positive": [
            "Super gimtadienio nuolaida, ačiū!",
            "Man patinka kaupti taškus.",
            "Nuolatinio kliento nuolaidos tikrai geros.",
            "Kaip nuolatinė klientė gavau gražų -15 % kodą.",
            "Pusę trintuvo kainos sumokėjau taškais.",
            "Gimtadienio pasiūlymas buvo maloni staigmena.",
            "Kaip nuolatinis klientas gavau ir nemokamą pristatymą, labai malonu.",
            "Gimtadienio proga -20 %, nusipirkau sau dovaną. Ačiū!",
        ],
    },
}

# English.
_EN: Comments = {
    "delivery_speed": {
        "negative": [
            "Took 9 days in the run-up to Christmas. Way too slow.",
            (
                "Ordered on Monday, the parcel arrived the following Wednesday. "
                "The site promised 1-3 working days."
            ),
            "Slow delivery.",
            'Tracking said "in transit" for five days and nothing moved.',
            (
                "I paid for express delivery and it still took 4 days. "
                "What exactly was express about it?"
            ),
            (
                "The present arrived on the 27th of December. "
                "Not much use after Christmas, is it."
            ),
            (
                "Checkout said 2 days, it took a week. "
                "Please be honest about delivery times in December."
            ),
            "In December my parcel sat in the DPD terminal for 5 days.",
            "way too long to wait for a kettle",
            "The parcel spent a whole week bouncing between Omniva terminals.",
            (
                "Ordered on 15 December so it would be here for Christmas. "
                "Arrived on the evening of the 23rd, just about."
            ),
            'DPD said "tomorrow" three days in a row.',
        ],
        "neutral": [
            "Arrived on the last promised day. Fine, but not fast.",
            "4 days to Tartu, which is ok-ish. Other shops do it in 2.",
            "Delivery was a day late, but at least you sent a text about it.",
            "Average. Nothing to complain about, nothing to praise.",
            "It came on time, although the tracking page never updated.",
            "6 days during the Christmas rush. Probably normal, I guess.",
            "There was a weekend in between, otherwise it would've been quicker.",
            "3 days with Venipak, that's normal.",
        ],
        "positive": [
            "Fast delivery!",
            (
                "Ordered in the evening, picked it up "
                "from the parcel locker next morning. Impressive."
            ),
            "Came a day earlier than promised.",
            "Super quick, 2 days to Kaunas.",
            "Delivered within 24 hours, even in the middle of December. Well done.",
            "Very fast, thanks!",
            "Next-day delivery to Riga, exactly as promised.",
            "Ordered on Friday evening, had it on Saturday! Very good.",
            "2 days to Narva, expected longer.",
        ],
    },
    "delivery_damage": {
        "negative": [
            "The box was crushed and the coffee machine's water tank was cracked.",
            "Vacuum cleaner arrived with a broken handle.",
            (
                "The TV had a crack in the corner of the screen. "
                "Had to refuse it and wait another week."
            ),
            "Plates arrived in pieces. Two out of six broken.",
            "The box looked like someone had stood on it. The kettle has a dent.",
            "Second damaged item this year.",
            (
                "Monitor came with dead pixels and a "
                "scratched stand, clearly from transport."
            ),
            (
                "The air fryer basket was dented and the "
                "lid doesn't close properly anymore."
            ),
            (
                "Could hear clinking before I even opened it. "
                "Half of the mugs were broken."
            ),
        ],
        "neutral": [
            "Outer box was damaged but the product itself was fine.",
            "One glass was chipped. You sent a replacement, but it took a while.",
            (
                "Small scratch on the side of the fridge. "
                "Not worth returning, but annoying."
            ),
            "The box got wet in the locker, the product survived.",
            "Corner of the package was torn, luckily the earbuds were OK.",
            "Minor dent on the pan lid. I'll live with it.",
            (
                "Laptop box was dented, the laptop itself is fine. "
                "Gave me a fright though."
            ),
            "Small scratch on the side of the coffee machine, but it works.",
        ],
        "positive": [
            "Everything arrived intact.",
            "No damage at all, even the wine glasses were perfect.",
            "Heavy air fryer, but it arrived without a scratch.",
            "Arrived in perfect condition.",
            "Big TV, delivered undamaged. Was worried for nothing.",
            "All intact, nothing rattling in the box.",
            "The glass desk lamp arrived intact, very carefully packed.",
            "Washing machine delivered without a single scratch.",
        ],
    },
    "parcel_locker": {
        "negative": [
            (
                "The parcel locker was full, so they sent "
                "my parcel to another one 5 km away."
            ),
            (
                "The Omniva locker door wouldn't open. "
                "Had to call their helpline standing in the cold."
            ),
            (
                "The box didn't fit into the locker so "
                "they took it back to the terminal. Nobody told me."
            ),
            "Please add more lockers in Pärnu, the nearest one is always full.",
            (
                "Got the pickup code only on the second "
                "day, the parcel was already waiting."
            ),
            "I chose a DPD Pickup point but it went to a different one.",
            "Locker screen froze, took three tries to get my parcel out.",
            "The locker code didn't work and the helpline had a queue.",
            "I wanted a DPD locker, but only Omniva was available.",
            "Parcel went to a locker in Lasnamäe although I'd picked Kristiine.",
        ],
        "neutral": [
            (
                "The locker is fine, but I'd rather pick "
                "the exact locker myself at checkout."
            ),
            "Pickup worked, the code came a bit late though.",
            "The locker was a bit far but it was the only option for a big box.",
            "Would be nice to have Venipak lockers too, not just Omniva.",
            "3 days to pick it up is a bit short if you're travelling.",
            "Standard parcel locker experience.",
            (
                "The locker is inside a shop, so you "
                "can only pick up during opening hours. A bit awkward."
            ),
            "OK, but the big compartment was so high I could barely reach it.",
        ],
        "positive": [
            "Parcel locker right next to my house, perfect.",
            "Love the parcel lockers, no waiting around for a courier.",
            "Code arrived right away, picked it up on the way home.",
            "Smooth pickup from the Omniva locker.",
            "Parcel locker is the best option, super convenient.",
            "Easy, quick and I can pick it up at midnight if I want.",
            "Parcel lockers are the best invention ever.",
            (
                "Picked a locker next to my office and grabbed it on my lunch break. "
                "Handy!"
            ),
        ],
    },
    "courier": {
        "negative": [
            (
                "The courier didn't call, just left a note saying I wasn't home. "
                "I was home."
            ),
            "Courier left the parcel outside my door without asking.",
            (
                "The courier was rude on the phone and refused to "
                "carry the washing machine up to the 3rd floor."
            ),
            "Waited the whole day, the courier turned up at 21:30 without warning.",
            "The DPD courier marked it as delivered, but there was nothing at my door.",
            "A 9-17 delivery window is useless if you work.",
            "Courier couldn't find the entrance and just gave up.",
            (
                "The courier spoke neither English nor "
                "Estonian, no idea when he'd turn up."
            ),
            "The courier threw the parcel over the fence. Seriously?",
        ],
        "neutral": [
            "Courier was an hour late but called ahead.",
            "The courier was in a hurry but polite.",
            "Would be nice to get a tighter delivery window.",
            "Courier called 10 minutes before arriving. Fine, but short notice.",
            "The courier was friendly, the time slot was not.",
            "Courier left it with my neighbour, which was fine this time.",
            (
                "The courier came later than promised but apologised. "
                "Appreciate the honesty."
            ),
            "All fine with the courier, the text could have come earlier.",
        ],
        "positive": [
            "Friendly courier, called beforehand.",
            "The courier carried the fridge all the way to the kitchen. Thank you!",
            "Very polite driver, right on time.",
            "Courier arrived exactly within the time slot.",
            "Great courier, even helped me unpack the TV.",
            "Nice courier.",
            (
                "The courier called and we agreed on a time that suited me. "
                "That's how it should be!"
            ),
            "Really nice courier, carried the TV up to the fifth floor.",
        ],
    },
    "price": {
        "negative": [
            "Too expensive compared to other shops.",
            "Found the same vacuum 40 € cheaper elsewhere.",
            "Shipping costs 6.99 € for a phone case? No thanks.",
            (
                'Prices went up right before Black Friday and then got "discounted". '
                "Not nice."
            ),
            "The total in the cart was higher than on the product page.",
            "Your prices used to be good, now they're average at best.",
            "Free shipping threshold is too high.",
            (
                "Bought a TV and a week later it was 100 € cheaper. "
                "They wouldn't refund the difference."
            ),
            "Prices have gone up a lot lately.",
        ],
        "neutral": [
            "Prices are ok, not the cheapest.",
            "Fair price for the quality, but delivery adds up.",
            "Some items are cheap, some are overpriced. Depends.",
            "The sale was good, regular prices are a bit high.",
            "Same prices as elsewhere. I mostly buy here for the fast delivery.",
            "Price is fine, but I'd expect free shipping above 50 €.",
            "Black Friday was ok, but I didn't notice any big discounts.",
            "Not cheap, but at least warranty issues get sorted properly.",
        ],
        "positive": [
            "Good prices!",
            "Cheapest I could find for this robot vacuum.",
            "Great deals in the sale, got a TV and a soundbar.",
            "Good value for money.",
            "Free shipping made it a no-brainer.",
            "Fair prices and no surprises at checkout.",
            "Couldn't find this coffee machine at a better price anywhere.",
            "Got the vacuum for almost half price in the campaign.",
        ],
    },
    "product_quality": {
        "negative": [
            "The kettle started leaking after two weeks.",
            "Cheap plastic, feels like it'll break soon.",
            "Earbuds stopped charging after a month.",
            "The pan's coating started peeling after a few uses.",
            "The blender is very loud and smells like something's burning.",
            "Not the quality I expected for this price.",
            "Bed sheets shrank after the first wash.",
            (
                "The robot vacuum keeps getting stuck on "
                "rugs and the battery lasts half an hour."
            ),
            "Smartwatch died in the rain, even though it's supposed to be waterproof.",
        ],
        "neutral": [
            "Does the job. Nothing special.",
            "The coffee machine is good, but the milk frother is weak.",
            "Good sound, but the earbuds keep falling out of my ears.",
            "Quality is ok for the price.",
            "Works fine, the app that comes with it is terrible though.",
            "The lamp looks nice but the light is colder than in the photos.",
            "Hair dryer is powerful but really loud.",
            "The mattress is comfy, but the smell lasted a week.",
        ],
        "positive": [
            "Excellent quality, very happy.",
            "The robot vacuum is a game changer, floors always clean.",
            "Solid build, works perfectly.",
            "The air fryer is amazing, I use it every day.",
            "Great coffee machine, espresso like in a café.",
            "Good quality, exactly as described.",
            "Earbuds sound great and the battery lasts forever.",
            "The coffee machine has been working flawlessly for six months.",
            "Good quality, my parents liked it too.",
        ],
    },
    "product_info": {
        "negative": [
            "No dimensions on the product page.",
            "The photos show a different colour than what I got.",
            "Specs missing: is the kettle cordless or not?",
            "Would like to know the noise level in dB.",
            "Only one photo, and it's the manufacturer's stock image.",
            "The description is machine translated and makes no sense.",
            "Energy class and power consumption missing.",
            "Which cable is included? Not mentioned anywhere.",
            "No info on whether the coffee machine takes ground coffee too.",
            "Does this TV have a Netflix app? Couldn't find it on the page.",
            "dimensions missing",
        ],
        "neutral": [
            "The description is fine, but more photos would help.",
            "Specs are there, but it's hard to compare models.",
            "Good info, but no reviews yet.",
            "Would be nice to see the product in real use, maybe a video.",
            "Most of the info was there, I had to google the weight though.",
            "OK page, the size chart could be clearer.",
            (
                "There was a description, but only in Latvian. "
                "Google Translate did the rest."
            ),
            "Nice photos, but you can't tell what's in the box.",
        ],
        "positive": [
            "Very detailed specs, found everything I needed.",
            "Great photos and a clear description.",
            "The comparison table between models was really useful.",
            "Reviews from other customers helped a lot.",
            "Everything explained, even the warranty terms.",
            "Clear and detailed. Thanks.",
            "Good that it says what's included in the box.",
            "Everything I needed was there, even a video.",
        ],
    },
    "search": {
        "negative": [
            'Searched for "usb c charger" and got phone cases.',
            "A coffee grinder, but search only showed coffee machines.",
            "Search doesn't handle typos at all.",
            "A 55 inch TV, but the filters didn't work.",
            "Replacement bags for a Philips vacuum",
            "Searching by model number finds nothing.",
            "HDMI cable 3m. Zero results, but you do sell them.",
            "Descaler for a coffee machine. Search only offered coffee machines.",
            'Searched "headphones", the first results were cables.',
            "Searching in English finds much less than in Lithuanian.",
        ],
        "neutral": [
            "Found it eventually, but only through the menu.",
            "Search works, filters could be better.",
            "Results are ok but in a weird order, accessories first.",
            "Found what I needed on the second page.",
            "Search is fine if you know the exact name.",
            "Decent, but please add a brand filter.",
            "Search found it, but there were too many results to narrow down.",
            "Search works, but it doesn't understand English product names very well.",
        ],
        "positive": [
            "Found it right away.",
            "Search is quick and accurate.",
            "Love the suggestions while typing.",
            "Filters made it easy to find the right vacuum.",
            "Search even handled my typo, nice.",
            "Easy to find what I was looking for.",
            "Found the right filter straight away by model number.",
            "Quick search, works well.",
        ],
    },
    "checkout": {
        "negative": [
            "Checkout forced me to create an account.",
            "The promo code field didn't work.",
            "Checkout kept wiping my address.",
            "Too many steps to place an order.",
            "Couldn't choose a delivery time at checkout.",
            (
                "The page crashed after I entered my card details. "
                "Did the order go through or not?"
            ),
            "Delivery cost only showed up at the very last step.",
            "Checkout asked for a personal ID code. I'm a foreigner, I don't have one.",
            "The discount code disappeared when I changed the address.",
        ],
        "neutral": [
            "Checkout is ok, could be shorter.",
            "Worked, but the address form is annoying on mobile.",
            "Fine, but please remember my parcel locker.",
            "A bit confusing, but I managed.",
            "Would like a guest checkout.",
            "Checkout is fine, I just want to see the delivery cost earlier.",
            "Fine, but the parcel locker list needs a search box.",
            "Worked on the second attempt, the first time the page just kept loading.",
        ],
        "positive": [
            "Quick and easy checkout.",
            "Ordered in under a minute.",
            "Smooth checkout, no unnecessary steps.",
            "Checkout remembered my details, handy.",
            "Easy to pick a parcel locker at checkout.",
            "Simple and clear.",
            "Very easy to order on my phone.",
            "Checkout in English, finally. Thanks!",
        ],
    },
    "payment": {
        "negative": [
            "Card payment failed three times.",
            "No Apple Pay?",
            "The bank link sent me back to the cart but the money was taken anyway.",
            "I was charged twice for one order.",
            "Would love to pay by invoice, but it's not available.",
            "The payment page timed out.",
            (
                "The hire purchase application took ages "
                "and was rejected without explanation."
            ),
            "The bank link threw an error and I had to start over.",
            (
                "Hire purchase didn't work even though "
                "the product page said it was available."
            ),
        ],
        "neutral": [
            "Payment worked on the second try.",
            "Bank link works, but Google Pay would be nice.",
            "Paid by card, fine. Instalments would be nice for bigger items.",
            "Payment ok, the confirmation email came late though.",
            "Good choice of banks, card payment a bit slow.",
            "It worked. That's all I ask.",
            (
                "Payment ok, but the amount was held on my card "
                "twice and one hold was only released after a week."
            ),
            "Bank link fine, Revolut card took a bit longer.",
        ],
        "positive": [
            "Paid quickly with the bank link.",
            "Apple Pay worked perfectly.",
            "Easy payment, lots of options.",
            "Love the pay-later option.",
            "Payment went through instantly.",
            "Smooth payment with Google Pay.",
            "Revolut card payment, a couple of clicks and done.",
            "Setting up instalments took 2 minutes. Very convenient.",
        ],
    },
    "returns": {
        "negative": [
            "Still waiting for my refund after 3 weeks.",
            "The return process is complicated, I had to print a label.",
            "I had to pay for the return myself, even though the item was faulty.",
            "Returned the vacuum a month ago, no news since.",
            "The return form on the website gives an error.",
            "The return took forever and nobody answered my emails.",
            (
                "They refused the return because the box was opened. "
                "It's a blender, how else would I test it?"
            ),
            (
                "I had to go to the post office to return "
                "it, couldn't use a parcel locker."
            ),
            (
                'The vacuum I returned got "lost" in your warehouse. '
                "Now they're looking for it."
            ),
        ],
        "neutral": [
            "Return was ok, the refund took about 10 days.",
            "Easy to send back, slow to get the money.",
            "Return was accepted, but I had to explain everything twice.",
            "Fine, but a free return label would help.",
            "The return process works, it's just slow.",
            "Took a while, but I got my money.",
            "Got the money back, but not all of it, the delivery cost was kept.",
            "Return ok, the form is a bit confusing though.",
        ],
        "positive": [
            "Easy return via parcel locker.",
            "Money was back in 2 days.",
            "Hassle-free return, thanks!",
            "Returning the wrong size was super easy.",
            "Quick refund, no questions asked.",
            "Very easy return process.",
            "Returned via parcel locker, money was in my account the next day. Great!",
            "Swapped my earbuds for another model, all went smoothly.",
        ],
    },
    "support_phone": {
        "negative": [
            "Waited on hold for 25 minutes.",
            "Nobody answers the phone.",
            "Got transferred three times and still no answer.",
            "Phone support only until 5 pm is not enough.",
            "The line dropped after 15 minutes of waiting.",
            "The agent promised to call back. Never did.",
            "Had to call twice and explain everything from the beginning.",
            'Called three days in a row, every time "all our agents are busy".',
            "The call got routed to a machine that just hung up on me.",
            "No English option on the phone line.",
        ],
        "neutral": [
            "Waited a bit, but the agent was helpful.",
            "Got an answer, but the call took longer than it should have.",
            "The agent was nice but couldn't solve it on the spot.",
            "The phone works, but chat is faster.",
            "Ok, sorted on the second call.",
            "Helpful, after a 10 minute wait.",
            "The agent was polite but had to check everything with a colleague.",
            "We found a solution, but only on the second call.",
        ],
        "positive": [
            "Very helpful on the phone.",
            "Got through right away and the issue was solved in 5 minutes.",
            "Friendly and knowledgeable agent. Thanks!",
            "Called about a broken kettle, a replacement was sent the same day.",
            "Great phone support.",
            "The agent called me back as promised and sorted everything out.",
            "Thanks to Kristi on the phone, very efficient!",
            "Called about a warranty claim, sorted in one call.",
        ],
    },
    "support_chat": {
        "negative": [
            "The chatbot kept sending me the same FAQ link.",
            "Chat says online but nobody replies.",
            "Waited 40 minutes in the chat queue.",
            "The agent closed the chat before my problem was solved.",
            "Copy-paste answers, nobody read my question.",
            "The chat window doesn't work on mobile.",
            "Getting to a real person in the chat is impossible.",
            "Chat replied in Latvian even though I wrote in English.",
            "The bot didn't understand that I wanted to cancel my order.",
        ],
        "neutral": [
            "Chat got me an answer, it just took a while.",
            "The bot was useless, but the person after it was good.",
            "Ok chat, a bit slow.",
            "Helpful, but I had to repeat my order number several times.",
            "Solved in the end.",
            "Chat was fine, but I'd like a transcript sent to my email.",
            "Got a reply, but only the next morning.",
            "Chat is convenient, but the answers are quite generic.",
        ],
        "positive": [
            "Quick answer in the chat!",
            "Chat support solved it in 3 minutes.",
            "Very friendly chat agent.",
            "Great that the chat is open in the evenings too.",
            "Fast and helpful chat.",
            "Got a clear answer about the warranty in the chat straight away.",
            "Cancelled my order in the chat straight away, very convenient.",
            "Got help in the chat even on a Sunday evening. Thanks!",
        ],
    },
    "app_website": {
        "negative": [
            "The website is very slow on mobile.",
            "The site keeps logging me out.",
            "The app crashes when I open my orders.",
            "My cart emptied itself overnight.",
            "Way too many pop-ups.",
            "Filters reset every time I go back.",
            "Can't zoom product photos on my phone.",
            "Login doesn't work.",
            "The site is slow as a snail.",
            "Half of the site switches back to Estonian when I get to checkout.",
        ],
        "neutral": [
            "Website works, but looks a bit dated.",
            "Mostly fine, some pages load slowly.",
            "App is ok, the website is better.",
            "Fine on desktop, clunky on mobile.",
            "Works, but a dark mode would be nice.",
            "Usable, nothing special.",
            "The site is ok, but the English translation is odd in places.",
            "Some buttons are too small on a phone.",
        ],
        "positive": [
            "Great website, easy to use.",
            "The app is fast and clear.",
            "Everything works smoothly on my phone.",
            "Clean and simple website.",
            "Love the new design.",
            "Fast site, easy to find your way around.",
            "The new app is much better than the old one.",
            "Everything works the way it should.",
        ],
    },
    "stock": {
        "negative": [
            "Out of stock again.",
            (
                'The site said "in stock" but after ordering '
                "they told me it would take 3 weeks."
            ),
            "The Dyson V15, but it's always sold out on your site.",
            'Please add a "notify me" button for sold-out items.',
            "The Christmas present I wanted sold out in a day.",
            "Only available in black, I wanted white.",
            "It showed 5 in stock, then my order was cancelled.",
            "A spare brush for a Philips vacuum. Never in stock.",
            'It said "coming soon" for a week, no other info.',
        ],
        "neutral": [
            "Had to wait a week for it to be restocked, but it came.",
            "Some sizes are missing but the choice is decent.",
            "Delivery from the supplier's warehouse took longer, at least it said so.",
            "Product was out of stock, support suggested an alternative.",
            "The stock info could be more accurate.",
            "Not everything's available, but most is.",
            "The store had it, the online shop didn't. Weird, but I got it.",
            "The item came back in stock, but the price had gone up in the meantime.",
        ],
        "positive": [
            "Everything was in stock.",
            "Great selection, found everything I needed.",
            "Good that you show stock per store.",
            "Item was back in stock quickly, thanks for the email.",
            "Wide range of products.",
            "In stock and shipped the same day.",
            "Nice that you can order from the supplier's warehouse too.",
            "Everything I needed was available right away.",
        ],
    },
    "packaging": {
        "negative": [
            "Huge box for a tiny phone charger.",
            "Way too much plastic.",
            "No padding at all, the glasses were rolling around in the box.",
            "The packaging was flimsy and torn.",
            "Three separate boxes for one order. Why?",
            "Bubble wrap everywhere, please use paper.",
            "A tiny watch strap came in a box the size of a shoebox.",
            "Plastic film and polystyrene that can't go in any recycling bin.",
        ],
        "neutral": [
            "Packaging was ok, a bit too big.",
            "Fine, but could use less plastic.",
            "Packaging did its job.",
            "The box was bigger than needed, but the item was well protected.",
            "Paper filling is good, plastic tape not so much.",
            "Ok packaging.",
            (
                "Packaging ok, but you could tell from the box what was inside. "
                "Not great for a present."
            ),
            "A bag would have done, no need for a box.",
        ],
        "positive": [
            "Well packed.",
            "Nice eco-friendly packaging.",
            "Everything well protected, thanks.",
            "Right-sized box, no extra plastic.",
            "Carefully packed, even the fragile vase was fine.",
            "Love the paper packaging.",
            "Well packed, and the box went straight into cardboard recycling.",
            "Box was easy to open, no fighting with tape.",
        ],
    },
    "loyalty": {
        "negative": [
            "My loyalty points disappeared from my account.",
            "The birthday discount didn't work.",
            "The points are worth almost nothing.",
            "Loyalty discounts don't apply to sale items, so what's the point.",
            "Never received the promised welcome code.",
            "Points expired without any warning.",
            "My loyalty price wasn't applied in the cart.",
            "Birthday code arrived two weeks after my birthday.",
        ],
        "neutral": [
            "The loyalty programme is ok, but hard to understand.",
            "Nice birthday offer, but only valid for a week.",
            "Points are fine, I just forget to use them.",
            "Discounts are small, but it adds up.",
            "Would like to see my points in the app.",
            "Decent, but other shops give more.",
            "Points build up slowly, but it's something.",
            "Would be nice to use points in the physical store too.",
        ],
        "positive": [
            "Great birthday discount, thank you!",
            "Love collecting points.",
            "The loyalty discounts are really good.",
            "Got a nice -15% code for being a regular customer.",
            "Paid for half of my blender with points.",
            "The birthday offer was a nice surprise.",
            "As a regular I also got free delivery, very nice.",
            "-20% for my birthday, bought myself a present. Thanks!",
        ],
    },
}

COMMENTS: dict[str, Comments] = {
    "et": _ET,
    "lv": _LV,
    "fi": _FI,
    "lt": _LT,
    "en": _EN,
}

# What customers type into the site search: product words, a few typos and a few
# things the shop hardly sells.
SEARCH_QUERIES: dict[str, list[str]] = {
    "et": [
        "kohvimasin",
        "tolmuimeja",
        "robottolmuimeja",
        "õhufritüür",
        "veekeetja",
        "nõudepesumasin",
        "külmkapp",
        "pesumasin",
        "teler 55",
        "telekas",
        "kõrvaklapid",
        "juhtmevabad kõrvaklapid",
        "usb c laadija",
        "hdmi kaabel",
        "sülearvuti",
        "nutikell",
        "mikrolaineahi",
        "blender",
        "saumikser",
        "föön",
        "aurutriikraud",
        "praepann",
        "potikomplekt",
        "nugade komplekt",
        "voodipesu",
        "padi",
        "tekk",
        "laualamp",
        "led pirn e27",
        "pikendusjuhe",
        "akutrell",
        "kohvioad",
        "tolmukotid philips",
        "brita filter",
        "soundbar",
        "ps5",
        "mängutool",
        "printeri tint",
        "tolmuimea",
        "kohvimasn",
        "õhufritöör",
        "jõulutuled",
        "kinkekaart",
        "dyson v15",
        "delonghi magnifica",
        "airpods pro",
        "iphone 15 ümbris",
        "pesukuivati",
        "raclette grill",
        "vahvliküpsetaja",
        "saunakeris",
    ],
    "lv": [
        "kafijas automāts",
        "putekļsūcējs",
        "robotputekļsūcējs",
        "karstā gaisa friteris",
        "airfryer",
        "tējkanna",
        "trauku mazgājamā mašīna",
        "ledusskapis",
        "veļas mašīna",
        "televizors 55",
        "austiņas",
        "bezvadu austiņas",
        "usb c lādētājs",
        "hdmi kabelis",
        "portatīvais dators",
        "viedpulkstenis",
        "mikroviļņu krāsns",
        "blenderis",
        "rokas blenderis",
        "fēns",
        "tvaika gludeklis",
        "panna",
        "katlu komplekts",
        "nažu komplekts",
        "gultas veļa",
        "spilvens",
        "sega",
        "galda lampa",
        "led spuldze e27",
        "pagarinātājs",
        "akumulatora urbjmašīna",
        "kafijas pupiņas",
        "putekļsūcēja maisiņi",
        "ūdens filtrs",
        "skaņas josla",
        "ps5",
        "spēļu krēsls",
        "printera tinte",
        "putekļsucejs",
        "kafijas automats",
        "tejkanna",
        "ziemassvētku lampiņas",
        "dāvanu karte",
        "dyson v15",
        "delonghi",
        "airpods",
        "veļas žāvētājs",
        "vafeļu panna",
        "iphone 15 maciņš",
    ],
    "fi": [
        "kahvinkeitin",
        "espressokeitin",
        "pölynimuri",
        "robotti-imuri",
        "airfryer",
        "vedenkeitin",
        "astianpesukone",
        "jääkaappi",
        "pesukone",
        "televisio 55",
        "kuulokkeet",
        "langattomat kuulokkeet",
        "usb c laturi",
        "hdmi kaapeli",
        "läppäri",
        "älykello",
        "mikroaaltouuni",
        "tehosekoitin",
        "sauvasekoitin",
        "hiustenkuivaaja",
        "höyrysilitysrauta",
        "paistinpannu",
        "kattilasetti",
        "veitsisetti",
        "pussilakana",
        "tyyny",
        "peitto",
        "pöytävalaisin",
        "led lamppu e27",
        "jatkojohto",
        "akkuporakone",
        "kahvipavut",
        "pölypussit",
        "vesisuodatin",
        "soundbar",
        "ps5",
        "pelituoli",
        "tulostimen muste",
        "pölynimri",
        "kahvinkeitn",
        "jouluvalot",
        "lahjakortti",
        "dyson v15",
        "moccamaster",
        "airpods pro",
        "kuivausrumpu",
        "vohvelirauta",
        "ilmalämpöpumppu",
        "kiuas",
    ],
    "lt": [
        "kavos aparatas",
        "dulkių siurblys",
        "robotas dulkių siurblys",
        "karšto oro gruzdintuvė",
        "airfryer",
        "virdulys",
        "indaplovė",
        "šaldytuvas",
        "skalbimo mašina",
        "televizorius 55",
        "ausinės",
        "belaidės ausinės",
        "usb c įkroviklis",
        "hdmi laidas",
        "nešiojamas kompiuteris",
        "išmanusis laikrodis",
        "mikrobangų krosnelė",
        "trintuvas",
        "plaukų džiovintuvas",
        "garų lygintuvas",
        "keptuvė",
        "puodų rinkinys",
        "peilių rinkinys",
        "patalynė",
        "pagalvė",
        "antklodė",
        "stalinė lempa",
        "led lemputė e27",
        "ilgintuvas",
        "akumuliatorinis gręžtuvas",
        "kavos pupelės",
        "dulkių siurblio maišeliai",
        "vandens filtras",
        "garso kolonėlė",
        "ps5",
        "žaidimų kėdė",
        "spausdintuvo rašalas",
        "dulkiu siurblys",
        "kavos aparats",
        "kaledines lemputes",
        "dovanų kuponas",
        "dyson v15",
        "delonghi",
        "airpods",
        "džiovyklė",
        "vaflinė",
        "iphone 15 dėklas",
        "pirties krosnelė",
    ],
    "en": [
        "coffee machine",
        "vacuum cleaner",
        "robot vacuum",
        "air fryer",
        "kettle",
        "dishwasher",
        "fridge",
        "washing machine",
        "55 inch tv",
        "headphones",
        "wireless earbuds",
        "usb c charger",
        "hdmi cable",
        "laptop",
        "smartwatch",
        "microwave",
        "blender",
        "hand blender",
        "hair dryer",
        "steam iron",
        "frying pan",
        "pot set",
        "knife set",
        "bed sheets",
        "pillow",
        "duvet",
        "desk lamp",
        "led bulb e27",
        "extension cord",
        "cordless drill",
        "coffee beans",
        "vacuum bags",
        "water filter",
        "soundbar",
        "ps5",
        "gaming chair",
        "printer ink",
        "vaccum cleaner",
        "airfrier",
        "christmas lights",
        "gift card",
        "dyson v15",
        "nespresso",
        "airpods pro",
        "tumble dryer",
        "waffle maker",
        "uk plug adapter",
        "iphone 15 case",
        "kettle with temperature control",
    ],
}

# Customers' first names, by language.
FIRST_NAMES: dict[str, list[str]] = {
    "et": [
        "Mari",
        "Kadri",
        "Liis",
        "Kristiina",
        "Triin",
        "Kertu",
        "Maarja",
        "Anneli",
        "Helen",
        "Piret",
        "Tiina",
        "Ülle",
        "Sirje",
        "Karin",
        "Laura",
        "Grete",
        "Hanna",
        "Sandra",
        "Jelena",
        "Tatjana",
        "Andres",
        "Jaan",
        "Toomas",
        "Marko",
        "Rasmus",
        "Siim",
        "Martin",
        "Priit",
        "Margus",
        "Tõnu",
        "Jüri",
        "Kristjan",
        "Karl",
        "Mihkel",
        "Ott",
        "Aleksei",
        "Sergei",
        "Indrek",
        "Urmas",
    ],
    "lv": [
        "Anna",
        "Līga",
        "Ilze",
        "Inese",
        "Kristīne",
        "Laura",
        "Elīna",
        "Dace",
        "Sanita",
        "Zane",
        "Evija",
        "Agnese",
        "Ieva",
        "Marta",
        "Santa",
        "Jeļena",
        "Olga",
        "Jānis",
        "Andris",
        "Mārtiņš",
        "Edgars",
        "Kārlis",
        "Roberts",
        "Raivis",
        "Artūrs",
        "Gints",
        "Aivars",
        "Uldis",
        "Juris",
        "Rihards",
        "Dmitrijs",
        "Aleksandrs",
        "Valdis",
        "Ēriks",
    ],
    "fi": [
        "Anna",
        "Maria",
        "Aino",
        "Emma",
        "Sofia",
        "Helmi",
        "Laura",
        "Johanna",
        "Tiina",
        "Päivi",
        "Sari",
        "Minna",
        "Elina",
        "Kaisa",
        "Noora",
        "Veera",
        "Juha",
        "Mikko",
        "Timo",
        "Jari",
        "Antti",
        "Matti",
        "Jussi",
        "Ville",
        "Janne",
        "Teemu",
        "Eero",
        "Onni",
        "Leevi",
        "Petri",
        "Sami",
        "Tuomas",
        "Aleksi",
        "Heikki",
        "Pekka",
    ],
    "lt": [
        "Rūta",
        "Eglė",
        "Giedrė",
        "Jurgita",
        "Inga",
        "Lina",
        "Rasa",
        "Asta",
        "Gabija",
        "Ugnė",
        "Austėja",
        "Ieva",
        "Kristina",
        "Laura",
        "Simona",
        "Vaida",
        "Tomas",
        "Mantas",
        "Lukas",
        "Jonas",
        "Darius",
        "Andrius",
        "Mindaugas",
        "Paulius",
        "Gediminas",
        "Vytautas",
        "Tadas",
        "Karolis",
        "Žygimantas",
        "Marius",
        "Rokas",
        "Dainius",
        "Kęstutis",
        "Deividas",
    ],
    "en": [
        "Oliver",
        "James",
        "Jack",
        "Harry",
        "George",
        "Thomas",
        "Daniel",
        "Michael",
        "David",
        "Ben",
        "Liam",
        "Noah",
        "Lucas",
        "Ethan",
        "Ryan",
        "Sean",
        "Emma",
        "Olivia",
        "Amelia",
        "Sophie",
        "Charlotte",
        "Grace",
        "Emily",
        "Hannah",
        "Chloe",
        "Lucy",
        "Sarah",
        "Anna",
        "Priya",
        "Aisha",
        "Mateo",
        "Julia",
        "Marta",
        "Wei",
        "Ahmed",
    ],
}

# Customers' surnames, by language. Latvian and Lithuanian surnames come in
# masculine and feminine forms; both are listed.
LAST_NAMES: dict[str, list[str]] = {
    "et": [
        "Tamm",
        "Saar",
        "Sepp",
        "Mägi",
        "Kask",
        "Kukk",
        "Rebane",
        "Ilves",
        "Pärn",
        "Koppel",
        "Lepik",
        "Kuusk",
        "Oja",
        "Raudsepp",
        "Luik",
        "Lõhmus",
        "Kaasik",
        "Karu",
        "Põder",
        "Vaher",
        "Kallas",
        "Laur",
        "Mets",
        "Teder",
        "Hunt",
        "Lill",
        "Kivi",
        "Ivanov",
        "Smirnov",
        "Kuznetsov",
        "Toom",
        "Org",
        "Valk",
        "Järv",
        "Müür",
    ],
    "lv": [
        "Bērziņš",
        "Bērziņa",
        "Kalniņš",
        "Kalniņa",
        "Ozoliņš",
        "Ozoliņa",
        "Jansons",
        "Jansone",
        "Ozols",
        "Liepiņš",
        "Liepiņa",
        "Krūmiņš",
        "Krūmiņa",
        "Balodis",
        "Balode",
        "Eglītis",
        "Eglīte",
        "Zariņš",
        "Zariņa",
        "Pētersons",
        "Pētersone",
        "Vītols",
        "Vītola",
        "Kļaviņš",
        "Kļaviņa",
        "Kārkliņš",
        "Kārkliņa",
        "Roze",
        "Lapsa",
        "Liepa",
        "Zvaigzne",
        "Ivanovs",
        "Ivanova",
        "Kuzņecovs",
        "Kuzņecova",
        "Siliņš",
        "Siliņa",
    ],
    "fi": [
        "Virtanen",
        "Korhonen",
        "Mäkinen",
        "Nieminen",
        "Mäkelä",
        "Hämäläinen",
        "Laine",
        "Heikkinen",
        "Koskinen",
        "Järvinen",
        "Lehtonen",
        "Lehtinen",
        "Saarinen",
        "Salminen",
        "Heinonen",
        "Niemi",
        "Heikkilä",
        "Kinnunen",
        "Salonen",
        "Turunen",
        "Salo",
        "Laitinen",
        "Tuominen",
        "Rantanen",
        "Karjalainen",
        "Jokinen",
        "Mattila",
        "Savolainen",
        "Lahtinen",
        "Ahonen",
        "Lindholm",
        "Nyström",
        "Hakala",
        "Leppänen",
    ],
    "lt": [
        "Kazlauskas",
        "Kazlauskienė",
        "Jankauskas",
        "Jankauskaitė",
        "Petrauskas",
        "Petrauskienė",
        "Stankevičius",
        "Stankevičienė",
        "Vasiliauskas",
        "Vasiliauskaitė",
        "Žukauskas",
        "Žukauskienė",
        "Butkus",
        "Butkienė",
        "Paulauskas",
        "Paulauskaitė",
        "Urbonas",
        "Urbonienė",
        "Kavaliauskas",
        "Kavaliauskienė",
        "Baranauskas",
        "Navickas",
        "Navickienė",
        "Rimkus",
        "Rimkutė",
        "Sakalauskas",
        "Sakalauskienė",
        "Balčiūnas",
        "Balčiūnaitė",
        "Adomaitis",
        "Adomaitienė",
        "Mikalauskas",
        "Šimkus",
        "Šimkutė",
        "Ramanauskas",
    ],
    "en": [
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Johnson",
        "Davies",
        "Robinson",
        "Wright",
        "Thompson",
        "Evans",
        "Walker",
        "White",
        "Roberts",
        "Green",
        "Hall",
        "Wood",
        "Jackson",
        "Clarke",
        "Murphy",
        "Byrne",
        "Kelly",
        "Patel",
        "Khan",
        "Nowak",
        "Kowalski",
        "Müller",
        "García",
        "Rossi",
        "Johansson",
        "Nguyen",
        "Kim",
        "Ali",
        "Schmidt",
    ],
}
