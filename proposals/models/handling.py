"""Proposal handling (提案办理): a proposal received, assigned (交办) to a lead unit (主办) with
co-units (会办) and a deadline, handled, answered, rated by its proposer, classed A/B/C/D and
closed (办结), or handled a second time (重新办理) after 不满意.

One `Handling` per proposal holds where it stands; every step is also a `HandlingStep` row (who,
when, what), and the rows that change are kept in history (simple-history). Every write goes
through `proposals/services/handling.py`, which holds the rules of each step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import Unit
from proposals.models.replies import Proposal, Reply

MAX_ROUNDS = 2  # the first handling and one second handling (重新办理)


class HandlingState(models.TextChoices):
    RECEIVED = "received", _("待交办")
    ASSIGNED = "assigned", _("交办")
    HANDLING = "handling", _("办理中")
    ANSWERED = "answered", _("已答复")
    EVALUATED = "evaluated", _("已评价")
    CLOSED = "closed", _("办结")


# States in which the lead unit still owes the proposer a reply: the deadline runs.
OPEN_STATES = (HandlingState.ASSIGNED, HandlingState.HANDLING)
# States in which a reply exists (published where publication is enabled).
ANSWERED_STATES = (HandlingState.ANSWERED, HandlingState.EVALUATED, HandlingState.CLOSED)


class ResultClass(models.TextChoices):
    A = "A", _("A类（已解决或采纳）")
    B = "B", _("B类（正在解决或列入计划解决）")
    C = "C", _("C类（因条件限制暂时不能解决）")
    D = "D", _("D类（留作参考）")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


def _user_fk(verbose_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Handling(models.Model):
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="handling"
    )
    text = models.TextField(_("提案内容"), blank=True)
    received_on = models.DateField(
        _("收到日期"), null=True, blank=True, help_text=_("种子数据中的答复未载明，留空")
    )
    state = models.CharField(
        _("办理状态"), max_length=20, choices=HandlingState.choices, default=HandlingState.RECEIVED
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_handlings",
    )
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    deadline = models.DateField(_("答复期限"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1, help_text=_("2 为重新办理"))
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("本轮答复"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_handlings",
    )
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    result_class = models.CharField(
        _("办理结果类别"), max_length=1, choices=ResultClass.choices, blank=True, default=""
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案办理")
        verbose_name_plural = _("提案办理")
        ordering = ["proposal__session", "proposal__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(round__gte=1) & Q(round__lte=MAX_ROUNDS), name="handling_round_range"
            ),
            # Once assigned, a proposal always has its lead unit and its deadline.
            models.CheckConstraint(
                condition=Q(state=HandlingState.RECEIVED)
                | Q(lead_unit__isnull=False, deadline__isnull=False)
                | Q(state__in=ANSWERED_STATES),
                name="handling_assigned_has_lead_and_deadline",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(assigned_on__isnull=True)
                | Q(deadline__gte=models.F("assigned_on")),
                name="handling_deadline_after_assignment",
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self):
        return gettext("%(proposal)s（%(state)s）") % {
            "proposal": self.proposal,
            "state": self.get_state_display(),
        }


class HandlingCoUnit(models.Model):
    """A co-unit (会办单位) of a proposal and its input (会办意见) for the lead unit."""

    handling = models.ForeignKey(
        Handling, verbose_name=_("提案办理"), on_delete=models.CASCADE, related_name="co_units"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("会办单位"), on_delete=models.PROTECT, related_name="co_handlings"
    )
    opinion = models.TextField(_("会办意见"), blank=True)
    opinion_by = _user_fk(_("填写人"))
    opinion_at = models.DateTimeField(_("填写时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会办单位")
        verbose_name_plural = _("会办单位")
        ordering = ["handling", "unit__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["handling", "unit"], name="handling_co_unit_once"),
        ]

    def __str__(self):
        return gettext("%(proposal)s 会办：%(unit)s") % {
            "proposal": self.handling.proposal,
            "unit": self.unit,
        }


class HandlingEvaluation(models.Model):
    """The proposer's two ratings of one round of handling (征询意见: attitude and result)."""

    handling = models.ForeignKey(
        Handling, verbose_name=_("提案办理"), on_delete=models.CASCADE, related_name="evaluations"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    attitude = models.CharField(_("对办理态度"), max_length=20, choices=Satisfaction.choices)
    result = models.CharField(_("对办理结果"), max_length=20, choices=Satisfaction.choices)
    note = models.TextField(_("提案人意见"), blank=True)
    recorded_by = _user_fk(_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理评价")
        verbose_name_plural = _("办理评价")
        ordering = ["handling", "round"]
        constraints = [
            models.UniqueConstraint(fields=["handling", "round"], name="evaluation_once_per_round"),
        ]

    def __str__(self):
        return gettext("%(proposal)s 第%(round)s轮评价") % {
            "proposal": self.handling.proposal,
            "round": self.round,
        }

    @property
    def unsatisfied(self) -> bool:
        return Satisfaction.UNSATISFIED in (self.attitude, self.result)


class HandlingStep(models.Model):
    """One step of a proposal's handling, as it happened: who did what, when, in which round."""

    class Action(models.TextChoices):
        RECEIVE = "receive", _("收到提案")
        ASSIGN = "assign", _("交办")
        START = "start", _("签收办理")
        CO_OPINION = "co_opinion", _("会办意见")
        ANSWER = "answer", _("答复")
        CLASSIFY = "classify", _("办理结果分类")
        EVALUATE = "evaluate", _("提案人评价")
        REHANDLE = "rehandle", _("重新办理")
        CLOSE = "close", _("办结")
        SEED = "seed", _("据已有答复登记")

    handling = models.ForeignKey(
        Handling, verbose_name=_("提案办理"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("步骤"), max_length=20, choices=Action.choices)
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    state_after = models.CharField(_("之后状态"), max_length=20, choices=HandlingState.choices)
    user = _user_fk(_("操作人"))
    at = models.DateTimeField(_("时间"))
    on = models.DateField(_("日期"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("答复"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")
        ordering = ["handling", "at", "id"]

    def __str__(self):
        return f"{self.handling.proposal} {self.get_action_display()}"
