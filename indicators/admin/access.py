"""The admin of who may do what: staff profiles (a unit or a region) and REST API tokens."""

from django.contrib import admin, messages
from django.utils.html import format_html

from indicators import models
from indicators.api.auth.tokens import api_token_revoke, assign_new_key


@admin.register(models.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "region"]
    autocomplete_fields = ["unit", "region"]


@admin.register(models.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """REST API tokens (indicators/api/auth/tokens.py): the key is shown once, when the token is
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
    new_fields = ["client_name", "user", "read_only"]
    shown_fields = ["key_prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return self.new_fields if obj is None else self.new_fields + self.shown_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "read_only", *self.shown_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request._wzsci_new_api_key = assign_new_key(obj)
        super().save_model(request, obj, form, change)

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
