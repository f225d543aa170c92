"""Demo content for local development: three published articles and one draft.

Written for this project; the facts follow the cited public sources, all of
which exist (NIH Office of Dietary Supplements fact sheets, NINDS, MedlinePlus,
the National Academies, and two peer-reviewed papers with their real DOI/PMID).
"""

import datetime

ACCESSED = datetime.date(2026, 11, 2)

TOPICS = [
    {
        "slug": "vitamins-and-minerals",
        "name": "Vitamins and minerals",
        "description": "What vitamins and minerals do, and what happens when they run low.",
    },
    {
        "slug": "muscles-and-nerves",
        "name": "Muscles and nerves",
        "description": "Twitches, cramps, weakness and other neuromuscular symptoms.",
    },
    {
        "slug": "electrolytes",
        "name": "Electrolytes",
        "description": "Calcium, magnesium, potassium and sodium balance.",
    },
    {"slug": "nutrition", "name": "Nutrition", "description": "Food, diet and supplements."},
    {
        "slug": "vitamin-d-deficiency",
        "name": "Vitamin D deficiency",
        "is_condition": True,
        "description": "Too little vitamin D in the body, from little sun, diet or absorption problems.",
    },
    {
        "slug": "hypocalcemia",
        "name": "Hypocalcemia",
        "is_condition": True,
        "description": "A blood calcium level below the normal range.",
    },
    {
        "slug": "magnesium-deficiency",
        "name": "Magnesium deficiency",
        "is_condition": True,
        "description": "Too little magnesium in the body (hypomagnesemia).",
    },
]

CONTRIBUTORS = [
    {
        "slug": "maya-lindqvist",
        "name": "Maya Lindqvist",
        "credentials": "MD",
        "is_author": False,
        "is_medical_reviewer": True,
        "user": "reviewer",
        "bio": "Endocrinologist who reviews articles on hormones, bones and minerals. (Demo person.)",
    },
    {
        "slug": "jonah-peretz",
        "name": "Jonah Peretz",
        "credentials": "MS, RD",
        "is_author": True,
        "is_medical_reviewer": False,
        "user": "author",
        "bio": "Registered dietitian writing about nutrients and everyday eating. (Demo person.)",
    },
    {
        "slug": "amara-okafor",
        "name": "Amara Okafor",
        "credentials": "MPH",
        "is_author": True,
        "is_medical_reviewer": False,
        "user": None,
        "bio": "Health writer with a background in public health. (Demo person.)",
    },
]

REFERENCES = {
    "ods-vitamin-d": {
        "kind": "website",
        "authors": "Office of Dietary Supplements",
        "title": "Vitamin D: fact sheet for health professionals",
        "container": "National Institutes of Health",
        "url": "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
        "accessed_on": ACCESSED,
    },
    "holick-2007": {
        "kind": "journal_article",
        "authors": "Holick MF",
        "title": "Vitamin D deficiency",
        "container": "N Engl J Med",
        "year": 2007,
        "volume": "357",
        "issue": "3",
        "pages": "266-281",
        "doi": "10.1056/NEJMra070553",
        "pmid": "17634462",
    },
    "endocrine-society-2011": {
        "kind": "guideline",
        "authors": "Holick MF, Binkley NC, Bischoff-Ferrari HA, Gordon CM, Hanley DA, Heaney RP, Murad MH, Weaver CM",
        "title": "Evaluation, treatment, and prevention of vitamin D deficiency: an Endocrine Society "
        "clinical practice guideline",
        "container": "J Clin Endocrinol Metab",
        "year": 2011,
        "volume": "96",
        "issue": "7",
        "pages": "1911-1930",
        "doi": "10.1210/jc.2011-0385",
        "pmid": "21646368",
    },
    "ods-magnesium": {
        "kind": "website",
        "authors": "Office of Dietary Supplements",
        "title": "Magnesium: fact sheet for health professionals",
        "container": "National Institutes of Health",
        "url": "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/",
        "accessed_on": ACCESSED,
    },
    "ods-calcium": {
        "kind": "website",
        "authors": "Office of Dietary Supplements",
        "title": "Calcium: fact sheet for health professionals",
        "container": "National Institutes of Health",
        "url": "https://ods.od.nih.gov/factsheets/Calcium-HealthProfessional/",
        "accessed_on": ACCESSED,
    },
    "iom-2011": {
        "kind": "book",
        "authors": "Institute of Medicine",
        "title": "Dietary Reference Intakes for Calcium and Vitamin D",
        "container": "National Academies Press",
        "year": 2011,
    },
    "ninds-rls": {
        "kind": "website",
        "authors": "National Institute of Neurological Disorders and Stroke",
        "title": "Restless legs syndrome",
        "container": "National Institutes of Health",
        "url": "https://www.ninds.nih.gov/health-information/disorders/restless-legs-syndrome",
        "accessed_on": ACCESSED,
    },
    "medlineplus-vitamin-d-test": {
        "kind": "website",
        "authors": "MedlinePlus",
        "title": "Vitamin D test",
        "container": "National Library of Medicine",
        "url": "https://medlineplus.gov/lab-tests/vitamin-d-test/",
        "accessed_on": ACCESSED,
    },
    "ods-magnesium-consumer": {
        "kind": "website",
        "authors": "Office of Dietary Supplements",
        "title": "Magnesium: fact sheet for consumers",
        "container": "National Institutes of Health",
        "url": "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/",
        "accessed_on": ACCESSED,
    },
    "iom-1997": {
        "kind": "book",
        "authors": "Institute of Medicine",
        "title": "Dietary Reference Intakes for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride",
        "container": "National Academy Press",
        "year": 1997,
    },
    "ods-calcium-consumer": {
        "kind": "website",
        "authors": "Office of Dietary Supplements",
        "title": "Calcium: fact sheet for consumers",
        "container": "National Institutes of Health",
        "url": "https://ods.od.nih.gov/factsheets/Calcium-Consumer/",
        "accessed_on": ACCESSED,
    },
}

REVIEWED_AT = datetime.datetime(2026, 10, 15, 9, 0, tzinfo=datetime.UTC)
REVIEW_DUE = datetime.date(2027, 10, 15)

VITAMIN_D_TWITCHING = {
    "slug": "vitamin-d-deficiency-muscle-twitching",
    "title": "Can vitamin D deficiency cause muscle twitching?",
    "subtitle": "How low vitamin D upsets calcium and magnesium, and what that does to nerves and muscles",
    "summary": (
        "Yes. A lack of vitamin D can set off muscle twitches (fasciculations), mostly because the body "
        "then absorbs too little calcium, and low blood calcium makes nerves and muscles fire too easily. "
        "A magnesium shortage can add to the problem. Once the deficiency is treated, the twitching "
        "usually settles."
    ),
    "intro": (
        "Low vitamin D is among the most widespread nutritional problems in the world, and researchers "
        "have tied it to a range of nerve and muscle complaints [1, 2]. Involuntary twitching is one of "
        "them. It is not the most frequent sign of deficiency, but it is a recognised one, and it "
        "usually improves once vitamin D levels are back in the normal range."
    ),
    "comparison_intro": "Many things can make a muscle twitch. This table sets the common causes side by side:",
    "topics": ["vitamins-and-minerals", "muscles-and-nerves", "electrolytes", "vitamin-d-deficiency"],
    "authors": ["jonah-peretz"],
    "key_points": [
        (
            "Calcium is the link",
            "Vitamin D deficiency causes twitching indirectly: the gut absorbs less calcium, and low blood "
            "calcium (hypocalcemia) leaves nerves and muscles overexcitable.",
        ),
        (
            "Magnesium matters too",
            "Magnesium works alongside calcium in every muscle contraction, and the body's handling of it "
            "also depends on vitamin D, so running low on both makes symptoms worse.",
        ),
        (
            "Twitching rarely comes alone",
            "When low vitamin D is behind the twitching, weakness, aching muscles and tiredness are often "
            "present as well.",
        ),
        (
            "Rule out everyday causes",
            "Stress, too much coffee and hard training also cause twitches; the whole pattern of symptoms "
            "helps tell them apart.",
        ),
        (
            "Treatment works",
            "Bringing vitamin D back up with supplements and food usually relieves the twitching along with "
            "the other muscle symptoms.",
        ),
        (
            "A link with restless legs",
            "Studies have found lower vitamin D levels in people with restless legs syndrome, a condition of "
            "unpleasant leg sensations and an urge to move.",
        ),
        (
            "One blood test confirms it",
            "A doctor checks for deficiency by measuring 25-hydroxyvitamin D in a blood sample.",
        ),
    ],
    "sections": [
        (
            "Why muscles need vitamin D",
            "Vitamin D helps the intestine take up calcium and phosphorus, the raw materials of bone [1]. "
            "Muscle cells also carry vitamin D receptors, which influence how the cells use energy, how "
            "calcium enters them and how strongly their fibres contract [2]. When vitamin D runs low, "
            "both routes suffer, and nerve and muscle symptoms such as twitching can follow.",
        ),
        (
            "The calcium connection",
            "Without enough vitamin D, the body absorbs only a fraction of the calcium in food [5]. If the "
            "shortfall is severe, the level of calcium in the blood drops, a state called **hypocalcemia**.\n\n"
            "Calcium steadies the membranes of nerve and muscle cells. When there is too little of it, "
            "those cells fire at the slightest trigger, and muscles contract on their own. The twitches "
            "are often felt in the hands, feet, face and calves. Very low calcium can progress to painful, "
            "sustained cramps known as *tetany*, which needs prompt medical care.",
        ),
        (
            "Magnesium and other electrolytes",
            "Magnesium is calcium's partner in nerve signalling and muscle contraction: it helps move "
            "calcium across cell membranes and lets muscles relax after they contract [4]. A magnesium "
            "shortage (hypomagnesemia) can cause twitching, tremor and cramps of its own.\n\n"
            "The two problems often overlap. Low vitamin D can disturb how the body handles magnesium, and "
            "the body needs magnesium to activate vitamin D, so a shortage of one can deepen the other.",
        ),
        (
            "More than twitching: other muscle symptoms",
            "Twitching is seldom the only sign. People with low vitamin D often notice:\n\n"
            "- weakness, especially in the thighs and upper arms, which can change the way they walk;\n"
            "- aching muscles (myalgia) and bone pain;\n"
            "- tiredness, low mood or irritability.\n\n"
            "Long-standing deficiency is linked to the loss of type II (fast-twitch) muscle fibres, which "
            "costs strength [2]. Lower vitamin D levels have also been reported in people with restless "
            "legs syndrome [7].",
        ),
        (
            "Diagnosis and treatment",
            "If twitching lasts and comes with other symptoms, see a doctor. A blood test for "
            "25-hydroxyvitamin D shows whether your level is sufficient, low or deficient [8].\n\n"
            "Treatment means vitamin D supplements, sometimes with a higher starting dose of vitamin D2 or D3 "
            "followed by a lower maintenance dose, always under medical supervision [3]. Food helps too: "
            "oily fish such as salmon, mackerel and tuna, fortified milk, cereals and orange juice, cod liver "
            "oil, beef liver, egg yolks and mushrooms all supply vitamin D [1].",
        ),
        (
            "The bottom line",
            "Vitamin D deficiency is a treatable cause of muscle twitching. It acts through calcium and "
            "magnesium, which keep nerves and muscles calm. Twitching together with tiredness, weakness or "
            "bone pain is a good reason to have your vitamin D checked. The amount each age group needs is "
            "set out in the Dietary Reference Intakes [6].",
        ),
    ],
    "comparisons": [
        (
            "Vitamin D deficiency",
            "Aching muscles, weakness, tiredness, bone pain, low mood",
            "Whole-body symptoms such as fatigue and bone pain; improves once the deficiency is corrected.",
        ),
        (
            "Stress or anxiety",
            "Restlessness, racing thoughts, poor sleep, tension",
            "No link to nutrients or bone pain; usually passes as stress eases.",
        ),
        (
            "Too much caffeine",
            "Jitteriness, fast heartbeat, trouble sleeping",
            "Follows heavy coffee, tea or energy-drink intake; stops when intake is cut back.",
        ),
        (
            "Dehydration or electrolyte imbalance",
            "Dizziness, cramps, headache, tiredness",
            "Often after hard exercise or illness; resolves with fluids and restored electrolytes.",
        ),
        (
            "Strenuous exercise",
            "Sore, tired muscles",
            "Short-lived and limited to the muscles that were worked; no whole-body symptoms.",
        ),
        (
            "Certain medicines",
            "Side effects that depend on the drug, e.g. corticosteroids or diuretics",
            "Starts or stops with a change of medicine; adjust only with your doctor.",
        ),
    ],
    "faqs": [
        (
            "How does low vitamin D lead to low calcium?",
            "The intestine needs vitamin D to absorb calcium from food. With too little vitamin D, less "
            "calcium gets into the blood, and the level can fall below normal (hypocalcemia) [1].",
        ),
        (
            "What does twitching from vitamin D deficiency feel like?",
            "The twitches, called fasciculations, are small involuntary contractions that range from barely "
            "noticeable flickers to visible jumps under the skin. They reflect the overexcitable nerves and "
            "muscles that low calcium causes.",
        ),
        (
            "Can a lack of magnesium cause twitching too?",
            "Yes. Magnesium is essential for nerve and muscle function, so running low on it is another "
            "common cause of twitching. Vitamin D, calcium and magnesium depend on one another, so a "
            "problem with one often affects the others [4].",
        ),
        (
            "How is vitamin D deficiency diagnosed?",
            "With a blood test for 25-hydroxyvitamin D, the form of vitamin D that circulates in the blood. "
            "The result tells your doctor whether your level is sufficient, insufficient or deficient [8].",
        ),
        (
            "How is vitamin D deficiency treated?",
            "With vitamin D supplements, often a higher dose at first and then a maintenance dose, under "
            "medical supervision, together with more vitamin D-rich foods [3].",
        ),
        (
            "How soon does the twitching stop after treatment starts?",
            "It varies. Many people notice their muscle symptoms easing within a few weeks to a few months "
            "of bringing their vitamin D level back up. Taking supplements consistently and having the "
            "level rechecked both help.",
        ),
        (
            "Does vitamin D deficiency cause other muscle problems?",
            "Yes: general weakness, aching muscles and tiredness are common. A long-lasting deficiency can "
            "also contribute to losing muscle mass, particularly fast-twitch fibres [2].",
        ),
    ],
    "references": [
        "ods-vitamin-d",
        "holick-2007",
        "endocrine-society-2011",
        "ods-magnesium",
        "ods-calcium",
        "iom-2011",
        "ninds-rls",
        "medlineplus-vitamin-d-test",
    ],
}

MAGNESIUM_DEFICIENCY = {
    "slug": "magnesium-deficiency-signs-and-causes",
    "title": "Magnesium deficiency: signs, causes and treatment",
    "subtitle": "Why a quiet mineral matters for muscles, nerves and heart rhythm",
    "summary": (
        "Magnesium deficiency is uncommon in healthy people who eat a varied diet, but long-term low "
        "intake, digestive diseases, type 2 diabetes, heavy drinking and some medicines can all drain it. "
        "Early signs are vague, such as tiredness and loss of appetite; later ones include cramps, "
        "twitching and an irregular heartbeat."
    ),
    "intro": (
        "The body uses magnesium in hundreds of chemical reactions, from making energy and protein to "
        "controlling nerve signals and muscle contraction [1]. Most of it sits in bone; only a small "
        "share circulates in the blood, which is one reason a shortage can go unnoticed for a long time."
    ),
    "comparison_intro": "Muscle cramps and twitches have several possible causes:",
    "topics": ["vitamins-and-minerals", "electrolytes", "nutrition", "magnesium-deficiency"],
    "authors": ["amara-okafor"],
    "key_points": [
        (
            "Deficiency builds slowly",
            "The kidneys conserve magnesium when intake is low, so symptoms usually appear only after a long "
            "period of poor intake or losses.",
        ),
        (
            "Some people are more at risk",
            "People with digestive diseases, type 2 diabetes or alcohol dependence, and older adults, lose "
            "more magnesium or absorb less of it.",
        ),
        (
            "Signs progress with severity",
            "Tiredness, nausea and loss of appetite come first; numbness, cramps, twitching and an abnormal "
            "heart rhythm can follow.",
        ),
        ("Food comes first", "Green leafy vegetables, legumes, nuts, seeds and whole grains are good sources."),
    ],
    "sections": [
        (
            "What magnesium does",
            "Magnesium takes part in more than 300 enzyme systems. It helps muscles relax after they "
            "contract, keeps nerve signals in check and is needed to activate vitamin D [1].",
        ),
        (
            "Who runs low",
            "Low intake alone rarely causes deficiency, because the kidneys limit how much magnesium is "
            "lost in urine. Deficiency is more likely with Crohn's disease or coeliac disease, type 2 "
            "diabetes, long-term heavy drinking, and in older adults [1, 2]. Some medicines, including "
            "certain diuretics and long-term use of proton pump inhibitors, can also lower magnesium.",
        ),
        (
            "Signs and symptoms",
            "Early symptoms are easy to miss: loss of appetite, nausea, tiredness and weakness. As the "
            "deficiency worsens, numbness, tingling, muscle cramps, twitching, seizures, personality "
            "changes and an abnormal heart rhythm can develop. Severe deficiency can also lower blood "
            "calcium and potassium [1].",
        ),
        (
            "Getting enough",
            "Most people can meet their needs from food; recommended amounts by age and sex are set out in "
            "the Dietary Reference Intakes [3]. Supplements can help when a doctor finds a deficiency, but "
            "high doses from supplements can cause diarrhoea and are unsafe for people with kidney disease.",
        ),
    ],
    "comparisons": [
        (
            "Magnesium deficiency",
            "Tiredness, nausea, cramps, twitching, palpitations",
            "Risk factors such as digestive disease or diuretics; low magnesium on a blood test.",
        ),
        (
            "Vitamin D deficiency",
            "Aching muscles, weakness, bone pain",
            "Low 25-hydroxyvitamin D; often little sun exposure.",
        ),
        (
            "Hard exercise",
            "Cramps in the muscles that were worked",
            "Comes on during or after exercise and passes with rest and fluids.",
        ),
    ],
    "faqs": [
        (
            "Which foods are rich in magnesium?",
            "Leafy greens such as spinach, legumes, nuts, seeds and whole grains. Some breakfast cereals and "
            "bottled waters have magnesium added [2].",
        ),
        (
            "Can I take too much magnesium?",
            "Not from food, but high doses from supplements or medicines can cause diarrhoea, nausea and "
            "cramping, and very high intakes can be dangerous, especially with kidney disease [1].",
        ),
        (
            "Is a blood test reliable for magnesium?",
            "A normal blood level does not rule out a shortage, because most magnesium is stored in bone and "
            "cells. Doctors interpret the result together with symptoms and risk factors.",
        ),
    ],
    "references": ["ods-magnesium", "ods-magnesium-consumer", "iom-1997"],
}

HYPOCALCEMIA = {
    "slug": "hypocalcemia-low-blood-calcium",
    "title": "Hypocalcemia: when blood calcium runs low",
    "subtitle": "Causes, warning signs and treatment of low calcium in the blood",
    "summary": (
        "Hypocalcemia means the calcium level in the blood is below normal. Low vitamin D, problems with "
        "the parathyroid glands, kidney disease and low magnesium are common causes. Mild cases may cause "
        "no symptoms; more severe ones cause tingling, muscle cramps and spasms, and need urgent care."
    ),
    "intro": (
        "Calcium is best known for building bones, but the small amount in the blood is just as "
        "important: it keeps nerves, muscles and the heart working steadily [1]. The body holds that "
        "level within a narrow range, using vitamin D and parathyroid hormone."
    ),
    "comparison_intro": "How the main causes of low blood calcium differ:",
    "topics": ["electrolytes", "muscles-and-nerves", "hypocalcemia"],
    "authors": ["jonah-peretz", "amara-okafor"],
    "key_points": [
        (
            "A narrow normal range",
            "The body keeps blood calcium tightly controlled; falling below that range affects nerves and "
            "muscles first.",
        ),
        ("Vitamin D is a frequent cause", "Without enough vitamin D the gut absorbs too little calcium from food."),
        (
            "Know the warning signs",
            "Tingling around the mouth or in the fingers, cramps and muscle spasms call for medical advice; "
            "seizures or an irregular heartbeat are an emergency.",
        ),
    ],
    "sections": [
        (
            "How the body controls calcium",
            "When blood calcium dips, the parathyroid glands release parathyroid hormone, which draws "
            "calcium from bone and, with active vitamin D, increases absorption from food [1, 2].",
        ),
        (
            "Common causes",
            "Vitamin D deficiency, low parathyroid hormone (for example after neck surgery), chronic kidney "
            "disease and low magnesium are the usual culprits. Some medicines can also lower calcium [2].",
        ),
        (
            "Symptoms and treatment",
            "Mild hypocalcemia may cause no symptoms. As levels fall, people notice tingling, muscle cramps "
            "and spasms, and in severe cases seizures or heart rhythm problems. Treatment targets the cause "
            "and may include calcium and vitamin D supplements; severe cases are treated in hospital [3].",
        ),
    ],
    "comparisons": [
        (
            "Vitamin D deficiency",
            "Bone pain, weakness, aching muscles",
            "Low 25-hydroxyvitamin D; raised parathyroid hormone.",
        ),
        (
            "Low parathyroid hormone",
            "Tingling, cramps, spasms",
            "Often after thyroid or parathyroid surgery; low parathyroid hormone on testing.",
        ),
        ("Low magnesium", "Twitching, tremor, cramps", "Calcium does not recover until magnesium is replaced."),
    ],
    "faqs": [
        (
            "What is a normal blood calcium level?",
            "Laboratories report slightly different ranges, but total calcium in adults is usually about "
            "8.5 to 10.5 mg/dL. Your doctor will compare your result with the laboratory's own range.",
        ),
        (
            "Can diet alone cause hypocalcemia?",
            "Rarely. The body takes calcium from bone to keep the blood level steady, so low intake over "
            "time mostly weakens bones rather than lowering blood calcium [3].",
        ),
        (
            "When is low calcium an emergency?",
            "Seizures, severe muscle spasms, trouble breathing or an irregular heartbeat need emergency care.",
        ),
    ],
    "references": ["ods-calcium", "holick-2007", "ods-calcium-consumer"],
}

DRAFT_VITAMIN_D_SLEEP = {
    "slug": "vitamin-d-and-sleep",
    "title": "Vitamin D and sleep: what the research says",
    "subtitle": "Work in progress",
    "summary": "Draft: an overview of studies on vitamin D levels and sleep quality.",
    "intro": "This draft is still being written and has not been medically reviewed.",
    "comparison_intro": "",
    "topics": ["vitamins-and-minerals"],
    "authors": ["amara-okafor"],
    "key_points": [("Evidence is mixed", "Studies disagree on whether supplements improve sleep.")],
    "sections": [("What we know so far", "Observational studies link low vitamin D with poorer sleep [1].")],
    "comparisons": [],
    "faqs": [("Should I take vitamin D for sleep?", "Ask your doctor; the evidence is not settled.")],
    "references": ["ods-vitamin-d"],
}

PUBLISHED_ARTICLES = [VITAMIN_D_TWITCHING, MAGNESIUM_DEFICIENCY, HYPOCALCEMIA]
DRAFT_ARTICLES = [DRAFT_VITAMIN_D_SLEEP]
DEMO_USERS = {
    "admin": {"is_superuser": True},
    "author": {"is_superuser": False},
    "reviewer": {"is_superuser": False},
    "publisher": {"is_superuser": False},
}
DEMO_PASSWORD = "demo-password"
