"""The reviewer's pages: the queue of what waits for review (approve or return many at once)
and closing or reopening a reporting year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.display import change_text, shown_pair, year_change_text
from common.numbers import figure_decimals
from common.periods import period_label
from indicators import rules as entry_rules
from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.entry.forms import ReviewForm
from indicators.entry.validation import outlier_message
from indicators.entry.views.common import forbidden, page_context, redirect_to, role_text
from indicators.models import Actual, TaskReport


@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request):
    """What waits for review, oldest first; approve or return many at once."""
    user = request.user
    if not user.has_perm(entry_rules.USE_REVIEW):
        return forbidden(
            request,
            gettext("您的账号角色为“%(role_text)s”，审核只由审核员进行。")
            % {"role_text": role_text(user)},
        )
    year = request.GET.get("year") or ""
    year_int = int(year) if year.isascii() and year.isdigit() else None
    queue = list(entry_selectors.review_queue(year=year_int))
    reports = list(entry_selectors.report_review_queue(year=year_int))
    errors: list[str] = []
    if request.method == "POST":
        kind = request.POST.get("kind", "actuals")
        allowed = [a.pk for a in queue] if kind == "actuals" else [r.pk for r in reports]
        form = ReviewForm(request.POST, allowed_ids=allowed)
        if form.is_valid():
            data = form.cleaned_data
            versions = {
                pk: request.POST.get(f"version-{pk}")
                for pk in data["ids"]
                if request.POST.get(f"version-{pk}")
            }
            try:
                done = services.review_many(
                    user=user,
                    model=Actual if kind == "actuals" else TaskReport,
                    ids=data["ids"],
                    action=data["action"],
                    comment=data["comment"],
                    expected_versions=versions,
                )
            except services.ServiceError as exc:
                errors = (
                    [m for ms in exc.details.values() for m in ms] if exc.details else [exc.message]
                )
                if exc.details and len(errors) > 1:
                    errors.insert(0, gettext("本次操作全部未生效："))
            else:
                verb = gettext("审核通过") if data["action"] == "approve" else gettext("退回")
                messages.success(
                    request, gettext("已%(verb)s %(len)s 条。") % {"verb": verb, "len": len(done)}
                )
                return redirect_to("entry:review_queue", year=year)
        else:
            errors = [m for ms in form.errors.values() for m in ms]
    rows = queue_rows(queue)
    return render(
        request,
        "indicators/entry/review_queue.html",
        page_context(
            request,
            rows=rows,
            reports=reports,
            years=entry_selectors.entry_years(),
            year=year_int,
            errors=errors,
            posted_ids={int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit()}
            if request.method == "POST"
            else set(),
            posted_comment=request.POST.get("comment", "") if request.method == "POST" else "",
        ),
    )


def queue_rows(queue) -> list[dict]:
    """Each queued value with its period and vintage, last year's value of the same period, the
    change, the year's target, the outlier check and, for a later vintage of a full year, the
    vintage before it and the change from it.

    The value and its target are shown by the dashboards' rule (common/display.py: at least the
    indicator's decimals, thousand separators); a change from last year above the outlier
    threshold (the very check that asks the enterer for an explanation,
    indicators/entry/validation.py) is marked, in words as well as colour.
    """
    last_values = entry_selectors.last_year_values(queue)
    targets = entry_selectors.queue_targets(queue)
    earlier = entry_selectors.earlier_vintages(queue)
    rows = []
    for actual in queue:
        indicator = actual.indicator
        key = (actual.indicator_id, actual.region_id, actual.year)
        last = last_values.get((*key, actual.period))
        target = targets.get(key)
        before = earlier.get(actual.pk)
        pair = shown_pair(
            actual.value,
            target.value if target else None,
            symbol=target.comparator if target else "",
            decimals=indicator.decimals,
        )
        # A percentage moves by 个百分点 (2.6 → 2.61: +0.01 个百分点), anything else by its
        # relative change (common/display.py).
        change = year_change_text(
            actual.value, last.value if last else None, indicator.unit_of_measure
        )
        outlier = outlier_message(
            indicator=indicator, value=actual.value, last=last.value if last else None
        )
        rows.append(
            {
                "actual": actual,
                "period": period_label(actual.year, actual.period),
                "vintage": actual.get_vintage_display() if actual.period == 12 else "",
                "before": before,
                "vintage_change": change_text(
                    actual.value - before.value,
                    indicator.unit_of_measure,
                    max(figure_decimals(actual.value), figure_decimals(before.value)),
                )
                if before is not None
                else "",
                "last": last,
                "change": change,
                "shown_value": pair.actual,
                "target": target,
                "shown_target": pair.target if target else "",
                "outlier": outlier,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def years(request):
    """Close a reporting year (no edits until reopened) or reopen it."""
    user = request.user
    if not user.has_perm(entry_rules.USE_REVIEW):
        return forbidden(
            request,
            gettext("您的账号角色为“%(role_text)s”，关闭或重新开启年度由审核员进行。")
            % {"role_text": role_text(user)},
        )
    rows = entry_selectors.year_rows()
    if request.method == "POST":
        action = request.POST.get("action")
        year = request.POST.get("year", "")
        if action == "close" and not request.POST.get("confirm"):
            # The first press only asks: the page shows what closing means and a checkbox.
            row = next((r for r in rows if str(r.year) == year), None)
            if row is None or row.closure is not None:
                messages.error(request, _("未知的年度或该年度已关闭。"))
                return HttpResponseRedirect(reverse("entry:years"))
            return render(
                request,
                "indicators/entry/years.html",
                page_context(request, rows=rows, confirm_row=row),
            )
        try:
            if action == "close":
                services.year_close(user=user, year=year)
                messages.success(
                    request,
                    _("%(year)s年度已关闭：该年度的数值和任务进展报告不能再修改或审核。")
                    % {"year": year},
                )
            elif action == "reopen":
                services.year_reopen(user=user, year=year)
                messages.success(request, _("%(year)s年度已重新开启。") % {"year": year})
            else:
                messages.error(request, _("未知的操作。"))
        except services.ServiceError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("entry:years"))
    return render(
        request,
        "indicators/entry/years.html",
        page_context(request, rows=rows),
    )
