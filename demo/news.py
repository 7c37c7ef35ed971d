"""The demo's day of news: short stories, invented and written in our own words, that give
the front page what it is made for (a full row, a list of headlines, every section's block).

The films, shows, people and games here are made up, so nothing in them passes for real
news. ``hours`` is how long ago each was published, so the newest read "minutes ago".
A few carry a video (the demo's two trailer addresses) and a few a spoiler warning.
"""

FEATURETTE_URL = "https://www.youtube.com/watch?v=avz06PDqDbM"
VIMEO_URL = "https://vimeo.com/76979871"


def _story(slug, headline, standfirst, section, authors, tags, hours, image, alt, body, **more):
    name, palette, motif = image
    return {
        "slug": slug,
        "headline": headline,
        "standfirst": standfirst,
        "section": section,
        "authors": authors,
        "tags": tags,
        "hours": hours,
        "image": {"name": name, "palette": palette, "motif": motif},
        "hero_alt": alt,
        "hero_credit": "Newsroom illustration",
        "body": "".join(f"<p>{paragraph}</p>" for paragraph in body),
        **more,
    }


NEWS = [
    _story(
        "harbour-lights-sequel-greenlit",
        "Harbour Lights gets a sequel, with its original director back",
        "The sleeper hit about a lighthouse keeper's last winter will return in two years, "
        "and the studio has signed the whole creative team again.",
        "movies",
        ["maya-okafor"],
        ["Sequels", "Directors"],
        0.3,
        ("harbour", ((12, 30, 60), (240, 170, 90)), "waves"),
        "Warm light spilling over dark, rolling waves.",
        [
            "Nobody expected a quiet film about a lighthouse to run for eleven weeks in "
            "cinemas. Its studio has now confirmed a second film.",
            "The director returns, as do the two leads. Filming starts next autumn on the "
            "same stretch of coast.",
        ],
    ),
    _story(
        "night-shift-season-two-trailer",
        "First trailer for Night Shift's second season puts the hospital under siege",
        "The medical drama's return trades ward rounds for a blackout, and the trailer "
        "barely lets up for two minutes.",
        "tv",
        ["daniel-reyes"],
        ["Trailers", "Streaming"],
        0.8,
        ("nightshift", ((10, 20, 40), (90, 200, 220)), "screens"),
        "A wall of cold blue monitors glowing in a dark room.",
        [
            "The first season ended with the city's power grid failing. The second picks "
            "up in the same minute, with the emergency generators already struggling.",
            "The new episodes arrive in March, released weekly rather than all at once.",
        ],
        trailer_url=VIMEO_URL,
    ),
    _story(
        "orla-vance-tour-film",
        "Orla Vance's tour becomes a concert film, shot over three nights",
        "The singer's sold-out run of arena shows will reach cinemas first, with a "
        "streaming release to follow.",
        "music",
        ["priya-shah"],
        ["Concert films", "Premieres"],
        1.6,
        ("arena", ((40, 10, 50), (250, 140, 200)), "carpet"),
        "A lit stage at the end of a long red walkway, with a crowd on either side.",
        [
            "Twelve cameras filmed the last three nights of the tour. The cut runs just "
            "under two and a half hours, encores included.",
            "Tickets for the cinema run go on sale next week.",
        ],
    ),
    _story(
        "starfall-tactics-delay",
        "Starfall Tactics slips to next spring so its studio can avoid crunch",
        "The strategy game's developer says it would rather miss a date than ask its team "
        "for another year of overtime.",
        "games",
        ["jonas-lindqvist"],
        ["Video games", "Delays"],
        2.4,
        ("starfall", ((5, 10, 40), (140, 120, 250)), "grid"),
        "Scattered violet pixel blocks across a deep blue field.",
        [
            "The studio's statement was unusually frank: the game could ship this year, "
            "but only if people worked weekends until it did.",
            "Pre-orders stay open, and the studio says no features were cut.",
        ],
    ),
    _story(
        "festival-lineup-announced",
        "The autumn film festival names its opening night and a lineup of debuts",
        "Half of the main competition this year comes from first-time directors, the "
        "festival's highest share yet.",
        "movies",
        ["maya-okafor", "priya-shah"],
        ["Festivals", "Directors"],
        3.2,
        ("festival", ((60, 20, 10), (250, 210, 120)), "carpet"),
        "A glowing doorway at the end of a red carpet under crossing spotlights.",
        [
            "The opening film is a family drama set over one wedding weekend. Its director "
            "made two short films before it and nothing longer.",
            "The festival runs for ten days; the full programme is published on Friday.",
        ],
        featured=True,
    ),
    _story(
        "the-quiet-coast-finale-explained",
        "The Quiet Coast's finale, explained: what the last scene really means",
        "The series ended on an image that split its audience. We go through the clues "
        "the show left along the way.",
        "tv",
        ["daniel-reyes"],
        ["Finales", "Drama"],
        4.1,
        ("quietcoast", ((20, 40, 50), (170, 210, 200)), "waves"),
        "Pale grey waves under a low, soft sky.",
        [
            "The final episode gave its heroine the choice the whole series had been "
            "building to, then cut away before she made it. Or did it?",
            "Three earlier episodes hold the answer, and one line in the second season "
            "gives it away.",
        ],
        spoilers="ending",
        spoils="The Quiet Coast",
    ),
    _story(
        "score-recorded-in-a-cathedral",
        "Why the score for Lantern Road was recorded in an empty cathedral",
        "The composer wanted a reverb no studio could fake, and got eight seconds of it.",
        "music",
        ["priya-shah"],
        ["Soundtracks", "Film scores"],
        5.0,
        ("cathedral", ((30, 20, 10), (220, 180, 130)), "waves"),
        "Soft golden sound waves rising through a dark space.",
        [
            "Sixty musicians, one night, and a building that holds a note for eight "
            "seconds after it stops. The composer says the space became an instrument.",
            "The soundtrack album is out on the same day as the film.",
        ],
        trailer_url=VIMEO_URL,
        video_kind="featurette",
    ),
    _story(
        "red-carpet-goes-green",
        "The awards' red carpet goes green: rented gowns and a borrowed carpet",
        "Organisers asked guests to wear something they already own or hire, and most "
        "of the nominees said yes.",
        "celebrity",
        ["daniel-reyes"],
        ["Awards", "Fashion"],
        5.8,
        ("greencarpet", ((10, 50, 30), (180, 230, 150)), "carpet"),
        "A carpet leading to a lit doorway between two crowds of silhouettes.",
        [
            "Even the carpet is second-hand: it was used at a football final in the "
            "summer and cleaned for the night.",
            "Designers say hire requests for the evening doubled on last year.",
        ],
    ),
    _story(
        "dungeon-of-echoes-adaptation-cast",
        "Dungeon of Echoes adaptation finds its lead, a newcomer from the stage",
        "The role went to an actor best known for a year-long run in a touring musical, "
        "after a search that lasted months.",
        "games",
        ["jonas-lindqvist", "maya-okafor"],
        ["Adaptations", "Casting"],
        6.6,
        ("echoes", ((20, 10, 30), (200, 90, 90)), "grid"),
        "Dark red and black pixel blocks arranged like a maze.",
        [
            "Fans of the game had campaigned for a famous name. The producers went the "
            "other way and say the audition settled it in ten minutes.",
            "Filming starts in January, with the game's own composer writing the score.",
        ],
    ),
    _story(
        "box-office-weekend-animated-win",
        "An animated film about a lost kite tops the weekend box office",
        "Paper Sky beat two action sequels to first place, helped by families on a rainy weekend.",
        "movies",
        ["maya-okafor"],
        ["Box office", "Animation"],
        8.5,
        ("papersky", ((90, 160, 230), (250, 240, 200)), "sky"),
        "A small figure drifting high in a pale sky above soft clouds.",
        [
            "It is the first original animated film to open at number one this year, and "
            "it did so on a modest budget.",
            "The studio has already moved its streaming release back by a month.",
        ],
        trailer_url=FEATURETTE_URL,
    ),
    _story(
        "sitcom-reunion-special",
        "The cast of Flat Six reunites for one special, twenty years on",
        "The sitcom about six flatmates will come back for a single evening, filmed in "
        "front of a live audience on the original set, rebuilt.",
        "tv",
        ["daniel-reyes"],
        ["Comedy", "Reunions"],
        10.0,
        ("flatsix", ((60, 40, 20), (240, 200, 150)), "screens"),
        "A grid of warm, glowing television screens.",
        [
            "All six leads have signed on. The writers say it is not a new episode but a "
            "visit to the characters as they would be now.",
            "It airs in the spring, with the old episodes on the service from today.",
        ],
    ),
    _story(
        "vinyl-soundtrack-reissues",
        "Three cult soundtracks are coming back on vinyl, remastered from the tapes",
        "A small label tracked down the original studio reels, one of them in a composer's garage.",
        "music",
        ["priya-shah"],
        ["Soundtracks", "Vinyl"],
        12.0,
        ("vinyl", ((20, 20, 20), (230, 120, 60)), "waves"),
        "Bright orange sound waves against near-black.",
        [
            "The three scores have been out of print for decades. The label says the "
            "reels were in better shape than anyone had hoped.",
            "Each pressing comes with notes from the composers themselves.",
        ],
    ),
    _story(
        "actor-opens-theatre-in-hometown",
        "Mara Quinn opens a small theatre in the town where she grew up",
        "The actor bought a closed cinema and turned it into a stage for local companies, "
        "with tickets capped at the price of a coffee on Sundays.",
        "celebrity",
        ["maya-okafor"],
        ["Theatre", "Interviews"],
        14.0,
        ("theatre", ((50, 20, 30), (250, 180, 140)), "carpet"),
        "A lit doorway at the end of a red carpet, under two spotlights.",
        [
            "She first acted in that building at nine, in a school play. It had been "
            "empty for six years when she bought it.",
            "The first season has eleven productions, all but one from local groups.",
        ],
    ),
    _story(
        "racing-game-photo-mode-update",
        "Apex Drift's free update adds a photo mode and night racing",
        "The racing game's biggest update since launch arrives next week, and it costs nothing.",
        "games",
        ["jonas-lindqvist"],
        ["Video games", "Updates"],
        16.5,
        ("apexdrift", ((10, 30, 20), (120, 250, 180)), "grid"),
        "Bright green pixel blocks streaking across a dark field.",
        [
            "Every track now has a night version, and the new photo mode lets players "
            "pause a race and move the camera anywhere on the circuit.",
            "The studio says a second update, with new cars, follows in the new year.",
        ],
        trailer_url=VIMEO_URL,
        video_kind="clip",
    ),
    _story(
        "cinema-chain-brings-back-intervals",
        "A cinema chain brings back the interval for films over three hours",
        "Long films will stop halfway for fifteen minutes, and audiences asked for it.",
        "movies",
        ["maya-okafor"],
        ["Cinemas", "Audiences"],
        19.0,
        ("interval", ((40, 10, 10), (230, 110, 80)), "screens"),
        "Rows of warm red screens glowing in the dark.",
        [
            "The chain surveyed its members after a summer of long releases. Two in three "
            "said they would like a break.",
            "Directors can ask for their films to be shown without one.",
        ],
    ),
    _story(
        "detective-drama-renewed-early",
        "Grey Harbour is renewed for two more seasons before its second has aired",
        "The detective drama's early renewal lets its writers plan the story to an end.",
        "tv",
        ["daniel-reyes"],
        ["Renewals", "Drama"],
        23.0,
        ("greyharbour", ((30, 30, 40), (160, 170, 190)), "waves"),
        "Cool grey waves under a heavy sky.",
        [
            "Its creator says knowing the ending in advance changes everything about "
            "how a mystery is written.",
            "Season two arrives in the autumn; seasons three and four follow a year apart.",
        ],
    ),
    _story(
        "choir-goes-viral-with-theme",
        "A school choir's version of a spy theme is the week's most-played video",
        "Forty pupils, one piano and a theme everyone knows: the clip has been shared by "
        "the film's own composer.",
        "music",
        ["priya-shah"],
        ["Film scores", "Viral"],
        27.0,
        ("choir", ((20, 40, 70), (200, 220, 250)), "waves"),
        "Pale blue sound waves across a deep blue background.",
        [
            "The choir's teacher arranged it over a weekend. The pupils learned it in "
            "two rehearsals.",
            "The school has been invited to sing it at the film's anniversary screening.",
        ],
        trailer_url=FEATURETTE_URL,
        video_kind="clip",
    ),
    _story(
        "streaming-price-rise-ad-tier",
        "Streamers raise prices again, and push readers towards tiers with adverts",
        "Two of the biggest services now charge more without ads than with, by a wider "
        "margin than last year.",
        "tv",
        ["daniel-reyes"],
        ["Streaming", "Prices"],
        31.0,
        ("prices", ((50, 10, 40), (240, 100, 160)), "screens"),
        "Bright magenta screens stacked in a dark room.",
        [
            "The cheapest plans with adverts stay where they were. The plans without "
            "them rise by about a tenth.",
            "Analysts say the services earn more from a viewer who watches the adverts.",
        ],
    ),
    _story(
        "indie-game-award-sweep",
        "A two-person studio's puzzle game sweeps the independent game awards",
        "Lantern Keeper took four prizes, including game of the year, from more than two "
        "hundred entries.",
        "games",
        ["jonas-lindqvist"],
        ["Awards", "Indie games"],
        36.0,
        ("lantern", ((40, 30, 10), (250, 210, 100)), "grid"),
        "Golden pixel blocks glowing on a dark background.",
        [
            "The couple behind it made the game over four years, in the evenings, while "
            "both worked other jobs.",
            "It comes to consoles in the spring.",
        ],
    ),
    _story(
        "stunt-double-memoir",
        "A veteran stunt double's memoir names the falls she still thinks about",
        "Thirty years, two hundred films and one broken wrist: her book is out this month.",
        "celebrity",
        ["maya-okafor"],
        ["Stunts", "Books"],
        41.0,
        ("memoir", ((20, 50, 90), (250, 200, 150)), "sky"),
        "A lone figure falling through a warm evening sky.",
        [
            "She doubled for leads in westerns, heist films and one musical. The worst "
            "fall, she writes, was three metres onto a mattress.",
            "The book ends with a plea for a stunt category at the big awards.",
        ],
    ),
    _story(
        "remake-of-eighties-horror",
        "The Hollow House is being remade, and the new version moves it to a tower block",
        "The eighties horror film's remake keeps the haunted home and swaps the country "
        "house for the nineteenth floor.",
        "movies",
        ["maya-okafor"],
        ["Remakes", "Horror"],
        47.0,
        ("hollow", ((10, 10, 20), (120, 80, 140)), "screens"),
        "A grid of dim violet windows in the dark.",
        [
            "The director says a high-rise is scarier than a mansion: nobody can hear you "
            "above the lift.",
            "The original's writer is a producer on the new film.",
        ],
        spoilers="plot",
        spoils="The Hollow House (1986)",
    ),
    _story(
        "baking-show-new-hosts",
        "The baking contest names two new hosts, both former contestants",
        "The show's twelfth series will be presented by a winner and a runner-up from "
        "earlier years.",
        "tv",
        ["daniel-reyes"],
        ["Reality TV", "Casting"],
        53.0,
        ("baking", ((80, 40, 20), (250, 220, 170)), "grid"),
        "Warm cream and brown blocks scattered like tiles.",
        [
            "Both say they will not judge the bakes, only cheer. The judges stay the same.",
            "Filming begins in the spring in the same tent, in the same field.",
        ],
    ),
    _story(
        "musical-adaptation-casting-call",
        "Open auditions for the musical film of Long Way Home draw thousands",
        "The producers wanted unknowns for the young leads, and queues formed round the "
        "block in three cities.",
        "music",
        ["priya-shah", "daniel-reyes"],
        ["Musicals", "Casting"],
        60.0,
        ("auditions", ((60, 20, 60), (250, 170, 230)), "carpet"),
        "A stage door glowing at the end of a red carpet.",
        [
            "Everyone who came was heard, the casting director says, even if only for "
            "sixteen bars.",
            "Recalls take place next month; the film shoots in the summer.",
        ],
    ),
    _story(
        "charity-match-raises-record",
        "Actors and musicians' charity football match raises a record sum",
        "The annual game drew its biggest crowd, and a comedian's late equaliser.",
        "celebrity",
        ["daniel-reyes"],
        ["Charity", "Sport"],
        66.0,
        ("match", ((20, 80, 40), (200, 240, 180)), "grid"),
        "Green and white blocks laid out like a pitch.",
        [
            "The money goes to children's hospitals. The organisers say the total is a "
            "third up on last year.",
            "The final score was three each; nobody remembers who took the penalties.",
        ],
    ),
    _story(
        "composer-joins-space-saga",
        "The composer of Paper Sky will score the next space saga",
        "A choice that surprised fans of the series: a composer known for small, warm "
        "scores takes on its biggest film.",
        "movies",
        ["priya-shah"],
        ["Film scores", "Sequels"],
        72.0,
        ("spacesaga", ((5, 5, 30), (90, 110, 200)), "sky"),
        "A small dark figure against a deep blue sky and pale clouds.",
        [
            "The studio says it wanted the saga's next chapter to sound less like a "
            "battle and more like a journey.",
            "Recording starts once the edit is locked, next summer.",
        ],
    ),
    _story(
        "handheld-console-sales",
        "A year on, the handheld console has outsold its makers' own forecast",
        "Its maker now expects to sell twice what it planned in the first two years, "
        "and says more games are coming from smaller studios.",
        "games",
        ["jonas-lindqvist"],
        ["Consoles", "Sales"],
        78.0,
        ("handheld", ((30, 10, 10), (250, 120, 100)), "grid"),
        "Coral and dark red pixel blocks on a deep background.",
        [
            "The small machine's best sellers are not the big releases but ports of older "
            "independent games, its maker says.",
            "A cheaper model without a screen stand follows next year.",
        ],
    ),
]
