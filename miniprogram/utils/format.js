// How numbers and periods read on the pages.

// score shows a score with at most two decimals: 97.35, 19.5, 10.
function score(value) {
  if (value === null || value === undefined) return ''
  return String(Math.round(value * 100) / 100)
}

// monthLabel reads '2026-11' as 2026年11月, with （最终） or （暂定）.
function monthLabel(period, final) {
  const [year, month] = String(period).split('-')
  return year + '年' + Number(month) + '月' + (final ? '（最终）' : '（暂定）')
}

// shortMonth reads '2026-11' as 26/11, for the chart's axis.
function shortMonth(period) {
  const [year, month] = String(period).split('-')
  return year.slice(2) + '/' + month
}

module.exports = { score, monthLabel, shortMonth }
