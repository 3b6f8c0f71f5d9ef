import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { useEventListener, useIdle, useTimeoutFn } from '@vueuse/core'


/**
 * Page rotation for the wall: each page stays for its own dwell, any pointer or key activity pauses
 * rotation until `idleMs` pass without input, arrow / page keys page manually. Everything here is a
 * VueUse helper, so timers and listeners end with the component.
 */
export function useWallRotation(options: { dwellMs: MaybeRefOrGetter<number[]>; idleMs: number }) {
  const index = ref(0)
  /** Automatic advances since start (the soak script counts these). */
  const rotations = ref(0)
  const count = computed(() => toValue(options.dwellMs).length)
  const { idle } = useIdle(options.idleMs, {
    initialState: true,
    // Not 'resize' (VueUse's default): a wall being resized by its controller is not a person.
    events: ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart'],
    listenForVisibilityChange: false,
  })
  const paused = computed(() => !idle.value)

  function go(i: number): void {
    const n = count.value
    if (n > 0) index.value = ((i % n) + n) % n
  }
  const next = () => go(index.value + 1)
  const prev = () => go(index.value - 1)

  const dwell = computed(() => toValue(options.dwellMs)[index.value] ?? 30_000)
  const timer = useTimeoutFn(
    () => {
      rotations.value++
      next()
    },
    dwell,
    { immediate: false },
  )
  // A (re)armed timer per page: a page always gets its full dwell, also after a pause or a key.
  watch(
    [index, paused, count, dwell],
    () => {
      timer.stop()
      if (!paused.value && count.value > 1) timer.start()
    },
    { immediate: true },
  )
  watch(count, () => go(index.value))

  useEventListener(window, 'keydown', (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'PageDown') next()
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'PageUp') prev()
    else return
    e.preventDefault()
  })

  return { index, rotations, paused, go, next, prev }
}
