/**
 * Files at an HTTP(S) URL read in slices: the Range reader hyparquet needs for Parquet, and the one
 * response check every fetch of data goes through. Runs in a worker (parquet.worker.ts) or inline.
 */
import { asyncBufferFromUrl, type AsyncBuffer } from 'hyparquet'

/**
 * The last 64 KB hold the footer of most Parquet files (hyparquet asks again for a bigger one); its
 * default 512 KB would be the whole of a small partition. A file no bigger than this is fetched whole.
 */
export const FOOTER_FETCH = 1 << 16

/** A non-2xx answer, or an HTML page where data was expected, is an error naming the URL. */
export function checkResponse(url: string, res: Response): void {
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  // A dev server or an SPA host answers a missing file with index.html (200): never take that for data.
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`${url}: 服务器返回的是网页而不是数据文件`)
}

/** What travelled for one remote file. */
export interface Transfer {
  /** Size of the file on the server. */
  size: number
  /** Bytes received (range answers, or the whole file). */
  fetched: number
  /** GET requests made (a HEAD for the size is not counted). */
  requests: number
}

/**
 * A URL as a file hyparquet can slice: its size from a HEAD (or, where HEAD is refused, as signed
 * object-store URLs do, from a one-byte Range GET), then one Range request per slice. A server that
 * ignores Range sends the whole file once, and the slices are cut from it.
 */
export async function rangeFile(url: string, signal?: AbortSignal): Promise<{ file: AsyncBuffer; transfer: Transfer }> {
  const transfer: Transfer = { size: 0, fetched: 0, requests: 0 }
  const counted = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const res = await fetch(input, { ...init, signal, credentials: 'same-origin' })
    checkResponse(url, res)
    transfer.requests++
    transfer.fetched += Number(res.headers.get('content-length')) || 0
    return res
  }
  const head = await fetch(url, { method: 'HEAD', signal, credentials: 'same-origin' })
  if (head.ok || head.status === 404) checkResponse(url, head)
  let byteLength = head.ok ? Number(head.headers.get('content-length')) || 0 : 0
  if (!byteLength) {
    const probe = await counted(url, { headers: { Range: 'bytes=0-0' } })
    const total = /\/(\d+)\s*$/.exec(probe.headers.get('content-range') ?? '')
    if (probe.status !== 206 || !total) {
      const whole = await probe.arrayBuffer()
      transfer.size = whole.byteLength
      return { file: whole, transfer }
    }
    byteLength = Number(total[1])
  }
  if (byteLength <= FOOTER_FETCH) {
    // The footer read would fetch all of it anyway: one request instead of several.
    const whole = await (await counted(url)).arrayBuffer()
    transfer.size = whole.byteLength
    return { file: whole, transfer }
  }
  transfer.size = byteLength
  return { file: keepTail(await asyncBufferFromUrl({ url, byteLength, fetch: counted })), transfer }
}

/**
 * The first slice that reaches the end of the file (the footer read) is kept, and later slices take
 * what they need of it instead of fetching those bytes again (the last row group usually overlaps it).
 */
export function keepTail(file: AsyncBuffer): AsyncBuffer {
  let tail: { start: number; bytes: ArrayBuffer } | null = null
  return {
    byteLength: file.byteLength,
    async slice(start: number, end = file.byteLength): Promise<ArrayBuffer> {
      if (tail && start >= tail.start) return tail.bytes.slice(start - tail.start, end - tail.start)
      if (tail && end > tail.start) {
        const out = new Uint8Array(end - start)
        out.set(new Uint8Array(await file.slice(start, tail.start)), 0)
        out.set(new Uint8Array(tail.bytes, 0, end - tail.start), tail.start - start)
        return out.buffer
      }
      const bytes = await file.slice(start, end)
      if (!tail && end === file.byteLength) tail = { start, bytes }
      return bytes
    },
  }
}
