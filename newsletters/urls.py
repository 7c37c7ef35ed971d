from django.urls import path

from . import views

app_name = "newsletters"

# Never wrapped in reader_page: nothing here is kept in the page cache.
urlpatterns = [
    path("sign-up/", views.sign_up, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
