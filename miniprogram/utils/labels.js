// The Chinese of the API's pinned values: the same words as
// shared/score/labels.go and the web pages (shared/web/static).

const GROUPS = [
  { key: 'town_street', label: '镇街' },
  { key: 'department', label: '区直部门' }
]

const GRADES = {
  excellent: '优秀',
  good: '良好',
  pass: '达标',
  fail: '不达标'
}

const ESCALATIONS = {
  notice: '区政府办公室通报批评',
  interview_deputy: '区委组织部分管副部长约谈分管负责人',
  interview_principal: '区委组织部部长及区政府分管领导约谈主要负责人'
}

// The items in the order of the method, with their maximum; criticism is
// subtracted and has none.
const ITEMS = [
  { key: 'organization', label: '组织机构建设', max: 10 },
  { key: 'late_returns', label: '回退件', max: 10 },
  { key: 'noncompliant_returns', label: '不合规工单', max: 10 },
  { key: 'overdue', label: '超期件', max: 20 },
  { key: 'supervision', label: '督办件', max: 10 },
  { key: 'result_satisfaction', label: '办理结果满意率', max: 20 },
  { key: 'process_satisfaction', label: '服务过程满意率', max: 20 },
  { key: 'criticism', label: '通报批评', max: null }
]

// The rules behind deductions (H.RULES of shared/web/static/core.js).
const RULES = {
  late_return: '超过1个工作日回退',
  noncompliant_return: '未与反映人联系直接回退',
  overdue: '超期件',
  supervision_rejected: '督办件回复仍不符合办结条件',
  meeting_absent: '无故不参加调度会/协调会/现场办公会',
  criticized: '通报批评',
  organization: '组织机构建设',
  result_satisfaction: '办理结果满意率低于全区平均',
  process_satisfaction: '服务过程满意率低于全区平均'
}

function groupLabel(key) {
  const group = GROUPS.find(g => g.key === key)
  return group ? group.label : key || ''
}

function gradeLabel(key) {
  return GRADES[key] || key || ''
}

function escalationLabel(key) {
  return ESCALATIONS[key] || key || ''
}

function ruleLabel(key) {
  return RULES[key] || key || ''
}

module.exports = { GROUPS, GRADES, ESCALATIONS, ITEMS, RULES, groupLabel, gradeLabel, escalationLabel, ruleLabel }
