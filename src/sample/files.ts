/**
 * The embedded sample, shipped as UTF-8 CSV and loaded through the same intake path as an upload.
 * `?url` makes Vite emit each file with a hashed name next to the app (no other origin).
 */
import ledgerUrl from '../../data/ledger.csv?url'
import airUrl from '../../data/air_quality_daily.csv?url'
import complaintsUrl from '../../data/complaints_monthly.csv?url'
import eventsUrl from '../../data/events.csv?url'
import enforcementUrl from '../../data/enforcement_yearly.csv?url'

export const SAMPLE_FILES: ReadonlyArray<{ fileName: string; url: string }> = [
  { fileName: 'ledger.csv', url: ledgerUrl },
  { fileName: 'air_quality_daily.csv', url: airUrl },
  { fileName: 'complaints_monthly.csv', url: complaintsUrl },
  { fileName: 'events.csv', url: eventsUrl },
  { fileName: 'enforcement_yearly.csv', url: enforcementUrl },
]
