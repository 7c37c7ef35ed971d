"""The story form as a new editor meets it: a refused form loses nothing, errors say
what to do where the eye is, limits show instead of cutting text off."""

import re

import pytest

from articles.models import Article
from library.models import Image
from tests.factories import ArticleFactory, ImageFactory, uploaded_image
from tests.helpers import text
from tests.test_admin import ADD_URL, form_errors

pytestmark = pytest.mark.django_db


def kept_token(response):
    return response.context["adminform"].form.data["kept_upload"]


def test_a_long_headline_is_refused_in_words_not_cut_off(admin_client, post_data):
    page = text(admin_client.get(ADD_URL))
    headline_box = re.search(r'<input type="text" name="headline"[^>]*>', page).group(0)
    assert "maxlength" not in headline_box  # the browser would cut a pasted headline
    assert 'data-limit="200"' in headline_box  # story_form.js counts as the editor types
    assert "desk/story_form.js" in page

    post_data["headline"] = "A very long headline " * 50
    response = admin_client.post(ADD_URL, post_data)
    message = " ".join(form_errors(response)["headline"])
    assert "Keep this to 200 characters: it has 1049." in message  # stripped of its last space
    assert "Nothing was cut off" in message
    assert not Article.objects.exists()
    assert post_data["headline"].strip() in text(response)  # all of it, to shorten


def test_the_top_of_a_refused_form_names_the_fields_and_links_to_them(admin_client, post_data):
    post_data["headline"] = ""
    post_data["hero_alt"] = ""
    page = text(admin_client.post(ADD_URL, post_data))
    summary = re.search(r'<div class="nr-error-summary".*?</div>', page, re.DOTALL).group(0)
    assert '<a href="#id_headline">Headline</a>' in summary
    assert 'href="#id_hero_alt"' in summary
    assert "This field is required." in summary


def test_a_reused_web_address_is_explained_and_a_free_one_offered(admin_client, post_data):
    ArticleFactory(slug=post_data["slug"], headline="The first skydive story")
    response = admin_client.post(ADD_URL, post_data)
    message = " ".join(form_errors(response)["slug"])
    assert "Another story already has this web address" in message
    assert "The first skydive story" in message
    free = f"{post_data['slug']}-2"
    assert f"It is now “{free}”" in message
    assert f'value="{free}"' in text(response)
    assert Article.objects.count() == 1


def test_a_refused_form_keeps_the_chosen_picture_for_the_next_save(admin_client, post_data):
    ArticleFactory(slug=post_data["slug"])
    response = admin_client.post(ADD_URL, post_data)  # refused: the address is taken
    assert not Image.objects.exists()
    page = text(response)
    assert "Kept from your last try: <strong>skydive.jpg</strong>" in page
    token = kept_token(response)

    # Sent again with the free address and no file chosen: the kept picture is used.
    post_data.pop("hero_image")
    post_data.update(slug=f"{post_data['slug']}-2", kept_upload=token)
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302
    story = Article.objects.get(slug=post_data["slug"])
    assert story.hero.file.name.endswith(".jpg")
    assert story.hero.alt == post_data["hero_alt"]


def test_a_kept_picture_is_only_for_the_editor_who_chose_it(
    admin_client, client, post_data, django_user_model
):
    ArticleFactory(slug=post_data["slug"])
    token = kept_token(admin_client.post(ADD_URL, post_data))
    other = django_user_model.objects.create_superuser("other", "o@example.com", "pw-Secret-99")
    client.force_login(other)
    post_data.pop("hero_image")
    post_data.update(slug="another-address", kept_upload=token)
    response = client.post(ADD_URL, post_data)
    assert response.status_code == 302
    assert Article.objects.get(slug="another-address").hero is None


def test_a_kept_picture_can_be_dropped(admin_client, post_data):
    ArticleFactory(slug=post_data["slug"])
    token = kept_token(admin_client.post(ADD_URL, post_data))
    post_data.pop("hero_image")
    post_data.update(slug="dropped", kept_upload=token, kept_upload_drop="1", hero_alt="")
    assert admin_client.post(ADD_URL, post_data).status_code == 302
    assert Article.objects.get(slug="dropped").hero is None


def test_the_same_file_uploaded_again_offers_the_library_picture(admin_client, post_data):
    post_data["hero_image"] = uploaded_image("poster.jpg", size=(320, 180), color=(10, 20, 30))
    assert admin_client.post(ADD_URL, post_data).status_code == 302
    first = Image.objects.get()

    post_data.update(slug="second-story", headline="The same poster again")
    post_data["hero_image"] = uploaded_image("poster-copy.jpg", size=(320, 180), color=(10, 20, 30))
    response = admin_client.post(ADD_URL, post_data)
    message = " ".join(form_errors(response)["hero_image"])
    assert "already in the library" in message and "used in 1 story" in message
    assert response.context["adminform"].form.data["hero"] == str(first.pk)
    assert Image.objects.count() == 1

    post_data.pop("hero_image")
    post_data["hero"] = first.pk
    assert admin_client.post(ADD_URL, post_data).status_code == 302
    assert Article.objects.get(slug="second-story").hero == first
    assert Image.objects.count() == 1


def test_a_png_named_jpg_is_taken_as_the_png_it_is(admin_client, post_data):
    post_data["hero_image"] = uploaded_image("poster.jpg", fmt="PNG")
    assert admin_client.post(ADD_URL, post_data).status_code == 302
    assert Image.objects.get().file.name.endswith("/poster.png")


def test_a_kept_picture_leaves_no_file_behind_once_used(
    admin_client, post_data, settings, django_capture_on_commit_callbacks
):
    ArticleFactory(slug=post_data["slug"])
    token = kept_token(admin_client.post(ADD_URL, post_data))
    kept = settings.MEDIA_ROOT / "kept"
    assert [p.name for p in kept.rglob("*") if p.is_file()] == ["skydive.jpg"]
    post_data.pop("hero_image")
    post_data.update(slug="used", kept_upload=token)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(ADD_URL, post_data).status_code == 302
    assert not [p for p in kept.rglob("*") if p.is_file()]


def test_after_publishing_the_desk_links_to_the_live_page(admin_client, post_data):
    page = text(admin_client.post(ADD_URL, post_data, follow=True))
    story = Article.objects.get()
    assert f'Readers see it at <a href="http://testserver{story.get_absolute_url()}">' in page


def test_the_trailer_preview_shows_while_the_address_is_typed(admin_client):
    url = "/admin/articles/article/trailer-preview/"
    address = "https://www.youtube.com/watch?v=avz06PDqDbM"
    preview = text(admin_client.get(url, {"url": address, "title": "Dead Reckoning"}))
    # A poster, with the player's address kept for the press of play (story_form.js).
    assert "<iframe" not in preview and "ytimg" not in preview
    assert 'data-player="https://www.youtube-nocookie.com/embed/avz06PDqDbM' in preview
    assert '<span class="trailer__title" aria-hidden="true">Dead Reckoning</span>' in preview
    still = ImageFactory()
    with_still = text(admin_client.get(url, {"url": address, "still": str(still.pk)}))
    # The still as readers get it: its interim rendition until the worker has run.
    assert 'class="trailer__poster"' in with_still and still.picture["src"] in with_still
    assert still.file.url not in with_still
    assert "trailer__title" not in with_still
    assert text(admin_client.get(url, {"url": address, "still": "x"})).count("<img") == 0
    refused = text(admin_client.get(url, {"url": "https://example.com/clip"}))
    assert "YouTube or Vimeo" in refused and "<iframe" not in refused
    assert "data-trailer-preview" in text(admin_client.get(ADD_URL))


def test_a_forged_kept_picture_token_is_ignored(admin_client, post_data):
    post_data.pop("hero_image")
    post_data.update(kept_upload="kept/1/../../settings.py", hero_alt="")
    response = admin_client.post(ADD_URL, post_data)
    assert response.status_code == 302  # saved, without a picture
    assert Article.objects.get().hero is None
