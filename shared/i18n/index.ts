import i18next, { type i18n as I18n } from 'i18next';
import type { QivoErrorData } from '../errors';
import type { Language } from '../ipc/system-contract';
import type { FeatureMessages, MessageTree } from './message-types';
import { commonErrorMessages, commonMessages } from './messages/common';
import { complianceMessages } from './messages/compliance';
import { exportsMessages } from './messages/exports';
import { flagsMessages } from './messages/flags';
import { metricsMessages } from './messages/metrics';
import { officialMessages } from './messages/official';
import { reportsMessages } from './messages/reports';
import { trsMessages } from './messages/trs';
import { updateMessages } from './messages/update';

export const LANGUAGES: readonly Language[] = ['pt-BR', 'en'];
export const DEFAULT_LANGUAGE: Language = 'pt-BR';

const ALL_FEATURE_MESSAGES: FeatureMessages[] = [
  commonMessages,
  commonErrorMessages,
  reportsMessages,
  flagsMessages,
  officialMessages,
  trsMessages,
  complianceMessages,
  exportsMessages,
  metricsMessages,
  updateMessages,
];

function deepMerge(target: MessageTree, source: MessageTree, path: string): MessageTree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'string') {
      if (existing !== undefined) throw new Error(`duplicate translation key ${path}${key}`);
      target[key] = value;
    } else {
      if (typeof existing === 'string') throw new Error(`translation key ${path}${key} is both a string and a group`);
      target[key] = deepMerge(existing ?? {}, value, `${path}${key}.`);
    }
  }
  return target;
}

export function buildResources(messages: FeatureMessages[] = ALL_FEATURE_MESSAGES): Record<Language, MessageTree> {
  const en: MessageTree = {};
  const pt: MessageTree = {};
  for (const m of messages) {
    deepMerge(en, m.en, '');
    deepMerge(pt, m['pt-BR'], '');
  }
  return { en, 'pt-BR': pt };
}

export const resources = buildResources();

export function normalizeLanguage(value: string | undefined | null): Language {
  if (!value) return DEFAULT_LANGUAGE;
  const v = value.toLowerCase();
  if (v.startsWith('pt')) return 'pt-BR';
  if (v.startsWith('en')) return 'en';
  return DEFAULT_LANGUAGE;
}

/** A ready i18next instance (synchronous init: resources are bundled, nothing is fetched). */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: resources.en }, 'pt-BR': { translation: resources['pt-BR'] } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function createTranslator(language: Language): Translate {
  const instance = createI18n(language);
  return (key, params): string => instance.t(key, params ?? {});
}

/** One sentence for an error in the user's language; falls back to the English message for unknown codes. */
export function translateError(t: Translate, error: Pick<QivoErrorData, 'code' | 'message' | 'params'>): string {
  const key = `errors.${error.code}`;
  const text = t(key, { ...(error.params ?? {}), defaultValue: '' });
  return text && text !== key ? text : error.message;
}
