"""Django set up for the in-process benchmarks: their own database, media and settings.

Imported first by bench/queries.py and bench/search_speed.py. The database is
bench/.data/bench.sqlite3 unless DATABASE_URL is set, so the site's own data is
never touched; production settings, with the whole-page cache off, since they
measure building the page and a cached copy would be measured after the first request.
"""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DATA / 'bench.sqlite3'}")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ["DJANGO_MEDIA_ROOT"] = str(DATA / "media")
os.environ["NEWSROOM_PAGE_CACHE"] = "0"
# Cards and story texts are cached as on a site with Redis; queries.py clears the
# cache before each page's first visit, so both visits are measured.
os.environ["NEWSROOM_FRAGMENT_CACHE"] = "1"

import django  # noqa: E402

# whitenoise notes that nothing was collected; the benchmarks serve no static files.
warnings.filterwarnings("ignore", message="No directory at")
DATA.mkdir(parents=True, exist_ok=True)
django.setup()
