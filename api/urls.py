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


routes, _app_name, _namespace = api.urls
for route in routes:
    route.callback = reader_page(on_stories(route.callback))

app_name = "api"
urlpatterns = routes
