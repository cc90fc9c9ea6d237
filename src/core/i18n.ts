/**
 * Language choice and the message catalog.
 *
 * Every user-facing sentence of a finding lives in a catalog entry keyed by the finding id, with
 * one set of messages per language and `{name}` placeholders filled from the finding's params.
 * Each capability declares its own entries next to its code (`defineMessages`); `src/catalog.ts`
 * gathers them. `--json` carries the same ids, severities and evidence in every language; only
 * the rendered sentences differ.
 */
import { defineErrors, internalError, optionError } from './errors.js';
import type { Finding, LocalizedFinding, Params, ParamValue } from './findings.js';

const E = defineErrors('i18n', {
  unknownLang: {
    en: 'unknown language "{lang}" (choose one of: {langs})',
    ja: '言語「{lang}」には対応していません（{langs} のいずれかを指定してください）',
  },
});

export const LANGS = ['en', 'ja'] as const;
export type Lang = (typeof LANGS)[number];

export interface Messages {
  readonly title: string;
  readonly detail?: string;
  readonly fix?: string;
}

export type CatalogEntry = Readonly<Record<Lang, Messages>>;
export type MessageCatalog = Readonly<Record<string, CatalogEntry>>;

/** Declares a capability's catalog entries; the type demands every language for every id. */
export function defineMessages<const T extends Record<string, CatalogEntry>>(entries: T): T {
  return entries;
}

/** Merges capability catalogs into one, refusing an id declared twice. */
export function mergeCatalogs(...parts: MessageCatalog[]): MessageCatalog {
  const all: Record<string, CatalogEntry> = {};
  for (const part of parts) {
    for (const [id, entry] of Object.entries(part)) {
      if (id in all) throw internalError(`finding id declared twice in the message catalogs: ${id}`);
      all[id] = entry;
    }
  }
  return all;
}

/**
 * The language to render in: `--lang` wins, then the POSIX order LC_ALL, LC_MESSAGES, LANG.
 * `ja`, `ja_JP.UTF-8` and the like select Japanese; anything else English.
 */
export function chooseLang(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Lang {
  if (flag !== undefined) {
    const l = flag.toLowerCase();
    if ((LANGS as readonly string[]).includes(l)) return l as Lang;
    throw optionError(E.unknownLang, 'lang', { lang: flag, langs: LANGS.join(', ') });
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja([_.@-]|$)/i.test(locale) ? 'ja' : 'en';
}

function paramText(v: ParamValue, lang: Lang): string {
  if (Array.isArray(v)) return v.join(lang === 'ja' ? '、' : ', ');
  if (typeof v === 'object') return (v as { en: string; ja: string })[lang];
  return String(v);
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** Fills `{name}` placeholders; a missing parameter is a programming error and says so. */
export function formatMessage(template: string, params: Params | undefined, lang: Lang, id = ''): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw internalError(`message ${id}: parameter {${name}} was not given`);
    return paramText(v, lang);
  });
}

/** The placeholder names a template uses (the catalog test compares them across languages). */
export function placeholders(template: string | undefined): string[] {
  if (template === undefined) return [];
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string).sort();
}

/** Renders a finding's sentences in `lang` from `catalog`. */
export function localize(f: Finding, catalog: MessageCatalog, lang: Lang): LocalizedFinding {
  const entry = catalog[f.id];
  if (entry === undefined) throw internalError(`finding ${f.id} has no entry in the message catalog`);
  const m = entry[lang];
  const out: { -readonly [K in keyof LocalizedFinding]: LocalizedFinding[K] } = {
    id: f.id,
    severity: f.severity,
    title: formatMessage(m.title, f.params, lang, f.id),
  };
  if (m.detail !== undefined) out.detail = formatMessage(m.detail, f.params, lang, f.id);
  if (m.fix !== undefined) out.fix = formatMessage(m.fix, f.params, lang, f.id);
  if (f.evidence !== undefined) out.evidence = f.evidence;
  return out;
}
