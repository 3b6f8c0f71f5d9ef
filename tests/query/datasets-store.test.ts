/**
 * The datasets store's contract for other views: loadFile persists and announces, restoreFromStorage
 * replays stored uploads (and is safe to call again), deleteUpload puts the table back, quota errors
 * are reported. Real DuckDB (Node build) behind the engine; storage in memory.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryStorage, QuotaError, type UploadStorage } from '../../src/storage/uploads'
import type * as Uploads from '../../src/storage/uploads'
import { openNodeDb } from '../helpers/node-db'

const storage: UploadStorage & { full: boolean } = Object.assign(memoryStorage(), { full: false })
const put = storage.put
storage.put = async (meta, bytes) => {
  if (storage.full) throw new QuotaError(bytes instanceof Blob ? bytes.size : bytes.length)
  return put(meta, bytes)
}

// onEngineLost exists once engine recovery is merged; unused here.
vi.mock('../../src/db/engine', () => ({ getEngine: async () => ({ db: await openNodeDb(), startMs: 0 }), onEngineLost: () => () => undefined }))
vi.mock('../../src/sample/files', () => ({ SAMPLE_FILES: [] }))
vi.mock('../../src/storage/uploads', async (importOriginal) => ({
  ...(await importOriginal<typeof Uploads>()),
  openUploadStorage: async () => storage,
  requestPersistence: async () => true,
}))

const { CHANNEL_NAME, useDatasetsStore } = await import('../../src/stores/datasets')
const bytes = (s: string) => new TextEncoder().encode(s)
const daily = (rows: string) => bytes(`日期,PM2.5\n${rows}`)

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('datasets store', () => {
  it('persists uploads, announces them, and restores them idempotently', async () => {
    const heard: unknown[] = []
    const other = new BroadcastChannel(CHANNEL_NAME)
    other.onmessage = (e) => heard.push(e.data)
    const store = useDatasetsStore()
    await store.start()
    const r = await store.loadFile('a.csv', daily('2024-01-01,10\n2024-01-02,11\n'))
    expect(r.ok).toBe(true)
    await store.loadFile('b.csv', daily('2024-01-02,20\n2024-01-03,21\n'), { mode: 'append' })
    expect(store.uploads.map((u) => [u.fileName, u.mode, u.kind])).toEqual([['a.csv', 'replace', 'air_daily'], ['b.csv', 'append', 'air_daily']])
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'datasets-changed' }, { type: 'datasets-changed' }]))
    const rows = async () => (store.db as NonNullable<typeof store.db>).query('SELECT date, pm25 FROM air_daily ORDER BY date')
    const expected = [{ date: '2024-01-01', pm25: 10 }, { date: '2024-01-02', pm25: 20 }, { date: '2024-01-03', pm25: 21 }]
    expect(await rows()).toEqual(expected)
    await store.restoreFromStorage()
    await Promise.all([store.restoreFromStorage(), store.restoreFromStorage()])
    expect(await rows()).toEqual(expected)
    expect(store.datasets.air_daily?.rows).toBe(3)

    await store.deleteUpload(store.uploads[1]?.id as string)
    expect(await rows()).toEqual([{ date: '2024-01-01', pm25: 10 }, { date: '2024-01-02', pm25: 11 }])
    other.close()
  })

  it('stores the uploaded File itself, not a copy of its bytes, and restores from it', async () => {
    const store = useDatasetsStore()
    await store.start()
    const content = daily('2024-02-01,7\n2024-02-02,8\n')
    const file = new Blob([content.slice()])
    const r = await store.loadFile('f.csv', content, { original: file })
    expect(r.ok).toBe(true)
    const id = store.uploads.find((u) => u.fileName === 'f.csv')?.id as string
    expect(store.uploads.find((u) => u.id === id)?.size).toBe(file.size)
    expect(new TextDecoder().decode(await storage.read(id))).toBe('日期,PM2.5\n2024-02-01,7\n2024-02-02,8\n')
    await store.restoreFromStorage()
    expect(await (store.db as NonNullable<typeof store.db>).query('SELECT date, pm25 FROM air_daily ORDER BY date')).toEqual([
      { date: '2024-02-01', pm25: 7 },
      { date: '2024-02-02', pm25: 8 },
    ])
  })

  it('reports a full storage and still loads the file', async () => {
    const store = useDatasetsStore()
    await store.start()
    storage.full = true
    const r = await store.loadFile('big.csv', daily('2024-02-01,5\n'))
    storage.full = false
    expect(r.ok).toBe(true)
    expect(store.storageError).toBe('浏览器存储空间不足,文件“big.csv”(0.0 MB)已加载但未保存,刷新页面后需重新上传')
    expect(store.datasets.air_daily?.fileName).toBe('big.csv')
  })
})
