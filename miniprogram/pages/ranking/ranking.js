// The home page: one month's ranking of one group, picked by month and tab.
const api = require('../../utils/api.js')
const labels = require('../../utils/labels.js')
const format = require('../../utils/format.js')

// row is what a ranking row shows of a unit.
function row(unit) {
  const assessed = unit.rank !== null && unit.rank !== undefined && unit.total !== null && unit.total !== undefined
  return {
    unitId: unit.unit_id,
    name: unit.name,
    assessed,
    rank: assessed ? unit.rank : '—',
    total: assessed ? format.score(unit.total) : '不参评',
    grade: assessed ? unit.grade : '',
    gradeLabel: assessed ? labels.gradeLabel(unit.grade) : '',
    bottom: unit.bottom === true,
    escalation: unit.escalation ? labels.escalationLabel(unit.escalation) : ''
  }
}

Page({
  data: {
    groups: labels.GROUPS,
    group: labels.GROUPS[0].key,
    months: [],
    monthLabels: [],
    monthIndex: 0,
    rows: [],
    state: 'loading', // loading | ready | empty | error
    error: ''
  },

  onLoad() {
    return this.load()
  },

  onPullDownRefresh() {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  // load reads the published months, keeps the picked one when it is still
  // published, then its ranking.
  load() {
    this.setData({ state: 'loading', error: '' })
    const picked = this.data.months[this.data.monthIndex]
    return api
      .months()
      .then(body => {
        const months = (body.periods || []).filter(p => p.kind === 'month')
        if (months.length === 0) {
          this.setData({ months: [], monthLabels: [], rows: [], state: 'empty' })
          return null
        }
        const kept = picked ? months.findIndex(m => m.period === picked.period) : -1
        this.setData({
          months,
          monthLabels: months.map(m => format.monthLabel(m.period, m.final)),
          monthIndex: kept >= 0 ? kept : 0
        })
        return this.loadRanking()
      })
      .catch(err => this.fail(err))
  },

  loadRanking() {
    const month = this.data.months[this.data.monthIndex]
    if (!month) return Promise.resolve()
    this.setData({ state: 'loading', error: '' })
    return api
      .ranking(month.period, this.data.group)
      .then(body => {
        const rows = (body.units || []).map(row)
        this.setData({ rows, state: rows.length ? 'ready' : 'empty' })
      })
      .catch(err => this.fail(err))
  },

  fail(err) {
    this.setData({ rows: [], state: 'error', error: err.message })
  },

  onMonthChange(e) {
    this.setData({ monthIndex: Number(e.detail.value) })
    return this.loadRanking()
  },

  onGroupTap(e) {
    const group = e.currentTarget.dataset.group
    if (group === this.data.group) return Promise.resolve()
    this.setData({ group })
    return this.loadRanking()
  },

  onRowTap(e) {
    const month = this.data.months[this.data.monthIndex]
    const unit = e.currentTarget.dataset.unit
    wx.navigateTo({
      url: '/pages/unit/unit?unit=' + encodeURIComponent(unit) + '&month=' + encodeURIComponent(month.period)
    })
  }
})
