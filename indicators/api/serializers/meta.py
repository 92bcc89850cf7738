"""The API's representation of its caller (the /me endpoint)."""

from __future__ import annotations

from rest_framework import serializers


class TokenInfoSerializer(serializers.Serializer):
    client_name = serializers.CharField(label="客户端名称")
    read_only = serializers.BooleanField(label="只读")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    roles = serializers.ListField(child=serializers.CharField(), label="角色")
    unit = serializers.CharField(allow_null=True, label="所属单位")
    region = serializers.CharField(allow_null=True, label="所属区域代码")
    token = TokenInfoSerializer(allow_null=True, label="接口令牌")
