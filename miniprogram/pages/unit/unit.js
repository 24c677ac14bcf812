// The unit page: one unit's month (items, deductions paged) and its totals
// over the months as a line chart.
const api = require('../../utils/api.js')
const labels = require('../../utils/labels.js')
const format = require('../../utils/format.js')
const chart = require('../../utils/chart.js')

const CHART_ID = 'history'
// The chart's size in rpx, as in unit.wxss.
const CHART_RPX = { width: 642, height: 360 }

function header(unit) {
  const assessed = unit.rank !== null && unit.rank !== undefined && unit.total !== null && unit.total !== undefined
  return {
    name: unit.name,
    group: labels.groupLabel(unit.group),
    assessed,
    total: assessed ? format.score(unit.total) : '不参评',
    rank: assessed ? String(unit.rank) : '—',
    grade: assessed ? unit.grade : '',
    gradeLabel: assessed ? labels.gradeLabel(unit.grade) : '',
    bottom: unit.bottom === true,
    escalation: unit.escalation ? labels.escalationLabel(unit.escalation) : ''
  }
}

// items lists each item's score against its maximum; criticism is shown as
// the points it takes off.
function items(scores) {
  return labels.ITEMS.map(item => {
    const value = scores ? scores[item.key] : null
    const has = typeof value === 'number'
    return {
      key: item.key,
      label: item.label,
      subtracted: item.max === null,
      text: !has ? '—' : item.max === null ? '−' + format.score(value) : format.score(value) + ' / ' + item.max,
      percent: has && item.max ? Math.max(0, Math.min(100, Math.round((value / item.max) * 100))) : 0
    }
  })
}

function deduction(d) {
  return {
    rule: labels.ruleLabel(d.rule),
    points: format.score(d.points),
    ticket: d.ticket_id || '',
    waived: d.waived === true
  }
}

function chartSize() {
  const info = wx.getWindowInfo ? wx.getWindowInfo() : wx.getSystemInfoSync()
  const px = (info && info.windowWidth) || 375
  return { width: (CHART_RPX.width * px) / 750, height: (CHART_RPX.height * px) / 750 }
}

// draw replays the chart's geometry on a canvas context.
function draw(ctx, g) {
  ctx.clearRect(0, 0, g.width, g.height)
  ctx.setFontSize(10)
  ctx.setLineWidth(1)
  ctx.setStrokeStyle('#e0e0e0')
  ctx.setFillStyle('#888888')
  ctx.setTextAlign('right')
  g.yTicks.forEach(t => {
    ctx.beginPath()
    ctx.moveTo(g.plot.left, t.y)
    ctx.lineTo(g.plot.right, t.y)
    ctx.stroke()
    ctx.fillText(t.label, g.plot.left - 4, t.y + 3)
  })
  ctx.setTextAlign('center')
  g.xLabels.forEach(l => ctx.fillText(l.label, l.x, l.y))
  ctx.setStrokeStyle('#b71c1c')
  ctx.setLineWidth(2)
  g.segments.forEach(segment => {
    ctx.beginPath()
    segment.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)))
    ctx.stroke()
  })
  ctx.setFillStyle('#b71c1c')
  g.points.forEach(p => {
    ctx.beginPath()
    ctx.arc(p.x, p.y, 3, 0, 2 * Math.PI)
    ctx.fill()
  })
  ctx.draw()
}

Page({
  data: {
    unitId: '',
    month: '',
    monthLabel: '',
    unit: null,
    items: [],
    deductions: [],
    deductionsTotal: 0,
    nextCursor: null,
    loadingMore: false,
    moreError: '',
    history: [],
    historyError: '',
    state: 'loading', // loading | ready | error
    error: ''
  },

  onLoad(query) {
    this.setData({ unitId: query.unit || '', month: query.month || '' })
    return this.load()
  },

  onPullDownRefresh() {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  onReachBottom() {
    return this.loadMore()
  },

  // load reads the month's first page of deductions and the history; the
  // history failing leaves the month shown.
  load() {
    this.setData({ state: 'loading', error: '', moreError: '', historyError: '' })
    const month = api.unitMonth(this.data.month, this.data.unitId).then(body => this.showMonth(body))
    const history = api
      .history(this.data.unitId)
      .then(body => this.showHistory(body))
      .catch(err => this.setData({ history: [], historyError: err.message }))
    return Promise.all([month, history])
      // The canvas exists once the page has rendered the ready state.
      .then(() => new Promise(resolve => this.setData({ state: 'ready' }, resolve)))
      .then(() => this.drawHistory())
      .catch(err => this.setData({ state: 'error', error: err.message }))
  },

  showMonth(body) {
    const unit = body.unit || {}
    const page = body.deductions_page || {}
    wx.setNavigationBarTitle({ title: unit.name || '单位考核详情' })
    this.setData({
      monthLabel: format.monthLabel(body.period || this.data.month, body.final),
      unit: header(unit),
      items: items(unit.scores),
      deductions: (unit.deductions || []).map(deduction),
      deductionsTotal: page.total || 0,
      nextCursor: page.next_cursor || null
    })
  },

  showHistory(body) {
    this.setData({ history: body.months || [] })
  },

  loadMore() {
    if (!this.data.nextCursor || this.data.loadingMore) return Promise.resolve()
    this.setData({ loadingMore: true, moreError: '' })
    return api
      .unitMonth(this.data.month, this.data.unitId, this.data.nextCursor)
      .then(body => {
        const unit = body.unit || {}
        const page = body.deductions_page || {}
        this.setData({
          deductions: this.data.deductions.concat((unit.deductions || []).map(deduction)),
          deductionsTotal: page.total || this.data.deductionsTotal,
          nextCursor: page.next_cursor || null,
          loadingMore: false
        })
      })
      .catch(err => this.setData({ loadingMore: false, moreError: err.message }))
  },

  drawHistory() {
    if (this.data.history.length === 0) return
    const size = chartSize()
    draw(wx.createCanvasContext(CHART_ID, this), chart.geometry(this.data.history, size.width, size.height))
  }
})
