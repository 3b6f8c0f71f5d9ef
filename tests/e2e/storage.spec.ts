/**
 * Browser storage of uploads: a full disk is reported (not swallowed) and the data stays loaded for
 * the session; deleting an upload removes its bytes. (Surviving a reload: data.spec.ts, "uploads
 * come back after a reload".)
 */
import type { Page } from '@playwright/test'
import { airRows, AIR_HEADER } from '../fixtures/hostile/cases'
import { test, expect } from './fixtures'
import { card, openData, snapshot, sql, waitStatus } from './helpers/intake'

const small = { name: 'air-quota.csv', mimeType: 'text/csv', buffer: Buffer.from(`${AIR_HEADER}\n${airRows(3).join('\n')}\n`) }

/** Names of the files in the app's OPFS folder, and the origin's storage usage. */
async function stored(page: Page): Promise<{ files: string[]; usage: number }> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory()
    const dir = await root.getDirectoryHandle('eco-dashboard-uploads', { create: true })
    const files: string[] = []
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) files.push(name)
    return { files: files.sort(), usage: (await navigator.storage.estimate()).usage ?? 0 }
  })
}

test('OPFS quota exceeded: the upload is loaded for this session and the user is told it was not saved', async ({ page, guard }) => {
  await page.addInitScript(() => {
    // The disk is full for file contents (Blobs); the small JSON index still fits.
    const proto = FileSystemWritableFileStream.prototype
    const write = proto.write
    proto.write = function (this: FileSystemWritableFileStream, data: FileSystemWriteChunkType) {
      if (data instanceof Blob) return Promise.reject(new DOMException('The disk is full.', 'QuotaExceededError'))
      return write.call(this, data)
    }
  })
  await openData(page)
  await page.getByTestId('file-input').setInputFiles(small)
  await waitStatus(card(page, small.name))
  await expect(page.getByTestId('storage-error')).toHaveText('浏览器存储空间不足,文件“air-quota.csv”(0.0 MB)已加载但未保存,刷新页面后需重新上传')
  await expect(page.getByTestId('stored-row')).toHaveCount(0)
  expect(await sql(page, 'SELECT count(*)::INT FROM air_daily')).toEqual([['3']])
  // Nothing half-written is left behind.
  expect((await stored(page)).files.filter((f) => f.endsWith('.bin'))).toEqual([])
  expect(guard.pageErrors).toEqual([])
})

test('IndexedDB quota exceeded (no OPFS): reported the same way', async ({ page, guard }) => {
  await page.addInitScript(() => {
    Object.defineProperty(StorageManager.prototype, 'getDirectory', { value: undefined })
    const put = IDBObjectStore.prototype.put
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'bytes') throw new DOMException('The disk is full.', 'QuotaExceededError')
      return put.call(this, value, key)
    }
  })
  await openData(page)
  await expect(page.getByTestId('storage-backend')).toContainText('IndexedDB')
  await page.getByTestId('file-input').setInputFiles(small)
  await waitStatus(card(page, small.name))
  await expect(page.getByTestId('storage-error')).toHaveText('浏览器存储空间不足,文件“air-quota.csv”(0.0 MB)已加载但未保存,刷新页面后需重新上传')
  await expect(page.getByTestId('stored-row')).toHaveCount(0)
  expect(guard.pageErrors).toEqual([])
})

test('deleting an upload frees its storage', async ({ page, guard }) => {
  await openData(page)
  const sample = await snapshot(page)
  const empty = await stored(page)
  // About 3 MB, so the usage estimate sees it.
  const big = { name: 'air-3mb.csv', mimeType: 'text/csv', buffer: Buffer.from(`${AIR_HEADER}\n${airRows(150_000, Date.UTC(1700, 0, 1)).join('\n')}\n`) }
  await page.getByTestId('file-input').setInputFiles(big)
  await waitStatus(card(page, big.name), '已加载', 120_000)
  await expect(page.getByTestId('stored-row')).toHaveCount(1)
  const full = await stored(page)
  expect(full.files.filter((f) => f.endsWith('.bin'))).toHaveLength(1)
  expect(full.usage - empty.usage).toBeGreaterThan(big.buffer.length * 0.9)
  page.once('dialog', (d) => void d.accept())
  await page.getByTestId('delete').click()
  await expect(page.getByTestId('stored-row')).toHaveCount(0)
  // The sample comes back in place of the deleted upload.
  await expect.poll(() => snapshot(page), { timeout: 60_000 }).toEqual(sample)
  const after = await stored(page)
  expect(after.files.filter((f) => f.endsWith('.bin'))).toEqual([])
  expect(full.usage - after.usage).toBeGreaterThan(big.buffer.length * 0.9)
  expect(guard.pageErrors).toEqual([])
  console.log(`storage usage: empty ${empty.usage} B, with upload ${full.usage} B, after delete ${after.usage} B (file ${big.buffer.length} B)`)
})
