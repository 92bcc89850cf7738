"""Who a person or a REST client is to wzsci: a staff account's unit or region, API tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import Region, Unit


class Profile(models.Model):
    """What a staff account is bound to: bureau staff to a unit, county staff to a region.

    The role itself is the user's Django group (see indicators/roles.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("用户资料")
        verbose_name_plural = _("用户资料")

    def __str__(self):
        return str(self.user)


class ApiToken(models.Model):
    """A REST client's key (the API, issue 7). It acts as its user: the user's role and unit/region apply.

    Only a SHA-256 digest of the key is stored; the key itself is shown once, when an administrator
    creates the token (indicators/catalogue/services/tokens.py). A revoked token is kept, so its use stays traceable.
    """

    client_name = models.CharField(_("客户端名称"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代表用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("令牌以该用户的身份访问：该用户的角色和所属单位、区域同样适用"),
    )
    read_only = models.BooleanField(
        _("只读"), default=True, help_text=_("只读令牌的任何写入请求都会被拒绝")
    )
    key_prefix = models.CharField(_("密钥前缀"), max_length=16, editable=False)
    key_digest = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return gettext("%(client)s（%(prefix)s…）") % {
            "client": self.client_name,
            "prefix": self.key_prefix,
        }

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
