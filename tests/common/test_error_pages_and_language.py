"""The error pages are the project's own, in Chinese first and in English when chosen: a missing
page, a refused one, a bad request and a server error (rendered with no context, as Django does)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_ours_in_chinese(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "页面不存在" in page and "返回首页" in page
    assert "Not Found" not in page  # not Django's English page


def test_a_missing_page_is_in_english_when_english_is_chosen(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/no-such-page/").content.decode()

    assert '<html lang="en">' in page
    assert "Page not found" in page and "Back to the home page" in page
    assert "页面不存在" not in page


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "无权访问"), ("en", "Access denied")]
)
def test_a_refused_page_says_so_and_whom_to_ask(rf: RequestFactory, language, expected):
    request = rf.get("/entry/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    page = response.content.decode()
    assert expected in page
    assert ("系统管理员" in page) == (language == "zh-hans")


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "请求有误"), ("en", "Bad request")])
def test_a_bad_request_is_ours(rf: RequestFactory, language, expected):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = defaults.bad_request(request, Exception("bad"))

    assert response.status_code == 400
    assert expected in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "系统出错"), ("en", "Server error")]
)
def test_a_server_error_page_renders_without_context(rf: RequestFactory, language, expected):
    with translation.override(language):
        response = defaults.server_error(rf.get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert expected in page
    assert f'<html lang="{language}">' in page
    assert "Internal Server Error" not in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_language_switch_names_each_language_in_itself(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get("/no-such-page/").content.decode()

    assert '<option value="en" lang="en"' in page and ">English</option>" in page
    assert ">简体中文</option>" in page
    assert "英语" not in page
