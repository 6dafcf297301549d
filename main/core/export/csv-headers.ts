// CSV column names in the six languages of the app (issue 20). The English
// header is the message id, as gettext does it: the column sets (exports.ts,
// capacity-csv.ts) keep declaring their English header, which is what
// scripts read and what `headerLanguage: 'english'` writes, and the writer
// looks the translation up here when the export asks for the language of its
// locale. This file lives in main/core because the core may not import the
// renderer's catalogue; test/core/export/csv-headers.test.ts checks it
// covers every language of that catalogue and every header of every export.
// Words follow the page's catalogue (renderer/src/i18n/locales), so a column
// reads as the table's header does.

/** The languages of the app's catalogue, English first (renderer/src/i18n/catalogue.ts LANGUAGES). */
export const CSV_LANGUAGES = ['en', 'pt-BR', 'fr', 'es', 'de', 'ja'] as const
export type CsvLanguage = (typeof CSV_LANGUAGES)[number]
type Translated = Readonly<Record<Exclude<CsvLanguage, 'en'>, string>>

/** 'english': today's headers, stable for scripts; 'locale': in the language of the export's locale (English when the app has none). */
export type CsvHeaderLanguage = 'english' | 'locale'
export const CSV_HEADER_LANGUAGES: readonly CsvHeaderLanguage[] = ['english', 'locale']

/** The word a local-time column in UTC adds, "Time (local, UTC)", so it never shares the UTC column's header. */
export const LOCAL_WORD: Translated = { 'pt-BR': 'local', fr: 'locale', es: 'local', de: 'lokal', ja: 'ローカル' }

/** Each English header and its translations. */
export const CSV_HEADERS: Readonly<Record<string, Translated>> = {
  // Usage, licenses, history and holdings (exports.ts).
  Time: { 'pt-BR': 'Hora', fr: 'Heure', es: 'Hora', de: 'Zeit', ja: '時刻' },
  Machine: { 'pt-BR': 'Máquina', fr: 'Machine', es: 'Máquina', de: 'Maschine', ja: 'マシン' },
  'Product id': { 'pt-BR': 'Id do produto', fr: 'Id du produit', es: 'Id del producto', de: 'Produkt-ID', ja: '製品 ID' },
  Product: { 'pt-BR': 'Produto', fr: 'Produit', es: 'Producto', de: 'Produkt', ja: '製品' },
  Used: { 'pt-BR': 'Em uso', fr: 'Utilisées', es: 'En uso', de: 'Belegt', ja: '使用中' },
  Limit: { 'pt-BR': 'Limite', fr: 'Limite', es: 'Límite', de: 'Limit', ja: '上限' },
  Remaining: { 'pt-BR': 'Restantes', fr: 'Restantes', es: 'Restantes', de: 'Frei', ja: '残り' },
  'Utilization %': { 'pt-BR': 'Utilização %', fr: 'Utilisation %', es: 'Utilización %', de: 'Auslastung %', ja: '使用率 %' },
  Status: { 'pt-BR': 'Situação', fr: 'État', es: 'Estado', de: 'Status', ja: '状態' },
  Stale: { 'pt-BR': 'Desatualizado', fr: 'Périmé', es: 'Desactualizado', de: 'Veraltet', ja: '古いデータ' },
  'Stale since': {
    'pt-BR': 'Desatualizado desde',
    fr: 'Périmé depuis',
    es: 'Desactualizado desde',
    de: 'Veraltet seit',
    ja: '古いデータになった時刻',
  },
  Server: { 'pt-BR': 'Servidor', fr: 'Serveur', es: 'Servidor', de: 'Server', ja: 'サーバー' },
  'Retain id': { 'pt-BR': 'Id da retenção', fr: 'Id de la réservation', es: 'Id de la retención', de: 'Belegungs-ID', ja: '保持 ID' },
  User: { 'pt-BR': 'Usuário', fr: 'Utilisateur', es: 'Usuario', de: 'Benutzer', ja: 'ユーザー' },
  'Session type': { 'pt-BR': 'Tipo de sessão', fr: 'Type de session', es: 'Tipo de sesión', de: 'Sitzungstyp', ja: 'セッションの種類' },
  'Client machine': {
    'pt-BR': 'Máquina cliente',
    fr: 'Poste client',
    es: 'Equipo cliente',
    de: 'Client-Rechner',
    ja: 'クライアントマシン',
  },
  'IP address': { 'pt-BR': 'Endereço IP', fr: 'Adresse IP', es: 'Dirección IP', de: 'IP-Adresse', ja: 'IP アドレス' },
  State: { 'pt-BR': 'Estado', fr: 'État de la session', es: 'Estado de la sesión', de: 'Zustand', ja: 'セッション状態' },
  'Host type': { 'pt-BR': 'Tipo de host', fr: 'Type de poste', es: 'Tipo de equipo', de: 'Host-Typ', ja: 'ホストの種類' },
  'Held since': { 'pt-BR': 'Retida desde', fr: 'Détenue depuis', es: 'Ocupada desde', de: 'Belegt seit', ja: '保持開始' },
  'Period start': {
    'pt-BR': 'Início do período',
    fr: 'Début de la période',
    es: 'Inicio del periodo',
    de: 'Periodenbeginn',
    ja: '期間の開始',
  },
  'Min used': { 'pt-BR': 'Mínimo em uso', fr: 'Utilisées min', es: 'Mínimo en uso', de: 'Min. belegt', ja: '最小使用数' },
  'Avg used': { 'pt-BR': 'Média em uso', fr: 'Utilisées moy', es: 'Media en uso', de: 'Mittel belegt', ja: '平均使用数' },
  'Max used': { 'pt-BR': 'Máximo em uso', fr: 'Utilisées max', es: 'Máximo en uso', de: 'Max. belegt', ja: '最大使用数' },
  'Peak used': { 'pt-BR': 'Pico em uso', fr: 'Pic d’utilisation', es: 'Pico en uso', de: 'Spitze belegt', ja: 'ピーク使用数' },
  'Peak time': { 'pt-BR': 'Hora do pico', fr: 'Heure du pic', es: 'Hora del pico', de: 'Zeit der Spitze', ja: 'ピーク時刻' },
  'Coverage %': { 'pt-BR': 'Cobertura %', fr: 'Couverture %', es: 'Cobertura %', de: 'Abdeckung %', ja: 'カバー率 %' },
  From: { 'pt-BR': 'Início', fr: 'Début', es: 'Desde', de: 'Beginn', ja: '開始' },
  'From given by': { 'pt-BR': 'Início dado por', fr: 'Début donné par', es: 'Inicio según', de: 'Beginn laut', ja: '開始の根拠' },
  To: { 'pt-BR': 'Fim', fr: 'Fin', es: 'Hasta', de: 'Ende', ja: '終了' },
  'Duration (minutes)': {
    'pt-BR': 'Duração (minutos)',
    fr: 'Durée (minutes)',
    es: 'Duración (minutos)',
    de: 'Dauer (Minuten)',
    ja: '期間 (分)',
  },
  'End reason': { 'pt-BR': 'Motivo do fim', fr: 'Motif de fin', es: 'Motivo del fin', de: 'Endegrund', ja: '終了理由' },
  // Capacity exports (main/core/capacity/capacity-csv.ts).
  'Product ID': { 'pt-BR': 'Id do produto', fr: 'Id du produit', es: 'Id del producto', de: 'Produkt-ID', ja: '製品 ID' },
  Day: { 'pt-BR': 'Dia', fr: 'Jour', es: 'Día', de: 'Tag', ja: '日付' },
  'Daily peak': { 'pt-BR': 'Pico do dia', fr: 'Pic du jour', es: 'Pico del día', de: 'Tagesspitze', ja: '日次ピーク' },
  'Peak / limit': { 'pt-BR': 'Pico / limite', fr: 'Pic / limite', es: 'Pico / límite', de: 'Spitze / Limit', ja: 'ピーク / 上限' },
  'License-hours': { 'pt-BR': 'Licenças-hora', fr: 'Licences-heures', es: 'Licencias-hora', de: 'Lizenzstunden', ja: 'ライセンス時間' },
  'Peak concurrent licenses': {
    'pt-BR': 'Pico de licenças simultâneas',
    fr: 'Pic de licences simultanées',
    es: 'Pico de licencias simultáneas',
    de: 'Spitze gleichzeitiger Lizenzen',
    ja: '同時使用ライセンスのピーク',
  },
  'First seen': {
    'pt-BR': 'Vista pela primeira vez',
    fr: 'Vu la première fois',
    es: 'Visto por primera vez',
    de: 'Zuerst gesehen',
    ja: '初回確認',
  },
  'Last seen': {
    'pt-BR': 'Vista pela última vez',
    fr: 'Vu la dernière fois',
    es: 'Visto por última vez',
    de: 'Zuletzt gesehen',
    ja: '最終確認',
  },
  Holdings: { 'pt-BR': 'Retenções', fr: 'Réservations', es: 'Retenciones', de: 'Belegungen', ja: '保持回数' },
  Group: { 'pt-BR': 'Grupo', fr: 'Groupe', es: 'Grupo', de: 'Gruppe', ja: 'グループ' },
}

/**
 * The app's language for a BCP 47 locale: the exact tag, then the same base
 * language (pt-PT writes Brazilian Portuguese, fr-CA French), else English;
 * the rule of the page's language menu (catalogue.ts matchLanguage).
 */
export function csvLanguage(locale: string | undefined): CsvLanguage {
  if (locale === undefined) return 'en'
  const lower = locale.toLowerCase()
  const exact = CSV_LANGUAGES.find((language) => language.toLowerCase() === lower)
  if (exact) return exact
  const base = lower.split(/[-_]/)[0]
  return CSV_LANGUAGES.find((language) => language.toLowerCase().split('-')[0] === base) ?? 'en'
}

/** A column's header in a language; a header this catalogue does not know stays English (the completeness test keeps that from happening). */
export function translateHeader(english: string, language: CsvLanguage): string {
  if (language === 'en') return english
  return Object.hasOwn(CSV_HEADERS, english) ? (CSV_HEADERS[english]?.[language] ?? english) : english
}

/** "local" in a language, for the header of a local-time column written in UTC. */
export function localWord(language: CsvLanguage): string {
  return language === 'en' ? 'local' : LOCAL_WORD[language]
}
