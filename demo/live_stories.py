"""Demo live coverage, in our own words: a finished awards night and a fan convention
still going on, with the script ``demo_live`` posts to the second while `make run` is up.

Everything here is invented: the awards, the films, the people and the convention.
An entry's ``at`` is its time in minutes after the first entry; ``by`` names its
bylines (demo authors' slugs).
"""

PICTURE_CREDIT = "Newsroom illustration"

RED_CARPET = {
    "image": {
        "name": "lantern-red-carpet",
        "palette": ((30, 10, 40), (200, 120, 60)),
        "motif": "carpet",
    },
    "alt": "A red carpet leading to a brightly lit doorway, with spotlight beams crossing "
    "overhead and guests gathered on both sides.",
    "caption": "The first arrivals at the Alder Hall.",
}

AWARDS_NIGHT = {
    "slug": "lantern-awards-night-as-it-happened",
    "headline": (
        "Lantern Awards: Salt and Static takes best film on a night of upsets – as it happened"
    ),
    "body": (
        "<p>The Lantern Awards are the film academy's own prizes, voted on by its members, "
        "and often the best guide to how the rest of the season will go. Our film desk "
        "followed the ceremony from the carpet to the last award.</p>"
    ),
    "standfirst": (
        "Every winner from the Alder Hall, the speeches people will still be quoting "
        "tomorrow, and the evening the most nominated film went home with two awards."
    ),
    "section": "movies",
    "authors": ["maya-okafor", "daniel-reyes", "priya-shah"],
    "tags": ["Awards", "Lantern Awards", "Salt and Static", "The Quiet Engine"],
    "hero": RED_CARPET,
    # The red carpet opens at 18:50 local time, the evening before the site was seeded.
    "starts": (18, 50),
    "key_points": "\n".join(
        [
            "Salt and Static wins best film, and best director for Ines Marchetti",
            "Adaeze Nwosu is best actress; Mateo Lindgren best actor for Nine Bridges Down",
            "The Quiet Engine wins four awards, the most of the night",
            "Nine Bridges Down, nominated eleven times, goes home with two",
            "The animated Little Thunder beats the favourite for best original song",
        ]
    ),
    "entries": [
        {
            "at": 0,
            "by": ["maya-okafor"],
            "title": "The red carpet is open",
            "body": "<p>Good evening from outside the Alder Hall, where the carpet has just "
            "been rolled out for the Lantern Awards. We will be here all night, with every "
            "winner as it is read out and the best of the speeches.</p>",
        },
        {
            "at": 7,
            "by": ["daniel-reyes"],
            "body": "<p>The rain stopped about ten minutes before the first cars pulled up, "
            "which the organisers are treating as a good omen. The photographers are three "
            "deep along the barriers.</p>",
            "picture": RED_CARPET,
        },
        {
            "at": 15,
            "by": ["maya-okafor"],
            "body": "<p>A reminder of where things stand. <em>Nine Bridges Down</em> leads "
            "with eleven nominations, ahead of <em>Salt and Static</em> with nine and "
            "<em>The Quiet Engine</em> with eight. Most people we spoke to this week "
            "expect the thriller to dominate.</p>",
        },
        {
            "at": 24,
            "by": ["daniel-reyes"],
            "body": "<p>Tobias Wren, nominated for <em>Orchard Road</em>, stopped to talk "
            "to us on his way in:</p><blockquote><p>I played a man who never says what he "
            "means. Tonight I am going to try the opposite and see how that goes.</p>"
            "</blockquote>",
        },
        {
            "at": 33,
            "by": ["priya-shah"],
            "body": "<p>Plenty of guests are wearing a small paper lantern pin. The "
            "organisers say every pin sold this year funds film workshops in schools.</p>",
        },
        {
            "at": 41,
            "by": ["maya-okafor"],
            "body": "<p>The director of <em>Salt and Static</em>, Ines Marchetti, came "
            "along the carpet with her whole cast, and stopped so the lead, Adaeze Nwosu, "
            "could take the photographs alone. The doors close in a few minutes.</p>",
        },
        {
            "at": 62,
            "by": ["daniel-reyes"],
            "title": "Hollis Grant opens the show",
            "key_moment": True,
            "body": "<p>The host walked on to a standing ovation and spent his first minute "
            "counting the nominations for <em>Nine Bridges Down</em> out loud, one finger at "
            "a time. He ran out of hands.</p><p>The best line: he thanked the room for "
            "coming to “the only night of the year when film people agree to sit in the "
            "dark and watch each other instead”.</p>",
        },
        {
            "at": 70,
            "by": ["maya-okafor"],
            "title": "First award: Tobias Wren",
            "body": "<p>Best supporting actor goes to <strong>Tobias Wren</strong> for "
            "<em>Orchard Road</em>, the first award of the night and the first of his "
            "career.</p>",
        },
        {
            "at": 75,
            "by": ["maya-okafor"],
            "body": "<p>Wren kept his promise from the carpet and said exactly what he "
            "meant:</p><blockquote><p>I nearly turned this part down because I was afraid "
            "of it. Do the thing you are afraid of. That is the whole speech.</p>"
            "</blockquote>",
        },
        {
            "at": 84,
            "by": ["daniel-reyes"],
            "body": "<p>Cinematography goes to Kenji Arakawa for <em>The Quiet Engine</em>, "
            "whose long desert shots were lit almost entirely by the sun.</p>",
        },
        {
            "at": 93,
            "by": ["daniel-reyes"],
            "body": "<p>A second award for <em>The Quiet Engine</em>: visual effects. The "
            "team thanked the model makers who built the film's machines as miniatures "
            "before a single one was drawn on a computer.</p>",
        },
        {
            "at": 101,
            "by": ["priya-shah"],
            "body": "<p>The house orchestra has just played a medley of the nominated "
            "scores, ending with a fifty-voice choir singing the lullaby from "
            "<em>Little Thunder</em>. The room went very quiet.</p>",
            "picture": {
                "image": {
                    "name": "lantern-orchestra",
                    "palette": ((15, 20, 50), (210, 160, 80)),
                    "motif": "waves",
                },
                "alt": "Golden lines of sound rising and falling across a dark blue stage.",
                "caption": "The medley of the nominated scores.",
            },
        },
        {
            "at": 109,
            "by": ["priya-shah"],
            "body": "<p>Best score: <strong>Felix Amberley</strong> for <em>The Quiet "
            "Engine</em>, who admitted he wrote the main theme on a hotel piano with three "
            "broken keys. That is the film's third award.</p>",
        },
        {
            "at": 116,
            "by": ["priya-shah"],
            "title": "A song upset for Little Thunder",
            "key_moment": True,
            "body": "<p>Best original song goes to the lullaby from the animated "
            "<em>Little Thunder</em>, not the big ballad everyone had picked. Its two "
            "writers looked genuinely shocked, and one of them forgot to take off her "
            "lantern pin before hugging the presenter.</p>",
        },
        {
            "at": 122,
            "by": ["maya-okafor"],
            "body": "<p>And <em>Little Thunder</em> wins best animated feature too. Its "
            "director brought the small girl who voices the lead character on stage; she "
            "waved at the cameras and said nothing at all, which got the biggest laugh so "
            "far.</p>",
        },
        {
            "at": 130,
            "by": ["daniel-reyes"],
            "body": "<p>Missed the opening? The organisers have put the host's first few "
            "minutes online.</p>",
            "link": "https://www.youtube.com/watch?v=Lx7dP3qVn2A",
        },
        {
            "at": 139,
            "by": ["maya-okafor"],
            "body": "<p>At last, <em>Nine Bridges Down</em> is on the board: best editing "
            "for Sunniva Dahl. She told the room the first cut ran to four hours and that "
            "she is “not allowed to say what was in the other two”.</p>",
        },
        {
            "at": 147,
            "by": ["daniel-reyes"],
            "body": "<p>Best supporting actress: <strong>Marguerite Osei</strong> for "
            "<em>The Quiet Engine</em>. Four awards for the science-fiction film, all of "
            "them so far in the categories nobody predicted it would sweep.</p>",
        },
        {
            "at": 154,
            "by": ["maya-okafor"],
            "title": "Halfway: what we have learned",
            "body": "<p>The favourite is struggling. <em>Nine Bridges Down</em> has one "
            "award from eleven nominations, while <em>The Quiet Engine</em> has taken "
            "almost everything it was up for. The big prizes are still to come.</p>",
        },
        {
            "at": 162,
            "by": ["priya-shah"],
            "title": "Standing ovation for Beatrix Hale",
            "key_moment": True,
            "body": "<p>The lifetime award goes to the costume designer <strong>Beatrix "
            "Hale</strong>, who has dressed more than sixty films. The whole hall stood "
            "before she reached the microphone, and stayed standing for well over a "
            "minute.</p>",
        },
        {
            "at": 167,
            "by": ["priya-shah"],
            "body": "<blockquote><p>Nobody in the audience is meant to notice my work. If "
            "you did, I probably got it wrong. Thank you for not noticing, for fifty "
            "years.</p></blockquote><p>Beatrix Hale, accepting her award.</p>",
        },
        {
            "at": 175,
            "by": ["daniel-reyes"],
            "body": "<p>Original screenplay goes to Samir Haddad for <em>Orchard Road</em>, "
            "a second award for the family drama. He thanked his grandmother, whose "
            "kitchen the whole film is set in.</p>",
        },
        {
            "at": 182,
            "by": ["maya-okafor"],
            "body": "<p>The tribute to the film workers who died this year was introduced "
            "by a single cellist, with no applause during the reel, as the organisers "
            "asked.</p>",
        },
        {
            "at": 190,
            "by": ["maya-okafor"],
            "body": "<p>Best actor: <strong>Mateo Lindgren</strong> for <em>Nine Bridges "
            "Down</em>. A second award for the thriller, and a speech that began with "
            "“I did not write anything down, because I did not think I would need "
            "to.”</p>",
        },
        {
            "at": 197,
            "by": ["daniel-reyes"],
            "body": "<p>Best director goes to <strong>Ines Marchetti</strong> for "
            "<em>Salt and Static</em>, her first nomination and her first win. The momentum "
            "has swung hard towards her film.</p>",
        },
        {
            "at": 203,
            "by": ["maya-okafor"],
            "title": "Adaeze Nwosu wins best actress",
            "key_moment": True,
            "body": "<p><strong>Adaeze Nwosu</strong> wins best actress for <em>Salt and "
            "Static</em>, playing the radio operator left alone on the island. She "
            "dedicated it to “everyone who keeps talking when they are not sure anybody is "
            "listening”.</p>",
        },
        {
            "at": 209,
            "by": ["maya-okafor", "daniel-reyes"],
            "title": "Salt and Static takes best film",
            "key_moment": True,
            "body": "<p>The last award of the night: best film goes to <strong>Salt and "
            "Static</strong>. Ines Marchetti brought the whole crew on stage, so many of "
            "them that the orchestra started playing before half had reached the "
            "microphone.</p>",
        },
        {
            "at": 214,
            "by": ["daniel-reyes"],
            "body": "<p>Hollis Grant's closing line: “Congratulations to the winners, and to "
            "everyone else: there is always next year, and the year after that.”</p>",
        },
        {
            "at": 219,
            "by": ["maya-okafor"],
            "title": "The winners in full",
            "pinned": True,
            "body": "<ul><li>Best film: <em>Salt and Static</em></li>"
            "<li>Director: Ines Marchetti, <em>Salt and Static</em></li>"
            "<li>Actress: Adaeze Nwosu, <em>Salt and Static</em></li>"
            "<li>Actor: Mateo Lindgren, <em>Nine Bridges Down</em></li>"
            "<li>Supporting actress: Marguerite Osei, <em>The Quiet Engine</em></li>"
            "<li>Supporting actor: Tobias Wren, <em>Orchard Road</em></li>"
            "<li>Original screenplay: Samir Haddad, <em>Orchard Road</em></li>"
            "<li>Cinematography: Kenji Arakawa, <em>The Quiet Engine</em></li>"
            "<li>Editing: Sunniva Dahl, <em>Nine Bridges Down</em></li>"
            "<li>Score: Felix Amberley, <em>The Quiet Engine</em></li>"
            "<li>Visual effects: <em>The Quiet Engine</em></li>"
            "<li>Original song: <em>Little Thunder</em></li>"
            "<li>Animated feature: <em>Little Thunder</em></li>"
            "<li>Lifetime award: Beatrix Hale</li></ul>",
        },
        {
            "at": 226,
            "by": ["maya-okafor"],
            "body": "<p>That is all from the Alder Hall. A night for the smaller films, "
            "and a warning to anyone who thinks a pile of nominations settles anything. "
            "Thank you for following along.</p>",
        },
    ],
}

CONVENTION = {
    "slug": "northlight-fan-expo-hall-a-live",
    "headline": "Northlight Fan Expo: every reveal from the Hall A panels, live",
    "standfirst": (
        "Six panels, one very large hall and a queue that started before dawn. We are in "
        "the room for the trailers, the casting news and whatever the closing surprise is."
    ),
    "body": (
        "<p>Northlight is the biggest fan convention of the year for film and television, "
        "and Hall A is where the studios bring their biggest news. Our TV and games desks "
        "are in the room; the newest updates are at the top.</p>"
    ),
    "section": "tv",
    "authors": ["daniel-reyes", "jonas-lindqvist"],
    "tags": ["Fan conventions", "Trailers", "Casting"],
    "hero": {
        "image": {
            "name": "northlight-hall-a",
            "palette": ((25, 10, 60), (90, 60, 200)),
            "motif": "grid",
        },
        "alt": "A wall of bright squares glowing blue and violet above a dark hall.",
        "caption": "Hall A's screens before the first panel.",
    },
    # Started this long before the site was seeded; the seeded entries follow.
    "started_minutes_ago": 70,
    "key_points": "\n".join(
        [
            "Six panels in Hall A today, from The Glass Meridian to Emberfall",
            "The Glass Meridian's second season arrives early next spring",
        ]
    ),
    "entries": [
        {
            "at": 2,
            "by": ["daniel-reyes"],
            "title": "Today in Hall A",
            "pinned": True,
            "body": "<ol><li><em>The Glass Meridian</em>, season two</li>"
            "<li><em>Pocket Moons</em>, the animated film</li>"
            "<li><em>Ironwake: Second Tide</em></li>"
            "<li><em>The Hollow Choir</em>, the horror series</li>"
            "<li><em>Emberfall</em>, the game adaptation</li>"
            "<li>A closing panel the organisers will only call “a surprise”</li></ol>",
        },
        {
            "at": 6,
            "by": ["jonas-lindqvist"],
            "body": "<p>The queue for Hall A now wraps twice around the building. The "
            "people at the front say they arrived at four this morning, with folding "
            "chairs and a flask each.</p>",
        },
        {
            "at": 15,
            "by": ["daniel-reyes"],
            "body": "<p>Doors are open. Six thousand seats, and the hall looks full already.</p>",
        },
        {
            "at": 28,
            "by": ["daniel-reyes"],
            "body": "<p>The cast of <em>The Glass Meridian</em> are on stage, to the "
            "loudest cheer of the morning. The showrunner opened by asking the audience "
            "to keep their phones down “for at least the first surprise”.</p>",
        },
        {
            "at": 42,
            "by": ["daniel-reyes"],
            "title": "Season two gets a date",
            "key_moment": True,
            "body": "<p><em>The Glass Meridian</em> returns early next spring, with ten "
            "episodes, two more than the first season.</p>",
        },
        {
            "at": 56,
            "by": ["jonas-lindqvist"],
            "body": "<p>Casting news: the mapmaker from the books, the character fans "
            "have asked about most, will be played by a newcomer who came on stage in "
            "costume and bowed to the front row.</p>",
        },
    ],
}

# What ``demo_live`` posts to the convention, one entry at a time. ``key_point`` adds a
# line to the story's key points when the entry is posted.
SCRIPT = [
    {
        "by": ["daniel-reyes"],
        "body": "<p>The season two teaser has just played in the hall: a frozen city, a "
        "ship trapped in the ice and, in the last second, a door that should not be "
        "there.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>From the audience questions: yes, the talking fox is back, and no, "
        "nobody on stage would say whose side it is on this time.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The Glass Meridian panel is over. The hall is clearing a little before "
        "the animation panel; plenty of people are staying in their seats to keep them.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>Next up, <em>Pocket Moons</em>. The director has walked on carrying a "
        "cardboard moon the size of a bicycle wheel.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "title": "First look at Pocket Moons",
        "key_moment": True,
        "key_point": "Pocket Moons shows its first scene: a girl who keeps the moon in a jar",
        "body": "<p>The first scene of <em>Pocket Moons</em>: a girl catches the moon in a "
        "jam jar and then has to work out how to give it back before morning. The whole "
        "thing is drawn by hand, and it shows in the best way.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The animators say every frame of the film's night sky was painted "
        "over, one at a time, which took a team of twelve most of a year.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>A boy of about eight asked whether the moon in the jar gets lonely. The "
        "director said that is the whole film, and thanked him for spoiling it.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p><em>Pocket Moons</em> opens in cinemas in the autumn. The panel ends "
        "with the cardboard moon thrown into the crowd.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>A short break while the stage is reset. The big screens are showing a "
        "countdown, and the hall is chanting along with it.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The lights are down for <em>Ironwake: Second Tide</em>. The hall shook "
        "when the first film's theme started.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The director says the sequel was shot mostly on a real ship in open "
        "water, and that half the crew were seasick for the first fortnight.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "title": "The Ironwake trailer",
        "key_moment": True,
        "key_point": "Ironwake: Second Tide has its first trailer, and a new villain",
        "body": "<p>The first trailer for <em>Ironwake: Second Tide</em> is out, and it "
        "introduces a villain who commands the tides. Here it is.</p>",
        "link": "https://www.youtube.com/watch?v=qT4mW8rZk1E",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The star of the first film appeared on the screen by video from the "
        "set of something else, in full armour, and apologised for not being there in "
        "person.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>Asked about a third film, the producer said “let us see if anyone turns "
        "up to this one first”. Six thousand people made it clear they will.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The Ironwake panel is over. Lunch in the hall is whatever people "
        "brought in their bags; nobody wants to lose their seat.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>A note from outside: the queue for the merchandise stand is now longer "
        "than the morning queue for the hall.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The lights have gone fully out for <em>The Hollow Choir</em>. Someone "
        "is humming on the speakers, very slowly, and it is quite unsettling.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The creators of the horror series came on in the dark, holding "
        "candles. They say the second season moves from the village church to an "
        "abandoned music school.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "title": "The Hollow Choir season two",
        "key_moment": True,
        "key_point": "The Hollow Choir returns in October, set in an abandoned music school",
        "body": "<p><em>The Hollow Choir</em> returns in October, right on time for "
        "Halloween. The clip they played ended with the choir singing a name, and the "
        "hall screamed.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The young lead says she still cannot listen to choir music since the "
        "first season, and her co-stars keep sending her recordings of it.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>Question of the day so far: does the ghost ever get a name? The "
        "answer, after a long pause: “Yes. You will not like it.”</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The Hollow Choir panel is done. Now the one the games desk has been "
        "waiting for.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The <em>Emberfall</em> panel opens with the game's main menu music, "
        "and a good part of the hall sings the melody back.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The showrunner played the game for six hundred hours before writing a "
        "word, she says, and has the save files to prove it.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "title": "Emberfall casts its lead",
        "key_moment": True,
        "key_point": "Emberfall's series has its lead, and the game's composer scores it",
        "body": "<p>The lead of the <em>Emberfall</em> series has been revealed: the "
        "actor walked on holding the game's famous lantern-sword, and the hall took a "
        "full minute to calm down.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The game's original composer is writing the music for the series "
        "too. That was the second-biggest cheer of the panel.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>No date yet for <em>Emberfall</em>. Filming starts next month, in "
        "forests the team picked because they look like the game's first level.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The stage is being cleared for the closing panel. The screens just say "
        "“You will want to be in your seats”.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>The rumour going round the press seats is a reunion. Nobody will say "
        "of what.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The lights are down. A clock is ticking on the speakers, and six "
        "thousand people are trying very hard to be quiet.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "title": "The surprise: a Starward Academy reunion",
        "key_moment": True,
        "key_point": "The closing surprise: the Starward Academy cast reunite for a new series",
        "body": "<p>It is a reunion: the cast of the old teen series <em>Starward "
        "Academy</em> walked out together, twenty years on, to announce a new series set "
        "at the same school.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The original cast will play the teachers now. One of them said the "
        "corridors on the new set are “exactly as long as my nightmares”.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>A good part of the hall seems to be in tears. One fan near us is "
        "wearing the school's old uniform, and it still fits.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The new <em>Starward Academy</em> starts filming in the summer, with "
        "the original creator back as showrunner.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>The cast finished by singing the old theme tune with the whole hall. "
        "Badly, and very loudly.</p>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>Hall A is emptying. The organisers say next year's expo has already "
        "sold a third of its tickets, which will surprise nobody here.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "title": "The day in five reveals",
        "body": "<ul><li><em>The Glass Meridian</em> returns early next spring</li>"
        "<li><em>Pocket Moons</em> comes to cinemas in the autumn</li>"
        "<li><em>Ironwake: Second Tide</em> has a trailer and a villain</li>"
        "<li><em>The Hollow Choir</em> is back in October</li>"
        "<li>A new <em>Starward Academy</em>, with its old cast</li></ul>",
    },
    {
        "by": ["jonas-lindqvist"],
        "body": "<p>For the record, <em>Emberfall</em> got the longest applause of the "
        "day by our stopwatch: two minutes and ten seconds.</p>",
    },
    {
        "by": ["daniel-reyes"],
        "body": "<p>We will have interviews with several of today's casts over the next "
        "few days, starting with the <em>Pocket Moons</em> team.</p>",
    },
    {
        "by": ["daniel-reyes", "jonas-lindqvist"],
        "body": "<p>That is all from Hall A. Thank you for following the day with us, "
        "and rest your voices.</p>",
    },
]
