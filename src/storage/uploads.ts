/**
 * Uploaded files kept in the browser so they come back after a reload: the Origin Private File
 * System when there is one, else IndexedDB, else memory only. The bytes are the file as uploaded;
 * the metadata says how it was loaded, so restoring is replaying the loads in order.
 * DuckDB's own OPFS database file is deliberately not used (open data-loss bugs upstream).
 */
import type { Encoding } from '../csv/decode'
import type { LoadKind } from '../csv/kinds'
import type { OwnTable } from '../csv/ownTable'
import type { CoUnit, LoadMode } from '../db/load'

export interface StoredUpload {
  id: string
  /** Display name; starts as the file name, the user may rename it. */
  name: string
  /** Name of the file as uploaded (messages and issues refer to it). */
  fileName: string
  size: number
  addedAt: string
  /** Replay order. */
  seq: number
  kind: LoadKind
  mode: LoadMode
  encoding?: Encoding
  columns?: Record<string, string>
  /** Kind 'own': the table and fields the user defined. */
  own?: OwnTable
  coUnit?: CoUnit
}

export type StorageBackend = 'opfs' | 'indexeddb' | 'memory'

export interface UploadStorage {
  backend: StorageBackend
  list(): Promise<StoredUpload[]>
  /** The file as uploaded: a Blob (the File itself) is written without being read into memory. */
  put(meta: StoredUpload, data: Uint8Array | Blob): Promise<void>
  read(id: string): Promise<Uint8Array>
  update(meta: StoredUpload): Promise<void>
  remove(id: string): Promise<void>
}

/** The browser refused to store more (quota), with the size that did not fit. */
export class QuotaError extends Error {
  constructor(readonly size: number) {
    super('quota exceeded')
  }
}

export const sizeOf = (data: Uint8Array | Blob) => (data instanceof Blob ? data.size : data.length)
const asBytes = async (data: Uint8Array | Blob) => (data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data)

function isQuota(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22)
}

const DIR = 'eco-dashboard-uploads'
const INDEX = 'index.json'

async function opfsStorage(): Promise<UploadStorage | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return null
  let dir: FileSystemDirectoryHandle
  try {
    dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(DIR, { create: true })
  } catch {
    return null
  }
  const writeFile = async (name: string, data: Uint8Array | Blob | string) => {
    const handle = await dir.getFileHandle(name, { create: true })
    const w = await handle.createWritable()
    try {
      await w.write(typeof data === 'string' || data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>]))
      await w.close()
    } catch (e) {
      await w.abort().catch(() => undefined)
      throw e
    }
  }
  const readIndex = async (): Promise<StoredUpload[]> => {
    try {
      const f = await (await dir.getFileHandle(INDEX)).getFile()
      return JSON.parse(await f.text()) as StoredUpload[]
    } catch {
      return []
    }
  }
  // Index writes are serialised so two quick uploads cannot lose each other's entry.
  let chain: Promise<unknown> = Promise.resolve()
  const withIndex = <T>(fn: (index: StoredUpload[]) => Promise<[StoredUpload[], T]>): Promise<T> => {
    const next = chain.then(async () => {
      const [index, out] = await fn(await readIndex())
      await writeFile(INDEX, JSON.stringify(index))
      return out
    })
    chain = next.catch(() => undefined)
    return next
  }
  return {
    backend: 'opfs',
    list: readIndex,
    async put(meta, data) {
      try {
        await writeFile(`${meta.id}.bin`, data)
        await withIndex(async (index) => [[...index.filter((u) => u.id !== meta.id), meta], undefined])
      } catch (e) {
        await dir.removeEntry(`${meta.id}.bin`).catch(() => undefined)
        if (isQuota(e)) throw new QuotaError(sizeOf(data))
        throw e
      }
    },
    async read(id) {
      const f = await (await dir.getFileHandle(`${id}.bin`)).getFile()
      return new Uint8Array(await f.arrayBuffer())
    },
    update: (meta) => withIndex(async (index) => [index.map((u) => (u.id === meta.id ? meta : u)), undefined]),
    async remove(id) {
      await withIndex(async (index) => [index.filter((u) => u.id !== id), undefined])
      await dir.removeEntry(`${id}.bin`).catch(() => undefined)
    },
  }
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })
}

async function indexedDbStorage(): Promise<UploadStorage | null> {
  if (typeof indexedDB === 'undefined') return null
  const open = indexedDB.open(DIR, 1)
  open.onupgradeneeded = () => {
    open.result.createObjectStore('meta', { keyPath: 'id' })
    open.result.createObjectStore('bytes')
  }
  let idb: IDBDatabase
  try {
    idb = await request(open)
  } catch {
    return null
  }
  const tx = (stores: string[], mode: IDBTransactionMode) => idb.transaction(stores, mode)
  const done = (t: IDBTransaction) =>
    new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve()
      t.onabort = () => reject(t.error)
      t.onerror = () => reject(t.error)
    })
  return {
    backend: 'indexeddb',
    list: () => request(tx(['meta'], 'readonly').objectStore('meta').getAll() as IDBRequest<StoredUpload[]>),
    async put(meta, data) {
      try {
        const t = tx(['meta', 'bytes'], 'readwrite')
        // A full disk shows as a synchronous throw from put() or as the transaction's abort error.
        t.objectStore('bytes').put(data, meta.id)
        t.objectStore('meta').put(meta)
        await done(t)
      } catch (e) {
        if (isQuota(e)) throw new QuotaError(sizeOf(data))
        throw e
      }
    },
    async read(id) {
      return asBytes(await request(tx(['bytes'], 'readonly').objectStore('bytes').get(id) as IDBRequest<Uint8Array | Blob>))
    },
    async update(meta) {
      const t = tx(['meta'], 'readwrite')
      t.objectStore('meta').put(meta)
      await done(t)
    },
    async remove(id) {
      const t = tx(['meta', 'bytes'], 'readwrite')
      t.objectStore('meta').delete(id)
      t.objectStore('bytes').delete(id)
      await done(t)
    },
  }
}

export function memoryStorage(): UploadStorage {
  const meta = new Map<string, StoredUpload>()
  const bytes = new Map<string, Uint8Array | Blob>()
  return {
    backend: 'memory',
    list: async () => [...meta.values()],
    async put(m, b) {
      meta.set(m.id, m)
      bytes.set(m.id, b)
    },
    async read(id) {
      const b = bytes.get(id)
      if (!b) throw new Error(`no stored file ${id}`)
      return asBytes(b)
    },
    async update(m) {
      meta.set(m.id, m)
    },
    async remove(id) {
      meta.delete(id)
      bytes.delete(id)
    },
  }
}

let opened: Promise<UploadStorage> | null = null

/** OPFS, else IndexedDB, else memory (uploads then last until the tab closes). */
export function openUploadStorage(): Promise<UploadStorage> {
  opened ??= (async () => (await opfsStorage()) ?? (await indexedDbStorage()) ?? memoryStorage())()
  return opened
}

/** Ask the browser not to evict our storage under pressure; false when it declines. */
export async function requestPersistence(): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.persist) return false
    return (await navigator.storage.persisted()) || (await navigator.storage.persist())
  } catch {
    return false
  }
}
