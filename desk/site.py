"""The desk's admin site: the newsroom's own work first, in plain names.

Django lists the apps alphabetically under their packages' names, which puts
"Authentication and Authorization" and "Axes" above the stories. The desk's home
lists what editors use most first.
"""

from django.contrib import admin

# The apps by label, in the order the desk's home shows them (their names are their
# apps' verbose names: desk/apps.py renames the ones that are not Newsroom's).
APPS = ["articles", "library", "taggit", "newsletters", "api", "jobs", "auth", "axes"]
# Within the newsroom, stories first.
MODELS = {"articles": ["Article", "Entity", "Section", "Author", "Page", "SiteSettings"]}


class DeskSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        order = APPS
        for app in apps:
            models = MODELS.get(app["app_label"])
            if models:
                app["models"].sort(
                    key=lambda model: (
                        models.index(model["object_name"])
                        if model["object_name"] in models
                        else len(models)
                    )
                )
        return sorted(
            apps,
            key=lambda app: (
                order.index(app["app_label"]) if app["app_label"] in order else len(order),
                app["name"],
            ),
        )
