/**
 * Dataset kinds recognised by their headers (Chinese and English synonyms) and the canonical
 * table each loads into. Pure module: no Vue, no DuckDB.
 */

export type FieldType = 'text' | 'number' | 'date' | 'month' | 'datetime'

export interface FieldDef {
  key: string
  type: FieldType
  /** Header spellings, compared after normalizeHeader(). */
  synonyms: readonly string[]
  required?: boolean
}

export type KindKey = 'ledger' | 'air_daily' | 'air_hourly' | 'complaints_monthly' | 'events' | 'enforcement_yearly'

/** A known kind, or 'own': a table the user named and typed in the mapping form (csv/ownTable.ts). */
export type LoadKind = KindKey | 'own'

export interface KindDef {
  key: LoadKind
  /** Canonical table the kind loads into. */
  table: string
  fields: readonly FieldDef[]
  /** Fields that identify a row, for deduplicated append. */
  keyFields: readonly string[]
}

const f = (key: string, type: FieldType, synonyms: string[], required = false): FieldDef => ({ key, type, synonyms, required })

const POLLUTANTS = (o3: FieldDef): FieldDef[] => [
  f('aqi', 'number', ['aqi', '空气质量指数', 'aqi指数']),
  f('pm25', 'number', ['pm2.5', 'pm25', 'pm2_5', 'pm2.5浓度', '细颗粒物', 'pm2.5_24h', 'pm2.5-24h']),
  f('pm10', 'number', ['pm10', 'pm10浓度', '可吸入颗粒物', 'pm10_24h', 'pm10-24h']),
  o3,
  f('no2', 'number', ['no2', 'no₂', '二氧化氮', 'no2_24h']),
  f('so2', 'number', ['so2', 'so₂', '二氧化硫', 'so2_24h']),
  f('co', 'number', ['co', '一氧化碳', 'co_24h']),
]

export const KINDS: readonly KindDef[] = [
  {
    key: 'ledger',
    table: 'ledger',
    keyFields: ['no'],
    fields: [
      f('no', 'text', ['序号', '编号', '问题编号', '问题序号', 'no', 'no.', 'id', 'number', 'item']),
      f('aspect', 'text', ['方面', '类别', '问题类别', '问题方面', 'aspect', 'category']),
      f('grp', 'text', ['问题分组', '分组', '问题类型', 'group']),
      f('title', 'text', ['问题表现', '问题', '问题描述', '反馈问题', '存在问题', 'title', 'problem', 'issue'], true),
      f('measures', 'text', ['整改措施', '整改情况', '措施', '整改进展', 'measures', 'actions']),
      f('leader', 'text', ['责任领导', '牵头领导', 'leader', 'responsible leader']),
      f('unit', 'text', ['责任单位', '责任科室', '责任部门', '牵头单位', '责任科室/单位', 'unit', 'responsible unit', 'department']),
      f('person', 'text', ['责任人', 'person', 'responsible person', 'owner']),
      f('deadline', 'date', ['整改时限', '完成时限', '时限', '整改期限', '计划完成时间', 'deadline', 'due', 'due date']),
      f('status_raw', 'text', ['整改状态', '状态', '完成情况', '整改进度', 'status', 'state'], true),
      f('closed_on', 'date', ['完成时间', '销号时间', '完成(销号)时间', '完成销号时间', '办结时间', 'closed', 'closed on', 'closing date', 'completed on']),
      f('evidence', 'text', ['佐证材料', '佐证', 'evidence']),
      f('found_on', 'date', ['发现时间', '反馈时间', '交办时间', 'found on', 'found', 'reported on']),
      f('note', 'text', ['备注', '说明', 'note', 'notes', 'remark']),
    ],
  },
  {
    key: 'air_daily',
    table: 'air_daily',
    keyFields: ['date'],
    fields: [
      f('date', 'date', ['日期', '监测日期', '时间', 'date', 'day'], true),
      ...POLLUTANTS(f('o3_8h', 'number', ['o3_8h', 'o3-8h', 'o38h', 'o3_8h_max', 'o3(8h)', '臭氧8小时', '臭氧日最大8小时', 'o3_8h_24h', 'o3'])),
      f('primary_pollutant', 'text', ['首要污染物', 'primary pollutant', 'primary']),
      f('level', 'text', ['质量等级', '空气质量等级', '等级', '级别', '质量类别', 'level', 'category', 'quality']),
    ],
  },
  {
    key: 'air_hourly',
    table: 'air_hourly',
    keyFields: ['station', 'time'],
    fields: [
      f('station', 'text', ['站点', '站点名称', '监测点', '点位', '监测站', 'station', 'site', 'station name'], true),
      f('time', 'datetime', ['时间', '监测时间', '日期时间', 'datetime', 'time', 'timestamp'], true),
      ...POLLUTANTS(f('o3', 'number', ['o3', 'o3_1h', 'o3-1h', '臭氧', '臭氧1小时'])),
    ],
  },
  {
    key: 'complaints_monthly',
    table: 'complaints_monthly',
    keyFields: ['month'],
    fields: [
      f('month', 'month', ['月份', '月', '统计月份', 'month'], true),
      f('received', 'number', ['接到', '收到', '来件', '接件', '投诉件数', '信访件数', 'received'], true),
      f('accepted', 'number', ['受理', '已受理', 'accepted']),
      f('closed', 'number', ['办结', '已办结', 'closed', 'resolved']),
      f('replied', 'number', ['回复', '已回复', 'replied']),
    ],
  },
  {
    key: 'events',
    table: 'events',
    keyFields: ['event'],
    fields: [
      f('event', 'text', ['事件', 'event', '节点'], true),
      f('date', 'date', ['日期', 'date'], true),
      f('label', 'text', ['说明', '描述', 'label', 'description']),
    ],
  },
  {
    key: 'enforcement_yearly',
    table: 'enforcement_yearly',
    keyFields: ['year'],
    fields: [
      f('year', 'number', ['年份', '年度', 'year'], true),
      f('reminders', 'number', ['义务催告', '催告', 'payment reminders', 'reminders'], true),
      f('court_applications', 'number', ['申请强制执行', '申请法院强制执行', 'court applications', 'court']),
      f('open_cases', 'number', ['未结案件', 'open cases']),
      f('closed_cases', 'number', ['已结案件', 'closed cases']),
    ],
  },
]

export const kindByKey = (key: KindKey): KindDef => KINDS.find((k) => k.key === key) as KindDef

/** Lower case, no spaces, no units in brackets, no separators: 'PM2.5(μg/m³)' → 'pm25'. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[（(][^)）]*[)）]/g, (m) => (/^[（(](8h|1h|24h)[)）]$/.test(m) ? m.slice(1, -1) : ''))
    .replace(/[\s_\-.·/\\:：]/g, '')
}

/** Separate columns a date or time can be assembled from when the file has no single date column. */
export const DATE_PARTS = ['year', 'month', 'day', 'hour'] as const
export type DatePart = (typeof DATE_PARTS)[number]
const PART_SYNONYMS: Record<DatePart, readonly string[]> = {
  year: ['年', '年份', 'year', 'yyyy'],
  month: ['月', '月份', 'month', 'mm'],
  day: ['日', '日期(日)', 'day', 'dd'],
  hour: ['时', '小时', '时刻', 'hour', 'hh'],
}

/** Key under which HeaderMatch.columns holds the column of one part of a date field: 'time.hour'. */
export const partKey = (field: string, part: DatePart) => `${field}.${part}`

export interface HeaderMatch {
  kind: KindDef
  /** field key → index of the source column */
  columns: Record<string, number>
  missingRequired: string[]
  score: number
}

export function matchKind(kind: KindDef, headers: readonly string[]): HeaderMatch {
  const norm = headers.map(normalizeHeader)
  const columns: Record<string, number> = {}
  const used = new Set<number>()
  for (const field of kind.fields) {
    // The field's own name too: a table exported by this app (Parquet, CSV) reads back column for column.
    const syn = [field.key, ...field.synonyms].map(normalizeHeader)
    const idx = norm.findIndex((h, i) => !used.has(i) && syn.includes(h))
    if (idx >= 0) {
      columns[field.key] = idx
      used.add(idx)
    }
  }
  // No single date column: year / month / day (/ hour for a date-time) columns make one.
  for (const field of kind.fields) {
    if (field.key in columns || (field.type !== 'date' && field.type !== 'datetime')) continue
    const parts: DatePart[] = field.type === 'datetime' ? ['year', 'month', 'day', 'hour'] : ['year', 'month', 'day']
    const found = parts.map((p) => norm.findIndex((h, i) => !used.has(i) && PART_SYNONYMS[p].map(normalizeHeader).includes(h)))
    if (found.every((i) => i >= 0)) {
      parts.forEach((p, j) => {
        columns[partKey(field.key, p)] = found[j] as number
        used.add(found[j] as number)
      })
    }
  }
  const hasField = (key: string) => key in columns || partKey(key, 'year') in columns
  const missingRequired = kind.fields.filter((fd) => fd.required && !hasField(fd.key)).map((fd) => fd.key)
  const matched = Object.keys(columns).length
  return { kind, columns, missingRequired, score: missingRequired.length ? 0 : matched / Math.max(headers.length, 1) + matched / kind.fields.length }
}

/** Best kind for a header row, or null ("other": the user maps columns by hand). */
export function detectKind(headers: readonly string[]): HeaderMatch | null {
  const matches = KINDS.map((k) => matchKind(k, headers)).filter((m) => m.score > 0)
  matches.sort((a, b) => b.score - a.score)
  const best = matches[0]
  // Air data needs at least one pollutant besides the date.
  if (best && (best.kind.key === 'air_daily' || best.kind.key === 'air_hourly')) {
    const hasValue = ['aqi', 'pm25', 'pm10', 'o3_8h', 'o3', 'no2', 'so2', 'co'].some((k) => k in best.columns)
    if (!hasValue) return null
  }
  return best ?? null
}
