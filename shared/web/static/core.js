// core.js: what every part of the page shares, as window.Hotline: the
// element builder, the API calls (getJSON, send), the formats of periods,
// numbers and times, the messages, the person signed in and the registry
// of views. app.js (the ranking, the unit pages, signing in), desk.js
// (the centre's desk), appeals.js and imports.js build on it; it is loaded
// first.
(function () {
  'use strict';

  var SVGNS = 'http://www.w3.org/2000/svg';

  // h builds an element: h('td', {class: 'n'}, ['text', child]).
  function h(tag, attrs, kids, ns) {
    var el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    [].concat(kids === undefined ? [] : kids).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return el;
  }
  function s(tag, attrs, kids) { return h(tag, attrs, kids, SVGNS); }

  // revalidate is set once this page has changed something published (a
  // recompute): from then on every read asks the server again rather than
  // the browser's cache (a provisional result may be kept for 60 s).
  var revalidate = false;
  var changeListeners = [];

  function getJSON(url) {
    var opts = { credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (revalidate) opts.cache = 'no-cache';
    return fetch(url, opts).then(function (r) {
      return r.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { /* not JSON */ }
        if (!r.ok) {
          var err = new Error((data && data.error && (data.error.message_zh || data.error.message)) || ('HTTP ' + r.status));
          err.status = r.status;
          throw err;
        }
        if (data === null) throw new Error('服务器返回的不是有效数据');
        return data;
      });
    });
  }

  // send makes a request that changes something (POST, DELETE) on the
  // page's own origin, with the session cookie; it resolves to the status,
  // the JSON body (or null) and the headers, whatever the status. body is
  // sent as JSON, or, a FormData, as multipart/form-data (the browser
  // writes its Content-Type with the boundary).
  function send(method, url, body) {
    var opts = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (typeof FormData !== 'undefined' && body instanceof FormData) {
      opts.body = body;
    } else if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
        return { status: r.status, data: data, headers: r.headers };
      });
    });
  }

  function periodLabel(p) {
    var m = /^(\d{4})-(\d{2})$/.exec(p || '');
    if (m) return m[1] + '年' + Number(m[2]) + '月';
    return /^\d{4}$/.test(p || '') ? p + '年度' : String(p);
  }
  function num(v) { return v === null || v === undefined ? '—' : String(Math.round(v * 100) / 100); }
  function total(v) { return v === null || v === undefined ? '—' : Number(v).toFixed(2); }
  function pct(v) { return v === null || v === undefined ? '—' : (v * 100).toFixed(2) + '%'; }
  // time shows an RFC 3339 instant in Beijing time, 2026-10-05 14:35.
  function time(at) {
    var t = Date.parse(at);
    if (isNaN(t)) return at || '—';
    var d = new Date(t + 8 * 3600 * 1000);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return d.getUTCFullYear() + '-' + two(d.getUTCMonth() + 1) + '-' + two(d.getUTCDate()) +
      ' ' + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes());
  }
  function message(kind, title, text) {
    return h('div', { class: kind, role: kind === 'error' ? 'alert' : null }, [
      h('p', { class: 'msg-title', text: title }), text ? h('p', { text: text }) : null
    ]);
  }
  // failure explains why subject (e.g. 2026年10月排名) could not be shown.
  function failure(subject, err) {
    if (err && err.status === 404) return message('empty', subject + '：暂无数据。', '该考核期或单位尚未计算结果，请选择其他考核期。');
    var detail = err && err.status ? '（HTTP ' + err.status + '：' + err.message + '）' : '（' + ((err && err.message) || '网络错误') + '）';
    return message('error', '无法加载' + subject + detail, '请检查网络后刷新页面重试；如仍无法显示，请联系区长热线服务中心。');
  }


  window.Hotline = {
    h: h, s: s, getJSON: getJSON, send: send,
    periodLabel: periodLabel, num: num, total: total, pct: pct, time: time,
    message: message, failure: failure,
    ROLES: { admin: '管理员', centre: '中心', unit: '承办单位' },
    // The event types of SPEC §3, and the values of their fields, as the
    // office reads them (四(二), 六(一), 六(二) of the method).
    EVENT_TYPES: {
      assigned: '交办', returned: '申请回退', return_rejected: '回退申请被驳回', replied: '办理回复',
      supervised: '督办', supervision_rejected: '督办回复不符合办结条件', meeting_absent: '无故缺席会议',
      callback: '回访', unreasonable_approved: '不合理诉求（市平台审核通过）', redo: '退回重办',
      overdue_reassigned: '超期责任认定', criticized: '通报批评', org_assessed: '组织机构建设评定',
      deduction_waived: '核销扣分', retracted: '撤回误录记录'
    },
    // The rules of SPEC §8 that deductions name, as the method words them.
    RULES: {
      late_return: '超过1个工作日回退',
      noncompliant_return: '未与反映人联系直接回退',
      overdue: '超期件',
      supervision_rejected: '督办件回复仍不符合办结条件',
      meeting_absent: '无故不参加调度会/协调会/现场办公会',
      criticized: '通报批评',
      organization: '组织机构建设',
      result_satisfaction: '办理结果满意率低于全区平均',
      process_satisfaction: '服务过程满意率低于全区平均'
    },
    MEETINGS: [['dispatch', '调度会'], ['coordination', '协调会'], ['onsite', '现场办公会']],
    // 六(二) of the method: the reasons of a notice of criticism.
    CRITICISMS: [
      ['not_handled', '未按要求办理', '无特殊原因，对转办件和群众反映的问题不及时认真处理，办理不到位或推诿扯皮，在职责范围内却以种种理由不办的'],
      ['repeatedly_urged', '多次催办仍未办理', '未按规定时间办理和反馈，被催办多次的'],
      ['false_result', '虚报办理结果', '反馈的办理结果与实际处理情况严重不符，且造成不良影响或后果的'],
      ['unreasonable_not_reported', '不合理诉求未及时上报', '应在平台上报不合理诉求而未及时上报，影响全区群众满意率或造成不良后果的'],
      ['service_complaint', '服务态度被投诉', '群众对承办单位或工作人员服务过程不满意进行投诉，经查实的']
    ],
    // 六(一) of the method: the reasons a ticket is handled again.
    REDOS: [
      ['false_report', '反馈内容与实际不符', '反馈内容与实际办理情况不符的，如夸大办理效果、弄虚作假、答非所问、敷衍搪塞的'],
      ['poor_quality', '办理质量不符合要求', '办理质量不符合要求的，如避重就轻、做表面文章、欺上瞒下的'],
      ['buck_passing', '互相推诿、拖延不办', '承办单位以职责界定不清、地域划分不清等理由互相推诿、拖延不办的'],
      ['callback_dissatisfied', '回访不满意被退回', '通过回访，群众对办理结果不满意，市长热线平台退回的']
    ],
    // optionLabel is the short label of value in a list of
    // [value, label, the method's words], or value itself.
    optionLabel: function (list, value) {
      for (var i = 0; i < list.length; i++) if (list[i][0] === value) return list[i][1];
      return value;
    },
    // me is the account signed in (GET /v1/session), or null; app.js keeps it.
    me: null,
    // views are the pages other files add, by the first part of the hash
    // (#/desk): each is function (params) returning a promise of
    // {nodes, title}; app.js shows them as it shows its own.
    views: {},
    // changed says that this page changed what is published (the desk's
    // recompute): the files drop what they keep (onChange) and reads skip
    // the browser's cache from then on.
    changed: function () {
      revalidate = true;
      changeListeners.forEach(function (f) { f(); });
    },
    onChange: function (f) { changeListeners.push(f); }
  };
})();
