"""The academy's own step of SAML sign-in, mounted ahead of allauth's URLs so it
answers refusals (a replayed assertion) with a page."""

from django.urls import path

from .sso import views

urlpatterns = [
    path(
        "saml/<str:organization_slug>/acs/finish/",
        views.finish_acs,
        name="saml_finish_acs",
    ),
]
