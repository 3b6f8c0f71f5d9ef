import { createI18n } from 'vue-i18n'
import { en, zh } from './messages'

export type Locale = 'zh' | 'en'

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('locale') : null
const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.hash.split('?')[1] ?? '').get('lang') : null
const initial: Locale = fromUrl === 'en' || fromUrl === 'zh' ? fromUrl : saved === 'en' ? 'en' : 'zh'

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh',
  messages: { zh, en },
})

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  localStorage.setItem('locale', l)
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'
}
