/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  // Relative base: the built folder can be dropped under any intranet path.
  base: './',
  resolve: {
    // PapaParse's own minified build breaks its inline worker after re-minification (MEASURED.md).
    alias: { papaparse: 'papaparse/papaparse.js' },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/query/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
