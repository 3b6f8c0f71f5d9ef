/** Column mappings the user made, remembered per header row (localStorage). */
import { headerSignature, type ColumnMapping } from '../csv/inspect'

const KEY = 'eco-dashboard:column-mappings'

function readAll(): Record<string, ColumnMapping> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, ColumnMapping>
  } catch {
    return {}
  }
}

export function savedMapping(headers: readonly string[]): ColumnMapping | null {
  return readAll()[headerSignature(headers)] ?? null
}

export function saveMapping(headers: readonly string[], mapping: ColumnMapping): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...readAll(), [headerSignature(headers)]: mapping }))
  } catch {
    // Full or disabled storage: the mapping still applies to this load, it is just not remembered.
  }
}
