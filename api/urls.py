"""The API's addresses: ninja's routes, each answer kept and revalidated like a page.

Every answer depends on stories (which labels have published stories, their names,
the stories themselves): each is kept under ``stories``, which any change purges.
"""

from functools import wraps

from caching import keys
from caching.pagecache import reader_page

from .views import api


def on_stories(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        keys.shows(request, keys.STORIES)
        return view(request, *args, **kwargs)

    return wrapper


# A live story's entries change every minute on a busy night: that answer is kept
# under the story's key alone (``views.story_entries``), so an entry purges only it.
OWN_KEYS = {"story-entries"}

routes, _app_name, _namespace = api.urls
for route in routes:
    if route.name in OWN_KEYS:
        route.callback = reader_page(route.callback)
    else:
        route.callback = reader_page(on_stories(route.callback))

app_name = "api"
urlpatterns = routes
