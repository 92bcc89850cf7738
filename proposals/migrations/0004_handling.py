"""Proposal handling (提案办理): the handling of each proposal, its co-units, the proposer's
ratings and the steps, with history. A proposal that already has a reply becomes 已答复 with its
latest reply (as proposals/seed_handling.py does for a fresh seed): no date of assignment,
deadline, rating or class is invented.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def answered_from_existing_replies(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Handling = apps.get_model("proposals", "Handling")
    HandlingStep = apps.get_model("proposals", "HandlingStep")
    now = timezone.now()
    for proposal in Proposal.objects.filter(replies__isnull=False).distinct():
        reply = proposal.replies.order_by("-signed_on", "-pk").first()
        answered_on = reply.issued_on or reply.signed_on
        handling = Handling.objects.create(
            proposal=proposal,
            state="answered",
            lead_unit_id=reply.handling_unit_id,
            reply=reply,
            answered_on=answered_on,
        )
        HandlingStep.objects.create(
            handling=handling,
            action="seed",
            round=1,
            state_after="answered",
            at=now,
            on=answered_on,
            unit_id=reply.handling_unit_id,
            reply=reply,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0005_taskreport_entered_by_blank'),
        ('proposals', '0003_reply_draft'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Handling',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(blank=True, verbose_name='提案内容')),
                ('received_on', models.DateField(blank=True, help_text='种子数据中的答复未载明，留空', null=True, verbose_name='收到日期')),
                ('state', models.CharField(choices=[('received', '待交办'), ('assigned', '交办'), ('handling', '办理中'), ('answered', '已答复'), ('evaluated', '已评价'), ('closed', '办结')], default='received', max_length=20, verbose_name='办理状态')),
                ('assigned_on', models.DateField(blank=True, null=True, verbose_name='交办日期')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='答复期限')),
                ('round', models.PositiveSmallIntegerField(default=1, help_text='2 为重新办理', verbose_name='办理轮次')),
                ('answered_on', models.DateField(blank=True, null=True, verbose_name='答复日期')),
                ('result_class', models.CharField(blank=True, choices=[('A', 'A类（已解决或采纳）'), ('B', 'B类（正在解决或列入计划解决）'), ('C', 'C类（因条件限制暂时不能解决）'), ('D', 'D类（留作参考）')], default='', max_length=1, verbose_name='办理结果类别')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='办结日期')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('lead_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='led_handlings', to='indicators.unit', verbose_name='主办单位')),
                ('proposal', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='handling', to='proposals.proposal', verbose_name='提案')),
                ('reply', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='answered_handlings', to='proposals.reply', verbose_name='本轮答复')),
            ],
            options={
                'verbose_name': '提案办理',
                'verbose_name_plural': '提案办理',
                'ordering': ['proposal__session', 'proposal__number'],
            },
        ),
        migrations.CreateModel(
            name='HandlingCoUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opinion', models.TextField(blank=True, verbose_name='会办意见')),
                ('opinion_at', models.DateTimeField(blank=True, null=True, verbose_name='填写时间')),
                ('handling', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='co_units', to='proposals.handling', verbose_name='提案办理')),
                ('opinion_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填写人')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='co_handlings', to='indicators.unit', verbose_name='会办单位')),
            ],
            options={
                'verbose_name': '会办单位',
                'verbose_name_plural': '会办单位',
                'ordering': ['handling', 'unit__order', 'unit__name'],
            },
        ),
        migrations.CreateModel(
            name='HandlingEvaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('round', models.PositiveSmallIntegerField(verbose_name='办理轮次')),
                ('attitude', models.CharField(choices=[('satisfied', '满意'), ('basically_satisfied', '基本满意'), ('unsatisfied', '不满意')], max_length=20, verbose_name='对办理态度')),
                ('result', models.CharField(choices=[('satisfied', '满意'), ('basically_satisfied', '基本满意'), ('unsatisfied', '不满意')], max_length=20, verbose_name='对办理结果')),
                ('note', models.TextField(blank=True, verbose_name='提案人意见')),
                ('recorded_at', models.DateTimeField(verbose_name='登记时间')),
                ('handling', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='proposals.handling', verbose_name='提案办理')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '办理评价',
                'verbose_name_plural': '办理评价',
                'ordering': ['handling', 'round'],
            },
        ),
        migrations.CreateModel(
            name='HandlingStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('receive', '收到提案'), ('assign', '交办'), ('start', '签收办理'), ('co_opinion', '会办意见'), ('answer', '答复'), ('classify', '办理结果分类'), ('evaluate', '提案人评价'), ('rehandle', '重新办理'), ('close', '办结'), ('seed', '据已有答复登记')], max_length=20, verbose_name='步骤')),
                ('round', models.PositiveSmallIntegerField(verbose_name='办理轮次')),
                ('state_after', models.CharField(choices=[('received', '待交办'), ('assigned', '交办'), ('handling', '办理中'), ('answered', '已答复'), ('evaluated', '已评价'), ('closed', '办结')], max_length=20, verbose_name='之后状态')),
                ('at', models.DateTimeField(verbose_name='时间')),
                ('on', models.DateField(verbose_name='日期')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('handling', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='proposals.handling', verbose_name='提案办理')),
                ('reply', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='proposals.reply', verbose_name='答复')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.unit', verbose_name='单位')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
            ],
            options={
                'verbose_name': '办理步骤',
                'verbose_name_plural': '办理步骤',
                'ordering': ['handling', 'at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalHandling',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('text', models.TextField(blank=True, verbose_name='提案内容')),
                ('received_on', models.DateField(blank=True, help_text='种子数据中的答复未载明，留空', null=True, verbose_name='收到日期')),
                ('state', models.CharField(choices=[('received', '待交办'), ('assigned', '交办'), ('handling', '办理中'), ('answered', '已答复'), ('evaluated', '已评价'), ('closed', '办结')], default='received', max_length=20, verbose_name='办理状态')),
                ('assigned_on', models.DateField(blank=True, null=True, verbose_name='交办日期')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='答复期限')),
                ('round', models.PositiveSmallIntegerField(default=1, help_text='2 为重新办理', verbose_name='办理轮次')),
                ('answered_on', models.DateField(blank=True, null=True, verbose_name='答复日期')),
                ('result_class', models.CharField(blank=True, choices=[('A', 'A类（已解决或采纳）'), ('B', 'B类（正在解决或列入计划解决）'), ('C', 'C类（因条件限制暂时不能解决）'), ('D', 'D类（留作参考）')], default='', max_length=1, verbose_name='办理结果类别')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='办结日期')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lead_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='indicators.unit', verbose_name='主办单位')),
                ('proposal', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='proposals.proposal', verbose_name='提案')),
                ('reply', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='proposals.reply', verbose_name='本轮答复')),
            ],
            options={
                'verbose_name': 'historical 提案办理',
                'verbose_name_plural': 'historical 提案办理',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalHandlingCoUnit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('opinion', models.TextField(blank=True, verbose_name='会办意见')),
                ('opinion_at', models.DateTimeField(blank=True, null=True, verbose_name='填写时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('handling', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='proposals.handling', verbose_name='提案办理')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('opinion_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填写人')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='indicators.unit', verbose_name='会办单位')),
            ],
            options={
                'verbose_name': 'historical 会办单位',
                'verbose_name_plural': 'historical 会办单位',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalHandlingEvaluation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('round', models.PositiveSmallIntegerField(verbose_name='办理轮次')),
                ('attitude', models.CharField(choices=[('satisfied', '满意'), ('basically_satisfied', '基本满意'), ('unsatisfied', '不满意')], max_length=20, verbose_name='对办理态度')),
                ('result', models.CharField(choices=[('satisfied', '满意'), ('basically_satisfied', '基本满意'), ('unsatisfied', '不满意')], max_length=20, verbose_name='对办理结果')),
                ('note', models.TextField(blank=True, verbose_name='提案人意见')),
                ('recorded_at', models.DateTimeField(verbose_name='登记时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('handling', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='proposals.handling', verbose_name='提案办理')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': 'historical 办理评价',
                'verbose_name_plural': 'historical 办理评价',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name='handling',
            index=models.Index(fields=['state', 'deadline'], name='proposals_h_state_f989c8_idx'),
        ),
        migrations.AddConstraint(
            model_name='handling',
            constraint=models.CheckConstraint(condition=models.Q(('round__gte', 1), ('round__lte', 2)), name='handling_round_range'),
        ),
        migrations.AddConstraint(
            model_name='handling',
            constraint=models.CheckConstraint(condition=models.Q(('state', 'received'), models.Q(('deadline__isnull', False), ('lead_unit__isnull', False)), ('state__in', ('answered', 'evaluated', 'closed')), _connector='OR'), name='handling_assigned_has_lead_and_deadline'),
        ),
        migrations.AddConstraint(
            model_name='handling',
            constraint=models.CheckConstraint(condition=models.Q(('deadline__isnull', True), ('assigned_on__isnull', True), ('deadline__gte', models.F('assigned_on')), _connector='OR'), name='handling_deadline_after_assignment'),
        ),
        migrations.AddConstraint(
            model_name='handlingcounit',
            constraint=models.UniqueConstraint(fields=('handling', 'unit'), name='handling_co_unit_once'),
        ),
        migrations.AddConstraint(
            model_name='handlingevaluation',
            constraint=models.UniqueConstraint(fields=('handling', 'round'), name='evaluation_once_per_round'),
        ),
        migrations.RunPython(answered_from_existing_replies, migrations.RunPython.noop),
    ]
