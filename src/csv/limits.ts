/** How big a file the intake takes (an upload, or a dataset at a URL). Pure module. */
import type { LoaderMessage } from '../i18n/loader'

/**
 * Largest file accepted. Loading takes about twice the file in memory (bytes, then DuckDB's table),
 * and a tab has a few GB at most; bigger files are refused from File.size before any byte is read.
 */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`

export function tooLargeMessage(file: { name: string; size: number }, limit = MAX_UPLOAD_BYTES): LoaderMessage | null {
  return file.size > limit ? { key: 'tooLarge', params: { file: file.name, size: mb(file.size), limit: mb(limit) } } : null
}

