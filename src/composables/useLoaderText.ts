import { useI18n } from 'vue-i18n'
import { loaderText, type LoaderMessage } from '../i18n/loader'

/** Intake messages in the current UI language (the loader also keeps a Chinese copy for reports). */
export function useLoaderText() {
  const { locale } = useI18n()
  return (msg: LoaderMessage | null | undefined, fallback: string | null = null): string | null =>
    msg ? loaderText(msg, locale.value === 'en' ? 'en' : 'zh') : fallback
}
