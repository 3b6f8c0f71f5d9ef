/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * The Content-Security-Policy the production build runs under (README shows it for nginx).
 * 'wasm-unsafe-eval' lets DuckDB compile its wasm; nothing else is evaluated, no inline script.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ')

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
  // `vite preview` serves the build the way production does, CSP included; the e2e suite runs against it.
  preview: { headers: { 'Content-Security-Policy': CSP } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/query/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
