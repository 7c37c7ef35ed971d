"""How long an editor waits for the save of a story with a large new picture.

    .venv/bin/python bench/upload.py             # a 6000x4000 JPEG, SQLite
    .venv/bin/python bench/upload.py 4000 3000   # another size
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/upload.py

The desk's add form is posted through Django's test client, in this process, on the
benchmark's own database and media folder (bench/django_setup.py): the time is from
the POST to its response, the upload's checks and re-encoding included. With the
database queue the renditions are left to the worker, which is then run
(``manage.py db_worker --batch``) and timed on its own; for comparison the same save
is timed with the tasks run inline, as before the queue.
"""

import io
import os
import statistics
import subprocess
import sys
import time

from django_setup import ROOT  # sets Django up: import it before anything of Django

# isort: split

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageDraw

from articles.models import Article, Author, Section
from library.models import Image as LibraryImage

SAVES = 3
INLINE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def photo(width, height):
    """A JPEG with gradients and shapes, so it compresses like a photograph, not a flat fill."""
    image = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((width, height)),
            Image.radial_gradient("L").resize((width, height)),
            Image.linear_gradient("L").rotate(90).resize((width, height)),
        ],
    )
    # Sensor grain: a camera's 24-megapixel JPEG is several megabytes, not one.
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image, grain, 0.25)
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 97):
        draw.ellipse(
            (i, (i * 7) % height, i + 180, (i * 7) % height + 120),
            outline=(i % 255, 80, 160),
            width=9,
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def save_story(client, data, n):
    form = {
        "headline": f"A premiere in pictures, take {n}",
        "slug": f"premiere-in-pictures-{n}",
        "standfirst": "The red carpet, from the back of the crowd.",
        "body": "<p>Everyone was there.</p>",
        # A few bytes after the picture's end make each upload a file of its own: the
        # same file again would be offered as the library picture it already is.
        "hero_image": SimpleUploadedFile(
            f"premiere-{n}.jpg", data + f"save {n}".encode(), content_type="image/jpeg"
        ),
        "hero_alt": "A red carpet under camera flashes.",
        "section": Section.objects.get(slug="movies").pk,
        "authors": [Author.objects.get_or_create(name="Bench Writer", slug="bench-writer")[0].pk],
        "tags": "Premieres",
        "status": Article.Status.DRAFT,
        "publish_at_0": "",
        "publish_at_1": "",
        "_save": "Save",
    }
    started = time.perf_counter()
    response = client.post("/admin/articles/article/add/", form)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    return elapsed


def main(width, height):
    call_command("migrate", verbosity=0)
    Article.objects.filter(slug__startswith="premiere-in-pictures-").delete()
    DBTaskResult.objects.all().delete()
    user, _ = User.objects.get_or_create(username="bench-editor", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    data = photo(width, height)
    print(f"A {width}x{height} JPEG of {len(data) / 1e6:.1f} MB")

    stamp = int(time.time())
    # The first request of a process imports and loads what every later one reuses.
    first = save_story(client, data, f"{stamp}-first")
    print(f"First save of the process (imports, templates): {first:.2f} s")
    queued = [save_story(client, data, f"{stamp}-queued-{n}") for n in range(SAVES)]
    image = LibraryImage.objects.latest("pk")
    made = image.renditions or "none"
    print(
        f"Save with the database queue, {SAVES} saves: median {statistics.median(queued):.2f} s "
        f"(each: {', '.join(f'{t:.2f}' for t in queued)}); renditions then: {made}"
    )
    print(f"  tasks waiting: {DBTaskResult.objects.ready().count()}")

    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "-v0",
        ],
        cwd=ROOT,
        env=os.environ,
        check=True,
    )
    worker = time.perf_counter() - started
    image.refresh_from_db()
    widths = image.renditions["widths"]
    print(f"The worker: {worker:.2f} s for {SAVES + 1} pictures, its start included; made {widths}")

    with override_settings(TASKS=INLINE):
        inline = save_story(client, data, f"{stamp}-inline")
    print(f"Save with the tasks run inline, as before: {inline:.2f} s")


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:3]] or [6000, 4000]
    main(*sizes)
