"""The API's addresses: ninja's routes, each answer kept and revalidated like a page."""

from caching.pagecache import reader_page

from .views import api

routes, _app_name, _namespace = api.urls
for route in routes:
    route.callback = reader_page(route.callback)

app_name = "api"
urlpatterns = routes
