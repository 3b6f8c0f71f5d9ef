/**
 * The ledger seen at a date and between two dates, built on the rules of ledger.ts (DOMAIN.md §5).
 * Pure module; src/db/compareQueries.ts computes the same in SQL and a query test holds them equal.
 *
 * - An item exists at d when it has no found_on date or found_on ≤ d.
 * - It is closed at d when closed_on ≤ d; an item marked closed without a closing date counts as
 *   closed from the ledger's as-of date on (that is all the ledger says about it).
 * - Otherwise it is long-term if the ledger says so, else in progress.
 * - Overdue at d: exists, not closed at d, not long-term, deadline < d (ledger.ts isOverdue at as-of).
 * - On-time at d: of the items whose deadline passed by d (long-term excluded), those closed on or
 *   before their deadline (ledger.ts onTimeRate at as-of).
 */
import type { LedgerItemLike, LedgerStatus } from './ledger'

export interface LedgerItemDated extends LedgerItemLike {
  foundOn: string | null
}

export const existsAt = (i: LedgerItemDated, d: string): boolean => i.foundOn == null || i.foundOn <= d

export function closedAt(i: LedgerItemDated, d: string, asOf: string): boolean {
  if (i.closedOn != null) return i.closedOn <= d
  return i.status === 'closed' && asOf <= d
}

export function statusAt(i: LedgerItemDated, d: string, asOf: string): LedgerStatus | null {
  if (!existsAt(i, d)) return null
  if (closedAt(i, d, asOf)) return 'closed'
  return i.status === 'long_term' ? 'long_term' : 'in_progress'
}

export interface LedgerAt {
  total: number
  closed: number
  in_progress: number
  long_term: number
}

export function ledgerAt(items: readonly LedgerItemDated[], d: string, asOf: string): LedgerAt {
  const out: LedgerAt = { total: 0, closed: 0, in_progress: 0, long_term: 0 }
  for (const i of items) {
    const s = statusAt(i, d, asOf)
    if (!s) continue
    out.total++
    out[s]++
  }
  return out
}

export interface LedgerBetween {
  start: LedgerAt
  end: LedgerAt
  /** Closed with a closing date inside [from, to]. */
  closedInside: number
  overdueAtEnd: number
  /** Items whose deadline passed by the end (long-term excluded): the on-time denominator. */
  dueAtEnd: number
  onTimeAtEnd: number
}

export function ledgerBetween(items: readonly LedgerItemDated[], from: string, to: string, asOf: string): LedgerBetween {
  let closedInside = 0
  let overdueAtEnd = 0
  let dueAtEnd = 0
  let onTimeAtEnd = 0
  for (const i of items) {
    if (i.closedOn != null && i.closedOn >= from && i.closedOn <= to) closedInside++
    if (!existsAt(i, to) || i.status === 'long_term' || i.deadline == null || i.deadline >= to) continue
    dueAtEnd++
    const closed = closedAt(i, to, asOf)
    if (!closed) overdueAtEnd++
    else if (i.closedOn != null && i.closedOn <= i.deadline) onTimeAtEnd++
  }
  return { start: ledgerAt(items, from, asOf), end: ledgerAt(items, to, asOf), closedInside, overdueAtEnd, dueAtEnd, onTimeAtEnd }
}
