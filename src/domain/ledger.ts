/**
 * Rectification ledger metrics (DOMAIN.md §5). Pure module.
 * Status buckets: closed (已完成/已销号), in_progress (正在推进), long_term (长期坚持/需长期整改).
 */

export type LedgerStatus = 'closed' | 'in_progress' | 'long_term'

export interface LedgerItemLike {
  status: LedgerStatus
  /** ISO date or null. */
  deadline: string | null
  /** ISO date or null. */
  closedOn: string | null
}

export const STATUS_SYNONYMS: ReadonlyArray<[LedgerStatus, readonly string[]]> = [
  ['closed', ['已完成', '已销号', '整改销号', '已整改', '完成', '销号', '已办结', 'closed', 'done', 'completed']],
  ['long_term', ['长期坚持', '需长期整改', '长期整改', '持续整改', '长期', 'long-term', 'long_term', 'longterm', 'ongoing']],
  ['in_progress', ['正在推进', '推进中', '整改中', '未完成', '进行中', '在推进', 'in progress', 'in_progress', 'open']],
]

/** Map a free-text status onto a bucket; null when unknown (reported, never guessed). */
export function statusBucket(raw: string | null | undefined): LedgerStatus | null {
  const s = (raw ?? '').trim().toLowerCase()
  if (!s) return null
  for (const [bucket, words] of STATUS_SYNONYMS) if (words.includes(s)) return bucket
  return null
}

/** Completion rate = completed / total, in percent. Only completed items count. */
export function completionRate(items: readonly LedgerItemLike[]): number | null {
  if (items.length === 0) return null
  return (items.filter((i) => i.status === 'closed').length / items.length) * 100
}

/** Overdue: not completed and deadline before as-of; long-term items excluded. */
export function isOverdue(item: LedgerItemLike, asOf: string): boolean {
  return item.status === 'in_progress' && item.deadline != null && item.deadline < asOf
}

export function overdueCount(items: readonly LedgerItemLike[], asOf: string): number {
  return items.filter((i) => isOverdue(i, asOf)).length
}

/**
 * On-time rate = completed on or before deadline / items whose deadline has passed by as-of
 * (convention, DOMAIN.md §5). Long-term items are excluded.
 */
export function onTimeRate(items: readonly LedgerItemLike[], asOf: string): number | null {
  const due = items.filter((i) => i.status !== 'long_term' && i.deadline != null && i.deadline < asOf)
  if (due.length === 0) return null
  const onTime = due.filter((i) => i.status === 'closed' && i.closedOn != null && i.closedOn <= (i.deadline as string))
  return (onTime.length / due.length) * 100
}
