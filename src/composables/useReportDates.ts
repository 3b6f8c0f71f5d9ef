import { computed } from 'vue'
import { useQuery } from './useQuery'
import { eventsQuery, tableExists, type EventRow } from '../db/queries'

export interface ReportDates {
  events: EventRow[]
  /** Ledger progress date (event 'as_of'), else the newest air date. */
  asOf: string
  /** Default air statistics window: Jan 1 of the stats year .. 'air_stats_as_of' or the newest air date. */
  airFrom: string
  airTo: string
}

/** Dates the views anchor on, derived from the events dataset and the data extent. */
export function useReportDates() {
  const q = useQuery<ReportDates>(async (db) => {
    const events = (await tableExists(db, 'events')) ? await eventsQuery(db) : []
    const [ext] = (await tableExists(db, 'air_daily'))
      ? await db.query<{ last: string | null }>('SELECT max(date) AS last FROM air_daily WHERE aqi IS NOT NULL')
      : [{ last: null }]
    const byKey = (k: string) => events.find((e) => e.event === k)?.date ?? null
    const today = new Date().toISOString().slice(0, 10)
    const airTo = byKey('air_stats_as_of') ?? ext?.last ?? today
    const asOf = byKey('as_of') ?? ext?.last ?? today
    return { events, asOf, airFrom: `${airTo.slice(0, 4)}-01-01`, airTo }
  }, [], { lastFigures: 'reportDates' })
  return { ...q, ready: computed(() => q.data.value != null) }
}
