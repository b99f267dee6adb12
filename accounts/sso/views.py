"""The SAML assertion consumer's last step, answering a refusal with a page."""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.providers.saml.views import FinishACSView
from django.utils.decorators import method_decorator

from .refusals import SsoRefused, refusal_response


@method_decorator(login_not_required, name="dispatch")
class AcademyFinishACSView(FinishACSView):
    def dispatch(self, request, organization_slug):
        try:
            return super().dispatch(request, organization_slug)
        except SsoRefused as refusal:
            return refusal_response(request, refusal)


finish_acs = AcademyFinishACSView.as_view()
