import { defineStore } from 'pinia'
import { ref } from 'vue'

/** The active analysis period (ISO dates, inclusive) and the reference as-of date of the ledger. */
export const usePeriodStore = defineStore('period', () => {
  const from = ref<string | null>(null)
  const to = ref<string | null>(null)
  const asOf = ref<string | null>(null)
  /** True once the user (or the URL) chose a period; defaults then no longer overwrite it. */
  const chosen = ref(false)

  function setDefaults(d: { from: string; to: string; asOf: string }): void {
    asOf.value = d.asOf
    if (chosen.value) return
    from.value = d.from
    to.value = d.to
  }

  function choose(f: string, t: string): void {
    chosen.value = true
    ;[from.value, to.value] = f <= t ? [f, t] : [t, f]
  }

  return { from, to, asOf, chosen, setDefaults, choose }
})
