"""Demo content for a fresh site: the desk's bylines and a few stories, in our own words.

Pictures are drawn with Pillow on the spot, so the demo needs no network and
ships no binary files.
"""

import io
import math
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

# (name, slug, bio, role, links): the links are on the reserved .example domain, so
# no demo byline ever points at a real person's account.
AUTHORS = [
    (
        "Maya Okafor",
        "maya-okafor",
        "Film editor. Covers blockbusters, stunts and the people who do them.",
        "Film editor",
        "https://maya-okafor.example/\nhttps://letterboxd.com/newsroom-demo-maya/",
    ),
    (
        "Daniel Reyes",
        "daniel-reyes",
        "TV and streaming reporter, reluctant binge-watcher.",
        "TV reporter",
        "https://daniel-reyes.example/",
    ),
    (
        "Priya Shah",
        "priya-shah",
        "Music and soundtracks; writes about scores more than is healthy.",
        "Music writer",
        "",
    ),
    (
        "Jonas Lindqvist",
        "jonas-lindqvist",
        "Games desk. Keeps a spreadsheet of every adaptation announced.",
        "Games editor",
        "https://jonas-lindqvist.example/",
    ),
]

# The site's own pages a fresh site starts with, in our words; editors rewrite them.
PAGES = [
    {
        "slug": "about",
        "title": "About Newsroom",
        "summary": "Who we are, what we cover and how we correct our mistakes.",
        "body": "<p>Newsroom is a small desk covering film, television, music and games: "
        "trailers and featurettes, casting, release dates and the people behind them.</p>"
        "<p>We say when a story spoils a plot, we mark every correction on the story it "
        "corrects, and we list every change on our corrections page.</p>",
        "position": 1,
    },
    {
        "slug": "contact",
        "title": "Contact",
        "summary": "How to reach the desk with a tip, a correction or a question.",
        "body": "<p>Tips, corrections and questions reach the desk at "
        '<a href="mailto:desk@newsroom.example">desk@newsroom.example</a>. We read '
        "everything and answer what we can.</p>",
        "position": 2,
    },
]

# People, films and franchises the demo stories are about, with the public ids we are
# sure of (the others are left empty rather than guessed).
ENTITIES = [
    {
        "kind": "person",
        "slug": "tom-cruise",
        "name": "Tom Cruise",
        "description": "Actor and producer, known for doing his own stunts, from the "
        "Mission: Impossible films to Top Gun: Maverick.",
        "imdb_id": "nm0000129",
        "wikidata_id": "Q37079",
        "tmdb_id": 500,
        # Not a photograph of anyone: an illustration standing in for the hub's picture.
        "picture": {
            "image": {
                "name": "hub-person",
                "palette": ((30, 40, 70), (200, 120, 90)),
                "motif": "sky",
            },
            "alt": "An abstract illustration of a figure against a dusk sky.",
            "credit": "Newsroom illustration",
        },
    },
    {
        "kind": "franchise",
        "slug": "mission-impossible",
        "name": "Mission: Impossible",
        "description": "The spy films that began in 1996, each built around Ethan Hunt and "
        "a set-piece stunt.",
    },
    {
        "kind": "film",
        "slug": "mission-impossible-dead-reckoning-part-one",
        "name": "Mission: Impossible – Dead Reckoning Part One",
        "description": "The seventh Mission: Impossible film, with the motorbike jump off a "
        "Norwegian cliff.",
        "imdb_id": "tt9603212",
        "franchise": "mission-impossible",
        "picture": {
            "image": {
                "name": "hub-film",
                "palette": ((20, 20, 30), (180, 40, 50)),
                "motif": "screens",
            },
            "alt": "An abstract illustration of cinema screens glowing red.",
            "credit": "Newsroom illustration",
        },
        "releases": [("US", "2023-07-12", "cinema", "")],
        "cast": [("tom-cruise", "actor", "Ethan Hunt")],
    },
    {
        "kind": "film",
        "slug": "top-gun-maverick",
        "name": "Top Gun: Maverick",
        "description": "The sequel to Top Gun, shot with its actors in real fighter jets.",
        "imdb_id": "tt1745960",
        "cast": [("tom-cruise", "actor", "Pete “Maverick” Mitchell")],
    },
]

FEATURETTE = {
    "slug": "tom-cruise-skydive-stunt-dead-reckoning-featurette",
    "headline": "Tom Cruise leaps from a plane in new Dead Reckoning featurette",
    "standfirst": (
        "A behind-the-scenes film for Mission: Impossible – Dead Reckoning Part One shows the "
        "star doing his own skydive, and thanking the audience on the way down."
    ),
    "section": "movies",
    "authors": ["maya-okafor"],
    "tags": ["Tom Cruise", "Mission: Impossible", "Dead Reckoning", "Top Gun: Maverick", "Stunts"],
    "about": ["tom-cruise", "mission-impossible-dead-reckoning-part-one"],
    "mentions": ["mission-impossible", "top-gun-maverick"],
    "trailer_url": "https://www.youtube.com/watch?v=avz06PDqDbM",
    "video_kind": "featurette",
    "featured": True,
    "image": {"name": "skydive", "palette": ((24, 92, 168), (250, 190, 120)), "motif": "sky"},
    "hero_alt": "A lone skydiver in free fall against a wide evening sky above the clouds.",
    "hero_caption": "The stunt was filmed for real, in the air, with no digital double.",
    "hero_credit": "Newsroom illustration",
    "body": """
<p>Whatever you think of Tom Cruise, it is hard to name another star who treats each film as a
chance to raise the bar for practical stunts. The latest featurette for <em>Mission: Impossible –
Dead Reckoning Part One</em> makes the point again: the man falling out of the aeroplane is Cruise
himself, not a stunt double and not a digital stand-in.</p>
<p>The short film opens with the actor speaking to camera, thanking audiences for turning up at
cinemas over the past year. Then the camera pulls back, the hatch is open, and he steps out into
the sky while still talking.</p>
<h2>A habit of doing it for real</h2>
<p>Cruise has long argued that audiences can feel the difference between a real stunt and a
computer-made one. For <em>Top Gun: Maverick</em> the cast trained to cope with the forces of
riding in fighter jets, so that what the cameras caught in the cockpit was genuine. He was not
flying the aircraft, but he was in it.</p>
<blockquote><p>The man falling out of the aeroplane is Cruise himself,
not a stunt double.</p></blockquote>
<p>The seventh <em>Mission: Impossible</em> film raises an obvious question for its sequel: if
this is what he does in part one, what is left for part two?</p>
<ul>
<li>Film: <strong>Mission: Impossible – Dead Reckoning Part One</strong></li>
<li>Director: Christopher McQuarrie</li>
<li>Featurette: behind the scenes of the skydive</li>
</ul>
""",
}

STORIES = [
    {
        "slug": "how-maverick-put-actors-in-real-cockpits",
        "headline": "How Top Gun: Maverick put its actors in real cockpits",
        "standfirst": (
            "Months of training came before the cameras rolled inside the jets. Here is what "
            "the cast went through, and why the production thought it was worth it."
        ),
        "section": "movies",
        "authors": ["maya-okafor"],
        "tags": ["Top Gun: Maverick", "Tom Cruise", "Stunts"],
        "about": ["top-gun-maverick"],
        "mentions": ["tom-cruise"],
        "trailer_url": "https://vimeo.com/76979871",
        "image": {"name": "cockpit", "palette": ((20, 40, 70), (120, 170, 210)), "motif": "jets"},
        "hero_alt": "Two fighter jets in tight formation over a pale blue horizon.",
        "hero_caption": "Cameras were mounted inside the cockpits for the flying scenes.",
        "hero_credit": "Newsroom illustration",
        "body": (
            "<p>Before the flying scenes were shot, the young cast went through a training "
            "programme designed to get them used to high forces and long hours in the air.</p>"
            "<p>The result on screen is faces that are really under strain, which is the "
            "whole point of the exercise.</p>"
        ),
        # A fresh site shows a correction on this story and on /corrections/.
        "note": (
            "correction",
            "An earlier version of this story said the cast trained for weeks. The "
            "training programme ran for several months.",
        ),
    },
    {
        "slug": "streaming-renewals-this-season",
        "headline": "The streaming renewals worth knowing about this season",
        "standfirst": "Which series are coming back, which are quietly ending, and what it says "
        "about how the platforms are spending.",
        "section": "tv",
        "authors": ["daniel-reyes"],
        "tags": ["Streaming", "Renewals"],
        "image": {"name": "screens", "palette": ((40, 16, 64), (230, 90, 140)), "motif": "screens"},
        "hero_alt": "A wall of glowing television screens in a dark room.",
        "hero_credit": "Newsroom illustration",
        "body": "<p>Renewal season is when the platforms show their hand. This year the "
        "pattern is fewer, bigger bets.</p><p>We go through the list, show by show.</p>",
    },
    {
        "slug": "film-scores-that-outgrew-their-films",
        "headline": "Five film scores that outgrew their films",
        "standfirst": "Some soundtracks end up better known than the pictures they were written "
        "for. Our music desk picks five and explains why they last.",
        "section": "music",
        "authors": ["priya-shah"],
        "tags": ["Soundtracks", "Film scores"],
        "image": {"name": "score", "palette": ((60, 30, 10), (240, 200, 110)), "motif": "waves"},
        "hero_alt": "Abstract golden sound waves rising across a dark background.",
        "hero_credit": "Newsroom illustration",
        "body": "<p>A great score can carry a scene; a few carry a whole career. These five "
        "are the ones people hum without having seen the film.</p>"
        # A fresh site shows a spoiler block, closed until a reader opens it.
        '<blockquote class="spoiler"><p>Our number one is the theme Lanternfall holds back '
        "until its very last scene, where the full orchestra finally plays it.</p></blockquote>"
        "<p>Each pick comes with the one track to start with.</p>",
        # What the block gives away, named on it and at the top of the story.
        "spoils": "Lanternfall",
    },
    {
        "slug": "game-adaptations-on-the-slate",
        "headline": "Every game adaptation on the studios' slates, in one list",
        "standfirst": "From early development to cameras rolling, here is where each announced "
        "game-to-screen project stands.",
        "section": "games",
        "authors": ["jonas-lindqvist"],
        "tags": ["Adaptations", "Streaming"],
        "image": {"name": "pixels", "palette": ((10, 60, 50), (120, 230, 160)), "motif": "grid"},
        "hero_alt": "A grid of bright pixel blocks fading into a dark green background.",
        "hero_credit": "Newsroom illustration",
        "body": "<p>Adaptations of games used to be a punchline. Now every studio has a few in "
        "development. We keep track so you don't have to.</p>",
    },
    {
        "slug": "stunt-performers-push-for-recognition",
        "headline": "Stunt performers keep pushing for their own awards category",
        "standfirst": "The people who fall, crash and burn for a living want the industry's "
        "highest honours to notice them. The campaign is getting louder.",
        "section": "celebrity",
        "authors": ["maya-okafor", "daniel-reyes"],
        "tags": ["Stunts", "Awards"],
        "image": {"name": "spotlight", "palette": ((50, 10, 20), (250, 120, 90)), "motif": "sky"},
        "hero_alt": "A single spotlight beam cutting through smoke on an empty stage.",
        "hero_credit": "Newsroom illustration",
        "body": "<p>Stunt work is in almost every big film, and yet it has no category of its "
        "own at the major film awards.</p><p>Performers and coordinators say that should "
        "change, and more stars are backing them.</p>",
    },
]

# Names for load-test stories; the combinations read like headlines without being news.
LOAD_SUBJECTS = [
    "The sequel",
    "A new trailer",
    "The director",
    "The cast",
    "A surprise cameo",
    "The reboot",
    "The finale",
    "A first look",
    "The soundtrack",
    "The box office",
    "The showrunner",
    "A casting rumour",
    "The premiere",
    "The spin-off",
    "An early review",
]
LOAD_VERBS = [
    "lands",
    "splits fans",
    "breaks a record",
    "gets a date",
    "goes back to the start",
    "teases a twist",
    "changes course",
    "raises the stakes",
    "keeps its secrets",
    "surprises critics",
    "doubles down",
    "takes a risk",
]
LOAD_TAGS = [
    "Trailers",
    "Box office",
    "Casting",
    "Sequels",
    "Reboots",
    "Streaming",
    "Awards",
    "Festivals",
    "Animation",
    "Horror",
    "Sci-fi",
    "Superheroes",
    "Documentaries",
    "Soundtracks",
    "Interviews",
    "Reviews",
    "Premieres",
    "Franchises",
    "Stunts",
    "Directors",
    "Showrunners",
    "Comedy",
    "Drama",
    "Thrillers",
    "Fantasy",
    "Adaptations",
    "Indie film",
    "Anime",
    "Video games",
    "Concert films",
]


DEMO_IMAGE_SIZE = (1600, 900)


def draw_image(name, palette, motif, size=DEMO_IMAGE_SIZE):
    """A demo picture: a two-colour gradient with a simple motif, as JPEG bytes."""
    width, height = size
    top, bottom = palette
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    rng = random.Random(name)  # the same picture every time for the same name
    light = tuple(min(255, c + 90) for c in bottom)
    dark = tuple(max(0, c - 40) for c in top)
    if motif == "sky":
        for _ in range(9):
            x, y, r = (
                rng.randrange(width),
                rng.randrange(height // 2, height),
                rng.randrange(80, 220),
            )
            draw.ellipse([x - r * 2, y - r // 2, x + r * 2, y + r // 2], fill=light)
        cx, cy = width * 0.55, height * 0.38
        draw.ellipse([cx - 22, cy - 22, cx + 22, cy + 22], fill=dark)
        draw.line([(cx - 90, cy + 10), (cx + 90, cy - 10)], fill=dark, width=16)
        draw.line([(cx - 10, cy + 20), (cx - 60, cy + 120)], fill=dark, width=16)
        draw.line([(cx + 10, cy + 20), (cx + 50, cy + 125)], fill=dark, width=16)
    elif motif == "jets":
        for dx, dy in ((0, 0), (260, 120)):
            x, y = width * 0.3 + dx, height * 0.35 + dy
            draw.polygon([(x, y), (x + 320, y + 20), (x, y + 40)], fill=dark)
            draw.polygon([(x + 120, y + 20), (x + 40, y - 90), (x + 200, y + 20)], fill=dark)
    elif motif == "screens":
        for row in range(3):
            for col in range(5):
                x, y = 120 + col * 280, 140 + row * 230
                glow = tuple(min(255, c + rng.randrange(0, 80)) for c in bottom)
                draw.rectangle([x, y, x + 240, y + 180], fill=glow, outline=light, width=4)
    elif motif == "carpet":
        # A red carpet running to a lit doorway, under two crossing spotlight beams.
        for sx in (width * 0.15, width * 0.85):
            draw.polygon(
                [
                    (sx - 30, 0),
                    (sx + 30, 0),
                    (width * 0.5 + 260, height),
                    (width * 0.5 - 260, height),
                ],
                fill=tuple(min(255, c + 40) for c in top),
            )
        draw.rectangle([width * 0.44, height * 0.28, width * 0.56, height * 0.55], fill=light)
        draw.polygon(
            [
                (width * 0.46, height * 0.55),
                (width * 0.54, height * 0.55),
                (width * 0.78, height),
                (width * 0.22, height),
            ],
            fill=(170, 20, 40),
        )
        for _ in range(14):
            x = rng.choice(
                [rng.randrange(60, int(width * 0.3)), rng.randrange(int(width * 0.7), width - 60)]
            )
            y = rng.randrange(int(height * 0.55), height - 120)
            draw.ellipse([x - 18, y - 18, x + 18, y + 18], fill=dark)
            draw.rectangle([x - 22, y + 20, x + 22, y + 110], fill=dark)
    elif motif == "waves":
        for k in range(7):
            points = [
                (x, height / 2 + math.sin(x / (90 + k * 15) + k) * (60 + k * 25))
                for x in range(0, width + 10, 10)
            ]
            draw.line(points, fill=light, width=6)
    else:  # grid
        for _ in range(160):
            x, y = rng.randrange(0, width, 50), rng.randrange(0, height, 50)
            draw.rectangle([x, y, x + 44, y + 44], fill=light if rng.random() > 0.5 else dark)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78, optimize=True, progressive=True)
    return buffer.getvalue(), size


def demo_image(spec):
    """Store the picture for ``spec`` once; return its storage name and size."""
    path = f"demo/{spec['name']}.jpg"
    if default_storage.exists(path):
        return path, DEMO_IMAGE_SIZE
    data, size = draw_image(spec["name"], spec["palette"], spec["motif"], DEMO_IMAGE_SIZE)
    return default_storage.save(path, ContentFile(data)), size
