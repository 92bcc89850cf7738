"""The admin of who may do what: staff profiles (a unit or a region) and REST API tokens.
Every save goes through indicators/catalogue/services/access.py."""

from django.contrib import admin, messages
from django.utils.html import format_html

from indicators import models
from indicators.admin.service_forms import (
    ServiceAdminMixin,
    admin_reason,
    copy_saved,
    current,
    picked,
)
from indicators.catalogue.services import access
from indicators.catalogue.services.tokens import api_token_revoke


@admin.register(models.Profile)
class ProfileAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["user", "unit", "region"]
    autocomplete_fields = ["unit", "region"]
    save_service = "indicators.catalogue.services.access.profile_save"
    delete_service = "indicators.catalogue.services.access.profile_delete"

    def run_save(self, *, request, form):
        return access.profile_save(
            user=request.user,
            profile=current(form),
            fields=picked(form, access.PROFILE_FIELDS),
            reason=admin_reason(form, "用户资料"),
        )

    def run_delete(self, *, request, obj):
        access.profile_delete(user=request.user, profile=obj, reason="后台删除用户资料")


@admin.register(models.ApiToken)
class ApiTokenAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """REST API tokens (indicators/catalogue/services/tokens.py): the key is shown once, when the token is
    created; afterwards a token can be renamed or revoked, never read back, changed or deleted
    (a revoked token stays, so that what it did remains traceable)."""

    list_display = [
        "client_name",
        "user",
        "read_only",
        "key_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["client_name", "user__username", "key_prefix"]
    actions = ["revoke_tokens"]
    save_service = "indicators.catalogue.services.access.api_token_save"
    new_fields = ["client_name", "user", "read_only"]
    shown_fields = ["key_prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return self.new_fields if obj is None else self.new_fields + self.shown_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "read_only", *self.shown_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def save_token(*, request, form):
        """The token and, when it is new, its key (see access.api_token_save)."""
        data = form.cleaned_data
        return access.api_token_save(
            user=request.user,
            token=current(form),
            client_name=data.get("client_name"),
            for_user=data.get("user"),
            read_only=data.get("read_only", True),
        )

    def run_save(self, *, request, form):
        return self.save_token(request=request, form=form)[0]

    def save_model(self, request, obj, form, change):
        # Not the form's dry run: the key of a new token is kept for response_add to show.
        token, request._wzsci_new_api_key = self.save_token(request=request, form=form)
        copy_saved(obj, token)

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_wzsci_new_api_key", None)
        if key:
            messages.warning(
                request,
                format_html(
                    "已为“{}”创建接口令牌。密钥只显示这一次，请立即复制并交给对方妥善保存："
                    '<code style="user-select:all">{}</code>'
                    "（请求头：Authorization: Token &lt;密钥&gt;）",
                    obj.client_name,
                    key,
                ),
            )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="撤销所选令牌（立即失效）")
    def revoke_tokens(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token)
            revoked += 1
        self.message_user(request, f"已撤销 {revoked} 个令牌。")
