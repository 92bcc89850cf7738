from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Profile, Region, Unit
from indicators.roles import Role
from wzsci.passwords import DEMO_PASSWORD

# One account per role, for a first look after `make run`. Never for a real deployment.
DEMO_ACCOUNTS = [
    # username, role, unit, region, description
    ("leader", Role.LEADERSHIP, None, None, "领导（只读仪表盘）"),
    ("bureau", Role.BUREAU_STAFF, "市科技局", None, "部门填报员（市科技局）"),
    # Bound to its region (its actuals) and to its county government (its part of the tasks
    # that list "各县（市、区）政府" among their responsible units).
    ("county", Role.COUNTY_STAFF, "鹿城区政府", "鹿城区", "县区填报员（鹿城区）"),
    ("reviewer", Role.REVIEWER, "市科技局", None, "审核员（市科技局）"),
    ("admin", Role.ADMINISTRATOR, None, None, "系统管理员"),
]


class Command(BaseCommand):
    help = (
        "Create the role groups and one demo account per role, and print the logins. "
        "Refused when DEBUG is off (a server) unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="create them even when DEBUG is off (their password is published)",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            # Their password is in README: on a server they would be open doors.
            raise CommandError(
                _(
                    "DEBUG 已关闭（生产环境）：演示账号的密码是公开的，未创建。"
                    "服务器请用 python manage.py setup --production 创建第一个管理员；"
                    "如确需演示账号，请加 --force。"
                )
            )
        User = get_user_model()
        for role in Role:
            Group.objects.get_or_create(name=role.value)
        self.stdout.write("演示账号（仅供试用）：")
        for username, role, unit_name, region_name, description in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = role == Role.ADMINISTRATOR
            user.save()
            user.groups.set([Group.objects.get(name=role.value)])
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "unit": Unit.objects.filter(name=unit_name).first() if unit_name else None,
                    "region": Region.objects.filter(name=region_name).first()
                    if region_name
                    else None,
                },
            )
            self.stdout.write(f"  {username:<10} 密码 {DEMO_PASSWORD}   {description}")
