"""Django's admin with the desk's site, and the names the desk gives the apps it shows
that are not Newsroom's (named in INSTALLED_APPS in place of the packages' own)."""

from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.apps import AuthConfig
from taggit.apps import TaggitAppConfig


class DeskAdminConfig(AdminConfig):
    """Django's admin, with the desk's site (desk/site.py) as ``admin.site``."""

    default_site = "desk.site.DeskSite"


# Each keeps its package's label and tables; only the name editors read changes.
class UsersConfig(AuthConfig):
    verbose_name = "Users and groups"


class TagsConfig(TaggitAppConfig):
    verbose_name = "Tags"


class SignInAttemptsConfig(AxesConfig):
    verbose_name = "Sign-in attempts"
