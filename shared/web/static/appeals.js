// appeals.js: the month's cycle on the page (SPEC v1.1 §12).
//
// For a unit: on its own month page (app.js renders it), each deduction
// with an event has a cell that this file fills while the appeal window is
// open: an 申诉 button, or the state of its appeal. Below the deductions, the
// window and the unit's appeals with their outcomes, and the form of the
// appeal being written.
//
// For the centre (and admins): #/appeals, the queue of open appeals, oldest
// first, with the deduction, the ticket and the unit's reason, decided with
// 同意 / 驳回 and a note (and, for an overdue deduction, the unit the centre
// holds responsible, 四(二)3); the decided appeals below.
//
// Element ids (the end-to-end test uses them):
//   appeal-btn-EVENT-RULE       the 申诉 button of a deduction
//   appeal-form, appeal-reason, appeal-submit, appeal-error   the form
//   appeal-window               the window's line
//   unit-appeals                the unit's appeals (rows data-appeal, data-status)
//   withdraw-ID                 the 撤回申诉 button of an open appeal
//   appeal-queue                the centre's queue (items data-appeal)
//   decide-note-ID, decide-to-ID, grant-ID, reject-ID, decide-result-ID
//   appeals-decided             the decided appeals (rows data-appeal, data-status)
(function () {
  'use strict';
  var H = window.Hotline;
  var h = H.h;

  var STATUS = { open: '待处理', granted: '已同意', rejected: '已驳回', withdrawn: '已撤回' };
  var RULES = H.RULES;
  // The rules an appeal may name (SPEC §8): those whose deductions have an event.
  var APPEALABLE = ['late_return', 'noncompliant_return', 'overdue', 'supervision_rejected', 'meeting_absent', 'criticized'];

  function appealsURL(period) { return '/v1/months/' + encodeURIComponent(period) + '/appeals'; }

  // closing says when the window closes, as the office reads it: the last
  // day of the window, to 24:00.
  function closing(w) {
    if (!w || !w.closes_at) return '';
    var last = new Date(new Date(w.closes_at).getTime() - 1);
    return H.time(last.toISOString()).slice(0, 10) + ' 24:00';
  }

  function windowText(w) {
    if (!w || !w.published_at) return '本月结果尚未正式发布，发布后可在3个工作日内申诉。';
    if (w.open) return '申诉期至 ' + closing(w) + '（北京时间），请在此之前对有异议的扣分提出申诉。';
    return '申诉期已于 ' + closing(w) + ' 结束。';
  }

  function outcome(a) {
    var text = STATUS[a.status] || a.status;
    if (a.status === 'granted') text += a.correction_type === 'overdue_reassigned' ? '（超期责任改判至' + a.to_unit_id + '）' : '（扣分已核销）';
    return text;
  }

  function statusTag(a) {
    return h('span', { class: 'appeal-status ' + a.status, 'data-status': a.status, text: STATUS[a.status] || a.status });
  }

  // H.unitAppeals fills the unit page's appeal cells and its appeals
  // section (box) for the person signed in, for month period of unitId.
  H.unitAppeals = function (period, unitId, deductions, table, box) {
    var me = H.me;
    if (!me || !/^\d{4}-\d{2}$/.test(period)) return;
    var own = me.role === 'unit' && me.unit_id === unitId;
    if (!own && me.role !== 'centre' && me.role !== 'admin') return;
    H.send('GET', appealsURL(period)).then(function (res) {
      if (res.status !== 200 || !res.data) return; // a server without appeals: nothing to show
      render(period, unitId, deductions, table, box, res.data, own);
    });
  };

  function render(period, unitId, deductions, table, box, data, own) {
    var list = (data.appeals || []).filter(function (a) { return a.unit_id === unitId; });
    var byKey = {};
    list.forEach(function (a) { byKey[a.event_id + '|' + a.rule] = a; });
    var w = data.window || {};
    var form = h('div', { id: 'appeal-form-box' });
    if (table) {
      [].forEach.call(table.querySelectorAll('td[data-appeal-for]'), function (cell) {
        var key = cell.getAttribute('data-appeal-for');
        var parts = key.split('|');
        var a = byKey[key];
        cell.textContent = '';
        if (a) {
          cell.appendChild(statusTag(a));
        } else if (own && w.open && APPEALABLE.indexOf(parts[1]) >= 0 && cell.getAttribute('data-waived') !== 'true') {
          cell.appendChild(h('button', { type: 'button', class: 'appeal-btn', id: 'appeal-btn-' + parts[0] + '-' + parts[1], text: '申诉',
            onclick: function () { openForm(period, unitId, parts[0], parts[1], cell.getAttribute('data-ticket'), form, table, box, deductions); } }));
        }
      });
    }
    box.textContent = '';
    box.appendChild(h('h3', { id: 'h-appeals', text: '申诉' }));
    box.appendChild(h('p', { class: 'note', id: 'appeal-window', 'data-open': w.open ? 'true' : 'false', text: windowText(w) }));
    box.appendChild(form);
    if (!list.length) {
      box.appendChild(h('p', { text: '本月' + (own ? '本单位' : '该单位') + '尚无申诉。' }));
      return;
    }
    box.appendChild(h('div', { class: 'scroll' }, h('table', { class: 'list stack', id: 'unit-appeals', 'data-list': 'appeals' }, [
      h('thead', {}, h('tr', {}, ['申诉编号', '扣分', '工单编号', '申诉理由', '状态', '处理意见', '时间', ''].map(function (c) { return h('th', { scope: 'col', text: c }); }))),
      h('tbody', {}, list.map(function (a) {
        return h('tr', { 'data-appeal': a.id, 'data-status': a.status }, [
          h('td', { class: 'mono', text: a.id }),
          h('td', { text: (RULES[a.rule] || a.rule) + ' −' + H.num(a.points) }),
          h('td', { class: 'mono', text: a.ticket_id || '—' }),
          h('td', { class: 'reason', text: a.reason }),
          h('td', { text: outcome(a) }),
          h('td', { text: a.note || (a.status === 'open' ? '待中心处理' : '') }),
          h('td', { class: 'nowrap', text: '申诉 ' + H.time(a.filed_at) + (a.decided_at ? '；处理 ' + H.time(a.decided_at) : '') }),
          h('td', {}, own && a.status === 'open' ? h('button', { type: 'button', class: 'link-btn', id: 'withdraw-' + a.id, text: '撤回申诉',
            onclick: function () {
              H.send('POST', '/v1/appeals/' + encodeURIComponent(a.id) + '/withdraw').then(function () { refresh(period, unitId, deductions, table, box); });
            } }) : null)
        ]);
      }))
    ])));
  }

  function refresh(period, unitId, deductions, table, box) {
    H.changed();
    H.unitAppeals(period, unitId, deductions, table, box);
  }

  // openForm shows the form of an appeal of one deduction.
  function openForm(period, unitId, eventID, rule, ticket, form, table, box, deductions) {
    var reason = h('textarea', { id: 'appeal-reason', rows: 4, maxlength: 1000, 'aria-describedby': 'appeal-hint appeal-error' });
    var error = h('p', { class: 'field-error', id: 'appeal-error', role: 'alert', hidden: true });
    var submit = h('button', { type: 'submit', id: 'appeal-submit', text: '提交申诉' });
    var f = h('form', { id: 'appeal-form', class: 'appeal-form', novalidate: true }, [
      h('p', { text: '申诉扣分：' + (RULES[rule] || rule) + (ticket ? '，工单 ' + ticket : '') + '（记录 ' + eventID + '）' }),
      h('label', { for: 'appeal-reason', text: '申诉理由（1000字以内）' }),
      reason,
      h('p', { class: 'note', id: 'appeal-hint', text: '请写明理由和依据；不要填写群众的姓名、电话、住址等个人信息。' }),
      error,
      h('div', { class: 'actions' }, [submit, h('button', { type: 'button', class: 'link-btn', text: '取消', onclick: function () { form.textContent = ''; } })])
    ]);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      error.hidden = true;
      submit.disabled = true;
      H.send('POST', appealsURL(period), { event_id: eventID, rule: rule, reason: reason.value }).then(function (res) {
        submit.disabled = false;
        if (res.status === 201) {
          refresh(period, unitId, deductions, table, box);
          return;
        }
        error.textContent = (res.data && res.data.error && (res.data.error.message_zh || res.data.error.message)) || ('提交失败（HTTP ' + res.status + '）');
        error.hidden = false;
      }, function () {
        submit.disabled = false;
        error.textContent = '无法连接服务器，请稍后再试。';
        error.hidden = false;
      });
    });
    form.textContent = '';
    form.appendChild(f);
    reason.focus();
  }

  // ---- the centre's queue (#/appeals) ----

  function unitNames() {
    return H.getJSON('/v1/units').then(function (d) { return (d && d.units) || []; }, function () { return []; });
  }

  // recentMonths are the months published, newest first, at most n.
  function recentMonths(n) {
    return H.getJSON('/v1/months').then(function (d) {
      var list = ((d && d.periods) || []).filter(function (p) { return p.kind === 'month'; }).map(function (p) { return p.period; });
      return list.slice(0, n);
    }, function () { return []; });
  }

  H.views.appeals = function () {
    var me = H.me;
    if (!me || (me.role !== 'centre' && me.role !== 'admin')) {
      return Promise.resolve({ title: '申诉处理', nodes: [H.message('error', '需要中心账号', '申诉处理仅供中心工作人员使用，请先以中心账号登录。')] });
    }
    return Promise.all([recentMonths(3), unitNames()]).then(function (r) {
      var months = r[0], units = r[1];
      var names = {};
      units.forEach(function (u) { names[u.unit_id] = u.name; });
      return Promise.all(months.map(function (m) { return H.send('GET', appealsURL(m)); })).then(function (answers) {
        var all = [], windows = [];
        answers.forEach(function (res, i) {
          if (res.status !== 200 || !res.data) return;
          all = all.concat(res.data.appeals || []);
          windows.push([months[i], res.data.window]);
        });
        all.sort(function (a, b) { return a.filed_at < b.filed_at ? -1 : a.filed_at > b.filed_at ? 1 : (a.id < b.id ? -1 : 1); });
        return { title: '申诉处理', nodes: queue(all, windows, names, units) };
      });
    });
  };

  function queue(all, windows, names, units) {
    var open = all.filter(function (a) { return a.status === 'open'; });
    var decided = all.filter(function (a) { return a.status !== 'open'; });
    var nodes = [h('h2', { text: '申诉处理' })];
    windows.forEach(function (x) {
      nodes.push(h('p', { class: 'note', text: H.periodLabel(x[0]) + '：' + windowText(x[1]).replace('请在此之前对有异议的扣分提出申诉。', '') }));
    });
    nodes.push(h('h3', { text: '待处理申诉（' + open.length + '件，按申诉时间先后）' }));
    if (!open.length) nodes.push(h('p', { text: '当前没有待处理的申诉。' }));
    nodes.push(h('ol', { class: 'appeal-queue', id: 'appeal-queue' }, open.map(function (a) { return item(a, names, units); })));
    nodes.push(h('h3', { text: '已处理申诉' }));
    nodes.push(decided.length ? h('div', { class: 'scroll' }, h('table', { class: 'list stack', id: 'appeals-decided' }, [
      h('thead', {}, h('tr', {}, ['申诉编号', '单位', '扣分', '状态', '处理意见', '处理人', '处理时间'].map(function (c) { return h('th', { scope: 'col', text: c }); }))),
      h('tbody', {}, decided.map(function (a) {
        return h('tr', { 'data-appeal': a.id, 'data-status': a.status }, [
          h('td', { class: 'mono', text: a.id }), h('td', { text: names[a.unit_id] || a.unit_id }),
          h('td', { text: (RULES[a.rule] || a.rule) + ' −' + H.num(a.points) }), h('td', { text: outcome(a) }),
          h('td', { text: a.note || '' }), h('td', { text: a.decided_by || '' }), h('td', { class: 'nowrap', text: a.decided_at ? H.time(a.decided_at) : '' })
        ]);
      }))
    ])) : h('p', { text: '暂无。' }));
    return nodes;
  }

  function item(a, names, units) {
    var note = h('textarea', { id: 'decide-note-' + a.id, rows: 2, maxlength: 1000, 'aria-label': '处理意见' });
    var result = h('p', { class: 'form-result', id: 'decide-result-' + a.id, role: 'status' });
    var to = null;
    if (a.rule === 'overdue') {
      to = h('select', { id: 'decide-to-' + a.id, 'aria-label': '同意时的处理方式' }, [h('option', { value: '', text: '核销该扣分' })].concat(
        units.filter(function (u) { return u.unit_id !== a.unit_id; }).map(function (u) { return h('option', { value: u.unit_id, text: '超期责任改判至' + u.name }); })));
    }
    function decide(decision, button) {
      var body = { decision: decision, note: note.value };
      if (decision === 'granted' && to && to.value) body.to_unit_id = to.value;
      button.disabled = true;
      H.send('POST', '/v1/appeals/' + encodeURIComponent(a.id) + '/decision', body).then(function (res) {
        button.disabled = false;
        if (res.status === 200 && res.data) {
          H.changed();
          result.className = 'form-result ok';
          result.textContent = (decision === 'granted' ? '已同意' : '已驳回') +
            (res.data.recomputed ? '，已重新计算' + H.periodLabel(res.data.recomputed.period) + '，发布第' + res.data.recomputed.version + '版（暂定）。' : '。');
          li.setAttribute('data-status', res.data.status);
          return;
        }
        result.className = 'form-result error';
        result.textContent = (res.data && res.data.error && (res.data.error.message_zh || res.data.error.message)) || ('处理失败（HTTP ' + res.status + '）');
      });
    }
    var grant = h('button', { type: 'button', id: 'grant-' + a.id, class: 'grant-btn', text: '同意' });
    var reject = h('button', { type: 'button', id: 'reject-' + a.id, class: 'reject-btn', text: '驳回' });
    grant.addEventListener('click', function () { decide('granted', grant); });
    reject.addEventListener('click', function () { decide('rejected', reject); });
    var li = h('li', { class: 'appeal-item', 'data-appeal': a.id, 'data-status': a.status }, [
      h('p', { class: 'appeal-head' }, [h('strong', { text: names[a.unit_id] || a.unit_id }), ' · ' + H.periodLabel(a.month) + ' · ' + (RULES[a.rule] || a.rule) + ' −' + H.num(a.points) +
        (a.ticket_id ? ' · 工单 ' + a.ticket_id : '') + ' · 记录 ' + a.event_id]),
      h('p', { class: 'reason', text: '申诉理由：' + a.reason }),
      h('p', { class: 'note', text: '申诉人 ' + a.filed_by + '，' + H.time(a.filed_at) }),
      h('label', { for: 'decide-note-' + a.id, text: '处理意见（驳回时必填）' }), note,
      to ? h('label', { for: 'decide-to-' + a.id, text: '同意时' }) : null, to,
      h('div', { class: 'actions' }, [grant, reject]),
      result
    ]);
    return li;
  }
})();
