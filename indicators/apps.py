from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("指标与目标")

    def ready(self):
        # The pure chart builders print a few words of their own (status words, legend entries):
        # they read them through Django's translation, in the language of the request.
        from django.utils.translation import gettext

        from common import words

        words.use(gettext)
