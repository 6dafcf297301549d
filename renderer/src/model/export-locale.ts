// The locale an export starts with: the page's language, with the browser's
// region when they are the same language. A Brazilian admin on pt-BR gets
// pt-BR (";" and a decimal comma, Portuguese column names); one in Portugal
// keeps pt-PT; an admin whose browser says en-US but who picked Deutsch in
// the language menu gets de, so the column names follow the page.
import type { Locale } from '../i18n/catalogue.ts'

function base(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? ''
}

export function exportLocale(page: Locale, browser: string | undefined): string {
  // The pseudo-locale is for finding clipped text; its numbers and column names are English.
  const language = page === 'en-XA' ? 'en' : page
  if (browser !== undefined && browser !== '' && base(browser) === base(language)) return browser
  return language === 'en' ? 'en-US' : language
}
