import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, resources, translateError } from '../shared/i18n';
import type { QivoError } from '../shared/errors';
import type { Language } from '../shared/ipc/system-contract';

// The same strings as the CLI (shared/i18n); initialised synchronously, nothing fetched.
void i18next.use(initReactI18next).init({
  lng: DEFAULT_LANGUAGE,
  fallbackLng: 'en',
  resources: { en: { translation: resources.en }, 'pt-BR': { translation: resources['pt-BR'] } },
  interpolation: { escapeValue: false },
  initAsync: false,
});

export function applyLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** A translated sentence for any error thrown by the client. */
export function errorText(error: unknown): string {
  const t = (key: string, params?: Record<string, unknown>) => i18next.t(key, params ?? {});
  if (error && typeof error === 'object' && 'code' in error) return translateError(t, error as QivoError);
  return error instanceof Error ? error.message : String(error);
}

export { i18next };
